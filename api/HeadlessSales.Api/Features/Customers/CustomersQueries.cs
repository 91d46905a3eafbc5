using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.CustomFields;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Customers;

public enum AccountOrderField
{
    Name,
    CreatedAt,
    UpdatedAt,
}

public enum ContactOrderField
{
    Name,
    CreatedAt,
}

public sealed class AccountOrderFieldType : EnumerationGraphType<AccountOrderField>
{
    public AccountOrderFieldType() => Name = "AccountOrderField";
}

public sealed class ContactOrderFieldType : EnumerationGraphType<ContactOrderField>
{
    public ContactOrderFieldType() => Name = "ContactOrderField";
}

public sealed class AccountOrderType() : OrderInputType<AccountOrderFieldType>("AccountOrder", "How accounts are ordered.");

public sealed class ContactOrderType() : OrderInputType<ContactOrderFieldType>("ContactOrder", "How contacts are ordered.");

public sealed class AccountFilterType : InputObjectGraphType
{
    public AccountFilterType()
    {
        Name = "AccountFilter";
        Description = "All given conditions must hold.";
        Field<ListGraphType<NonNullGraphType<IndustryType>>>("industries").Description("Accounts in any of these industries.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("subSegments").Description("Accounts in any of these sub-segments, e.g. 光伏.");
        Field<ListGraphType<NonNullGraphType<OwnershipTypeType>>>("ownerships");
        Field<ListGraphType<NonNullGraphType<CompanySizeType>>>("sizes");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("provinces");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("ownerIds").Description("Accounts owned by any of these members.");
        Field<BooleanGraphType>("archived").Description("Archived accounts are left out unless this is true.").DefaultValue(false);
        Field<StringGraphType>("search").Description("Part of the name.");
        this.AddCustomFieldConditions();
    }
}

public sealed class ContactFilterType : InputObjectGraphType
{
    public ContactFilterType()
    {
        Name = "ContactFilter";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("accountIds");
        Field<ListGraphType<NonNullGraphType<DecisionRoleType>>>("decisionRoles");
        Field<StringGraphType>("search").Description("Part of the name, phone or email.");
        this.AddCustomFieldConditions();
    }
}

public sealed class CustomersQueries : IQueryFields
{
    private static readonly Dictionary<AccountOrderField, Func<bool, SortOrder<Account>>> AccountOrders = new()
    {
        [AccountOrderField.Name] = desc => SortOrder<Account>.By("name", a => a.Name, desc),
        [AccountOrderField.CreatedAt] = desc => SortOrder<Account>.By("createdAt", a => a.CreatedAt, desc),
        [AccountOrderField.UpdatedAt] = desc => SortOrder<Account>.By("updatedAt", a => a.UpdatedAt, desc),
    };

    private static readonly Dictionary<ContactOrderField, Func<bool, SortOrder<Contact>>> ContactOrders = new()
    {
        [ContactOrderField.Name] = desc => SortOrder<Contact>.By("name", c => c.Name, desc),
        [ContactOrderField.CreatedAt] = desc => SortOrder<Contact>.By("createdAt", c => c.CreatedAt, desc),
    };

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<AccountType>>>("accounts")
            .Authorize(Scopes.SalesRead)
            .Description("Customer companies.")
            .PagingArguments()
            .Argument<AccountFilterType>("where")
            .Argument<AccountOrderType>("order")
            .Argument<CustomFieldOrderInputType>(CustomFieldQuerying.OrderArgument)
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var (accounts, order) = await ctx.ApplyCustomFieldsAsync(db, CustomFieldEntity.Account, Filter(db.Accounts.AsNoTracking(), new FilterArguments(ctx)), ctx.GetOrder(AccountOrders));
                var connection = await accounts.ToConnectionAsync(order, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<ContactType>>>("contacts")
            .Authorize(Scopes.SalesRead)
            .Description("People at customer companies.")
            .PagingArguments()
            .Argument<ContactFilterType>("where")
            .Argument<ContactOrderType>("order")
            .Argument<CustomFieldOrderInputType>(CustomFieldQuerying.OrderArgument)
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var contacts = db.Contacts.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Ids("accountIds", "Account") is { } accountIds)
                {
                    contacts = contacts.Where(c => accountIds.Contains(c.AccountId));
                }

                if (filter.List<DecisionRole>("decisionRoles") is { } roles)
                {
                    contacts = contacts.Where(c => roles.Contains(c.DecisionRole));
                }

                if (filter.Text("search") is { } search)
                {
                    var pattern = OrderingExtensions.ContainsPattern(search);
                    contacts = contacts.Where(c => EF.Functions.Like(c.Name, pattern, "\\") || EF.Functions.Like(c.Phone!, pattern, "\\") || EF.Functions.Like(c.Email!, pattern, "\\"));
                }

                var (filtered, order) = await ctx.ApplyCustomFieldsAsync(db, CustomFieldEntity.Contact, contacts, ctx.GetOrder(ContactOrders));
                var connection = await filtered.ToConnectionAsync(order, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    private static IQueryable<Account> Filter(IQueryable<Account> accounts, FilterArguments filter)
    {
        if (filter.List<Industry>("industries") is { } industries)
        {
            accounts = accounts.Where(a => industries.Contains(a.Industry));
        }

        if (filter.List<string>("subSegments") is { } subSegments)
        {
            accounts = accounts.Where(a => a.SubSegment != null && subSegments.Contains(a.SubSegment));
        }

        if (filter.List<OwnershipType>("ownerships") is { } ownerships)
        {
            accounts = accounts.Where(a => ownerships.Contains(a.Ownership));
        }

        if (filter.List<CompanySize>("sizes") is { } sizes)
        {
            accounts = accounts.Where(a => sizes.Contains(a.Size));
        }

        if (filter.List<string>("provinces") is { } provinces)
        {
            accounts = accounts.Where(a => a.Province != null && provinces.Contains(a.Province));
        }

        if (filter.Ids("ownerIds", "Member") is { } ownerIds)
        {
            accounts = accounts.Where(a => a.OwnerId != null && ownerIds.Contains(a.OwnerId.Value));
        }

        if (filter.Get<bool?>("archived") is not true)
        {
            accounts = accounts.Where(a => !a.Archived);
        }

        if (filter.Text("search") is { } search)
        {
            var pattern = OrderingExtensions.ContainsPattern(search);
            accounts = accounts.Where(a => EF.Functions.Like(a.Name, pattern, "\\"));
        }

        return accounts;
    }
}
