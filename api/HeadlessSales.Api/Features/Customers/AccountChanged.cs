using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Customers;

public enum AccountChangeKind
{
    Created,
    Updated,
    Archived,
}

/// <param name="OwnerId">The account's owner after the change: who sees the event follows who sees the account.</param>
public sealed record AccountChanged(long TenantId, long AccountId, long? OwnerId, AccountChangeKind Kind, DateTime OccurredAt) : IDomainEvent;

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
