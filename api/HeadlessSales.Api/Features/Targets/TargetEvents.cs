using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>
/// A region's process baseline was calibrated: sent to the people whose targets took the new goal, and to those who see the region.
/// Carries what changed, so that a rep whose goal moved sees it without seeing the region's whole history.
/// </summary>
public sealed record TargetCalibrated(
    long TenantId, long CalibrationId, long RegionId, long? RegionManagerId, IReadOnlyList<long> AffectedMemberIds,
    TargetMetricKind MetricKind, string? ProcessMetric, decimal? Before, decimal After, CalibrationReason Reason, string ReasonText, DateOnly EffectiveFrom,
    DateTime OccurredAt) : IDomainEvent;
