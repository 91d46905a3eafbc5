using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>An opportunity was opened in a stage or moved to another; <see cref="FromStageId"/> is null when it was opened.</summary>
public sealed record OpportunityStageChanged(long TenantId, long OpportunityId, long OwnerId, long? FromStageId, long ToStageId, StageEntryKind Kind, DateTime OccurredAt) : IDomainEvent;
