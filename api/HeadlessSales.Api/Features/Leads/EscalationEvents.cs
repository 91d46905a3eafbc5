using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>
/// An escalation reached someone: raised to the first step of the chain when a deadline was missed
/// (<see cref="Step"/> 0), or climbed to the next step while nobody acknowledged it.
/// </summary>
public sealed record EscalationRaised(long TenantId, long EscalationId, long LeadId, long? LeadOwnerId, long? TargetMemberId, long? TeamId, long? RegionId,
    EscalationLevel Level, DateTime OccurredAt, int Step = 0) : IDomainEvent;
