using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

public enum LeadOrderField
{
    CreatedAt,
    UpdatedAt,
    Name,
}

public sealed class LeadOrderFieldType : EnumerationGraphType<LeadOrderField>
{
    public LeadOrderFieldType() => Name = "LeadOrderField";
}

public sealed class LeadOrderType() : OrderInputType<LeadOrderFieldType>("LeadOrder", "How leads are ordered.");

public sealed class LeadFilterType : InputObjectGraphType
{
    public LeadFilterType()
    {
        Name = "LeadFilter";
        Description = "All given conditions must hold.";
        Field<ListGraphType<NonNullGraphType<LeadStatusType>>>("statuses");
        Field<ListGraphType<NonNullGraphType<LeadSourceType>>>("sources");
        Field<ListGraphType<NonNullGraphType<IndustryType>>>("industries");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("provinces");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("ownerIds").Description("Leads owned by any of these members.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("teamIds").Description("Leads in the queue of any of these teams.");
        Field<BooleanGraphType>("duplicate").Description("True: only leads linked to an earlier one; false: only originals.");
        Field<StringGraphType>("productInterest").Description("Leads that asked about this product code.");
        Field<StringGraphType>("search").Description("Part of the name, company, phone or email.");
        this.AddCustomFieldConditions();
    }
}

public sealed class LeadsQueries : IQueryFields
{
    private static readonly Dictionary<LeadOrderField, Func<bool, SortOrder<Lead>>> LeadOrders = new()
    {
        [LeadOrderField.CreatedAt] = desc => SortOrder<Lead>.By("createdAt", l => l.CreatedAt, desc),
        [LeadOrderField.UpdatedAt] = desc => SortOrder<Lead>.By("updatedAt", l => l.UpdatedAt, desc),
        [LeadOrderField.Name] = desc => SortOrder<Lead>.By("name", l => l.Name, desc),
    };

    // What each LeadType field reads: the page selects only these columns when the document asks for nothing else
    // (custom fields, scripts, duplicates and other modules' fields read whole rows).
    private static readonly NodeColumns<Lead> LeadColumns = new(
        ("name", l => l.Name),
        ("company", l => l.Company),
        ("phone", l => l.Phone),
        ("email", l => l.Email),
        ("industry", l => l.Industry),
        ("province", l => l.Province),
        ("source", l => l.Source),
        ("productInterests", l => l.ProductInterests),
        ("estimatedSize", l => l.EstimatedSize),
        ("status", l => l.Status),
        ("owner", l => l.OwnerId),
        ("team", l => l.TeamId),
        ("assignedAt", l => l.AssignedAt),
        ("firstRespondedAt", l => l.FirstRespondedAt),
        ("firstResponseOutcome", l => l.FirstResponseOutcome),
        ("assignmentRule", l => l.AssignmentRuleId),
        ("convertedAt", l => l.ConvertedAt),
        ("convertedAccount", l => l.ConvertedAccountId),
        ("convertedContact", l => l.ConvertedContactId),
        ("createdAt", l => l.CreatedAt),
        ("updatedAt", l => l.UpdatedAt));

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<LeadType>>>("leads")
            .Authorize(Scopes.SalesRead)
            .Description("Leads the caller may see: a rep their own, a team lead the team's, a region manager the region's.")
            .PagingArguments()
            .Argument<LeadFilterType>("where")
            .Argument<LeadOrderType>("order")
            .Argument<CustomFieldOrderInputType>(CustomFieldQuerying.OrderArgument)
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var (leads, order) = await ctx.ApplyCustomFieldsAsync(db, CustomFieldEntity.Lead, Filter(db.Leads.AsNoTracking(), new FilterArguments(ctx)), ctx.GetOrder(LeadOrders));
                var connection = await leads.ToConnectionAsync(order, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken, LeadColumns.For(ctx, order));
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<ProductType>>>("products")
            .Authorize(Scopes.SalesRead)
            .Description("The product catalog, by code.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.Products.AsNoTracking()
                    .ToConnectionAsync(SortOrder<Product>.By("code", p => p.Code), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        AddRoutingFields(query);
    }

    private static void AddRoutingFields(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<AssignmentRuleType>>>("assignmentRules")
            .Authorize(Scopes.SalesRead)
            .Description("Lead routing rules in the order they are tried.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.AssignmentRules.AsNoTracking()
                    .ToConnectionAsync(SortOrder<AssignmentRule>.By("position", r => r.Position), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<ScriptTemplateType>>>("scriptTemplates")
            .Authorize(Scopes.SalesRead)
            .Description("First-call script templates.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.ScriptTemplates.AsNoTracking()
                    .ToConnectionAsync(SortOrder<ScriptTemplate>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<LeadRoutingSettingsType>>("leadRoutingSettings")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's routing defaults.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await db.LeadRoutingSettings.AsNoTracking().FirstOrDefaultAsync(ctx.CancellationToken) ?? new LeadRoutingSettings { TenantId = db.CurrentTenantId };
            });
    }

    private static IQueryable<Lead> Filter(IQueryable<Lead> leads, FilterArguments filter)
    {
        if (filter.List<LeadStatus>("statuses") is { } statuses)
        {
            leads = leads.Where(l => statuses.Contains(l.Status));
        }

        if (filter.List<LeadSource>("sources") is { } sources)
        {
            leads = leads.Where(l => sources.Contains(l.Source));
        }

        if (filter.List<Industry>("industries") is { } industries)
        {
            leads = leads.Where(l => industries.Contains(l.Industry));
        }

        if (filter.List<string>("provinces") is { } provinces)
        {
            leads = leads.Where(l => l.Province != null && provinces.Contains(l.Province));
        }

        if (filter.Ids("ownerIds", "Member") is { } ownerIds)
        {
            leads = leads.Where(l => l.OwnerId != null && ownerIds.Contains(l.OwnerId.Value));
        }

        if (filter.Ids("teamIds", "Team") is { } teamIds)
        {
            leads = leads.Where(l => l.TeamId != null && teamIds.Contains(l.TeamId.Value));
        }

        if (filter.Get<bool?>("duplicate") is { } duplicate)
        {
            leads = duplicate ? leads.Where(l => l.DuplicateOfId != null) : leads.Where(l => l.DuplicateOfId == null);
        }

        if (filter.Text("productInterest") is { } product)
        {
            var code = product.ToUpperInvariant();
            leads = leads.Where(l => l.ProductInterests.Contains(code));
        }

        if (filter.Text("search") is { } search)
        {
            var pattern = OrderingExtensions.ContainsPattern(search);
            leads = leads.Where(l => EF.Functions.Like(l.Name, pattern, "\\") || EF.Functions.Like(l.Company!, pattern, "\\")
                || EF.Functions.Like(l.Phone!, pattern, "\\") || EF.Functions.Like(l.Email!, pattern, "\\"));
        }

        return leads;
    }
}
