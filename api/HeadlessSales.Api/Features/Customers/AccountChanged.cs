using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Customers;

public enum AccountChangeKind
{
    Created,
    Updated,
    Archived,
}

public sealed record AccountChanged(long TenantId, long AccountId, AccountChangeKind Kind, DateTime OccurredAt) : IDomainEvent;
