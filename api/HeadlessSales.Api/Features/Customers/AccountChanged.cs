using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Customers;

public enum AccountChangeKind
{
    Created,
    Updated,
    Archived,
}

/// <param name="OwnerId">The account's owner after the change: who sees the event follows who sees the account.</param>
public sealed record AccountChanged(long TenantId, long AccountId, long? OwnerId, AccountChangeKind Kind, DateTime OccurredAt) : IDomainEvent;
