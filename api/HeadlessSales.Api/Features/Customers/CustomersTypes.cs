using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.Values;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Customers;

public sealed class IndustryType : EnumerationGraphType<Industry>
{
    public IndustryType()
    {
        Name = "Industry";
        Description = "The customer's industry; `subSegment` refines it (e.g. 光伏 and 风电 inside NEW_ENERGY).";
    }
}

public sealed class OwnershipTypeType : EnumerationGraphType<OwnershipType>
{
    public OwnershipTypeType()
    {
        Name = "OwnershipType";
        Description = "Who owns the customer, e.g. STATE_OWNED for an SOE.";
    }
}

public sealed class CompanySizeType : EnumerationGraphType<CompanySize>
{
    public CompanySizeType()
    {
        Name = "CompanySize";
        Description = "Head-count band: MICRO < 20, SMALL < 300, MEDIUM < 1,000, LARGE < 10,000, ENTERPRISE beyond.";
    }
}

public sealed class DecisionRoleType : EnumerationGraphType<DecisionRole>
{
    public DecisionRoleType()
    {
        Name = "DecisionRole";
        Description = "The part a contact plays in the customer's buying decision.";
    }
}

public sealed class AccountType : NodeType<Account>
{
    public AccountType() : base("Account", "A customer company.")
    {
        this.AddCustomFields(CustomFieldEntity.Account);
        Field(a => a.Name);
        Field(a => a.Industry, type: typeof(NonNullGraphType<IndustryType>));
        Field(a => a.SubSegment, nullable: true).Description("Finer segment inside the industry, e.g. 光伏.");
        Field(a => a.Ownership, type: typeof(NonNullGraphType<OwnershipTypeType>));
        Field(a => a.Size, type: typeof(NonNullGraphType<CompanySizeType>));
        Field(a => a.Province, nullable: true);
        Field(a => a.City, nullable: true);
        Field<MoneyType>("annualRevenue")
            .Resolve(ctx => ctx.Source.AnnualRevenueAmount is { } amount && ctx.Source.AnnualRevenueCurrency is { } currency ? new Money(amount, currency) : null);
        Field<MemberType>("owner")
            .Description("The member responsible for the account.")
            .Resolve(ctx => ctx.Source.OwnerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<NonNullGraphType<ConnectionType<ContactType>>>("contacts")
            .Description("The account's contacts, oldest first.")
            .PagingArguments()
            .Resolve(ResolveContacts);
        Field(a => a.Archived).Description("Archived accounts are kept for history and hidden from default lists.");
        Field(a => a.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(a => a.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }

    /// <summary>
    /// The first page of many accounts' contacts is batched into one query; other pages (after a
    /// cursor, or from the end) are asked for one account at a time and take a keyset query of their own.
    /// </summary>
    private static IDataLoaderResult<Connection<object>> ResolveContacts(IResolveFieldContext<Account> ctx)
    {
        var page = ctx.GetPageRequest();
        var services = ctx.RequestServices!;
        var accountId = ctx.Source.Id;
        var includeTotal = ctx.SelectsTotalCount();
        if (page is { After: null, Before: null, Last: null, First: not < 0 } && page.Size < ContactsByAccountIdDataLoader.BatchedPageSize)
        {
            // Queue both keys now, while the sibling resolvers queue theirs; await only when the batch runs.
            var contacts = services.DataLoader<ContactsByAccountIdDataLoader>().LoadAsync(accountId);
            var total = includeTotal ? services.DataLoader<ContactCountByAccountIdDataLoader>().LoadAsync(accountId) : null;
            return new DeferredResult<Connection<object>>(async cancellationToken =>
            {
                var rows = await contacts.GetResultAsync(cancellationToken) ?? [];
                int? totalCount = total is null ? null : await total.GetResultAsync(cancellationToken);
                var order = SortOrder<Contact>.ById();
                var edges = rows.Take(page.Size).Select(c => new Edge<object>(KeysetPagination.EncodeCursor(order, c), c)).ToList();
                return new Connection<object>
                {
                    Edges = edges,
                    PageInfo = new PageInfo(rows.Count > page.Size, false, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor),
                    TotalCount = totalCount,
                };
            });
        }

        return new DeferredResult<Connection<object>>(async cancellationToken =>
        {
            await using var db = services.GetRequiredService<SalesDbContextFactory>().Create();
            var connection = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId)
                .ToConnectionAsync(SortOrder<Contact>.ById(), page, includeTotal, cancellationToken);
            return connection.Erase();
        });
    }
}

public sealed class ContactType : NodeType<Contact>
{
    public ContactType() : base("Contact", "A person at a customer, placed in the decision chain.")
    {
        this.AddCustomFields(CustomFieldEntity.Contact);
        Field(c => c.Name);
        Field(c => c.Title, nullable: true).Description("Job title, e.g. 采购总监.");
        Field(c => c.Phone, nullable: true);
        Field(c => c.Email, nullable: true);
        Field(c => c.DecisionRole, type: typeof(NonNullGraphType<DecisionRoleType>));
        Field<NonNullGraphType<AccountType>>("account")
            .Resolve(ctx => ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(ctx.Source.AccountId));
        Field<ContactType>("reportsTo")
            .Description("Whom this contact reports to in the decision chain.")
            .Resolve(ctx => ctx.Source.ReportsToId is { } id ? ctx.DataLoader<ContactByIdDataLoader>().LoadAsync(id) : null);
        Field(c => c.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(c => c.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class AccountChangeKindType : EnumerationGraphType<AccountChangeKind>
{
    public AccountChangeKindType() => Name = "AccountChangeKind";
}

public sealed class AccountChangedEventType : ObjectGraphType<AccountChanged>
{
    public AccountChangedEventType()
    {
        Name = "AccountChangedEvent";
        Description = "An account was created, changed or archived.";
        Field(e => e.Kind, type: typeof(NonNullGraphType<AccountChangeKindType>));
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(ctx => GlobalId.Encode("Account", ctx.Source.AccountId));
        Field<AccountType>("account")
            .Description("The account as it is now, loaded when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(ctx.Source.AccountId));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}
