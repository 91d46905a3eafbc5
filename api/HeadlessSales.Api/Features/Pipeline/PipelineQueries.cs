using GraphQL.Types;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Pipeline;

public enum OpportunityOrderField
{
    CreatedAt,
    UpdatedAt,
    Name,
    StageEnteredAt,
}

public sealed class OpportunityOrderFieldType : EnumerationGraphType<OpportunityOrderField>
{
    public OpportunityOrderFieldType() => Name = "OpportunityOrderField";
}

public sealed class OpportunityOrderType() : OrderInputType<OpportunityOrderFieldType>("OpportunityOrder", "How opportunities are ordered.");

public sealed class OpportunityFilterType : InputObjectGraphType
{
    public OpportunityFilterType()
    {
        Name = "OpportunityFilter";
        Description = "All given conditions must hold.";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("ownerIds").Description("Opportunities owned by any of these members.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("accountIds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("pipelineIds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("stageIds").Description("Opportunities now in any of these stages.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("stageCodes").Description("Opportunities now in a stage with any of these codes, e.g. QUOTATION.");
        Field<DateOnlyGraphType>("expectedCloseFrom").Description("Expected to close on or after this date.");
        Field<DateOnlyGraphType>("expectedCloseTo").Description("Expected to close on or before this date.");
        Field<StringGraphType>("search").Description("Part of the name.");
        this.AddCustomFieldConditions();
    }
}

public sealed class PipelineQueries : IQueryFields
{
    private static readonly Dictionary<OpportunityOrderField, Func<bool, SortOrder<Opportunity>>> Orders = new()
    {
        [OpportunityOrderField.CreatedAt] = desc => SortOrder<Opportunity>.By("createdAt", o => o.CreatedAt, desc),
        [OpportunityOrderField.UpdatedAt] = desc => SortOrder<Opportunity>.By("updatedAt", o => o.UpdatedAt, desc),
        [OpportunityOrderField.Name] = desc => SortOrder<Opportunity>.By("name", o => o.Name, desc),
        [OpportunityOrderField.StageEnteredAt] = desc => SortOrder<Opportunity>.By("stageEnteredAt", o => o.StageEnteredAt, desc),
    };

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<OpportunityType>>>("opportunities")
            .Authorize(Scopes.SalesRead)
            .Description("Opportunities the caller may see: a rep their own, a team lead the team's, a region manager the region's, ops and admins the tenant's.")
            .PagingArguments()
            .Argument<OpportunityFilterType>("where")
            .Argument<OpportunityOrderType>("order")
            .Argument<CustomFieldOrderInputType>(CustomFieldQuerying.OrderArgument)
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var (opportunities, order) = await ctx.ApplyCustomFieldsAsync(db, CustomFieldEntity.Opportunity, Filter(db, db.Opportunities.AsNoTracking(), new FilterArguments(ctx)), ctx.GetOrder(Orders));
                var connection = await opportunities.ToConnectionAsync(order, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<SalesPipelineType>>>("pipelines")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's pipelines, by code. A tenant without one gets the default pipeline on its first opportunity.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.Pipelines.AsNoTracking()
                    .ToConnectionAsync(SortOrder<SalesPipeline>.By("code", p => p.Code), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    private static IQueryable<Opportunity> Filter(SalesDbContext db, IQueryable<Opportunity> opportunities, FilterArguments filter)
    {
        if (filter.Ids("ownerIds", "Member") is { } ownerIds)
        {
            opportunities = opportunities.Where(o => ownerIds.Contains(o.OwnerId));
        }

        if (filter.Ids("accountIds", "Account") is { } accountIds)
        {
            opportunities = opportunities.Where(o => accountIds.Contains(o.AccountId));
        }

        if (filter.Ids("pipelineIds", "SalesPipeline") is { } pipelineIds)
        {
            opportunities = opportunities.Where(o => pipelineIds.Contains(o.PipelineId));
        }

        if (filter.Ids("stageIds", "PipelineStage") is { } stageIds)
        {
            opportunities = opportunities.Where(o => stageIds.Contains(o.StageId));
        }

        if (filter.List<string>("stageCodes") is { } stageCodes)
        {
            opportunities = opportunities.Where(o => db.Set<PipelineStage>().Any(s => s.Id == o.StageId && stageCodes.Contains(s.Code)));
        }

        if (filter.Get<DateOnly?>("expectedCloseFrom") is { } from)
        {
            opportunities = opportunities.Where(o => o.ExpectedCloseDate != null && o.ExpectedCloseDate >= from);
        }

        if (filter.Get<DateOnly?>("expectedCloseTo") is { } to)
        {
            opportunities = opportunities.Where(o => o.ExpectedCloseDate != null && o.ExpectedCloseDate <= to);
        }

        if (filter.Text("search") is { } search)
        {
            var pattern = OrderingExtensions.ContainsPattern(search);
            opportunities = opportunities.Where(o => EF.Functions.Like(o.Name, pattern, "\\"));
        }

        return opportunities;
    }
}
