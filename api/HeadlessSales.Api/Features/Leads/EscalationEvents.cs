using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A missed deadline was escalated to the next person in the chain.</summary>
public sealed record EscalationRaised(long TenantId, long EscalationId, long LeadId, long? LeadOwnerId, long? TargetMemberId, long? TeamId, long? RegionId, EscalationLevel Level, DateTime OccurredAt) : IDomainEvent;
