using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Contracts;

/// <summary>The e-signature provider reported a contract signed.</summary>
public sealed record ContractSigned(long TenantId, long ContractId, long OwnerId, long AccountId, DateTime SignedAt, DateTime OccurredAt) : IDomainEvent;

/// <summary>Money was recorded against a contract (回款).</summary>
public sealed record CollectionRecorded(long TenantId, long CollectionId, long ContractId, long OwnerId, DateOnly ReceivedOn, DateTime OccurredAt) : IDomainEvent;
