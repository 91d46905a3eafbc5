using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>The weights of a track (or of the two tracks) do not sum to 100.</summary>
public sealed record WeightsNotSummingTo100Error(string Track, int Sum)
    : UserError($"The weights of {Track} sum to {Sum}, not 100.", "WEIGHTS_NOT_100");

/// <summary>The period has ended: it takes no new target and no calibration.</summary>
public sealed record ClosedPeriodError(DateOnly PeriodEnd)
    : UserError($"The period ended on {PeriodEnd:yyyy-MM-dd} and is closed.", "CLOSED_PERIOD");

/// <summary>The node already has a target for a period that overlaps this one.</summary>
public sealed record OverlappingTargetError(long TargetId, DateOnly PeriodStart, DateOnly PeriodEnd)
    : UserError($"The node already has a target from {PeriodStart:yyyy-MM-dd} to {PeriodEnd:yyyy-MM-dd}, which overlaps.", "OVERLAPPING_TARGET");

/// <summary>The children's goals of a metric would exceed the parent's, and no override reason was given.</summary>
public sealed record AllocationExceedsParentError(TargetMetricKind Metric, string? ProcessMetric, decimal ParentGoal, decimal ChildrenGoal)
    : UserError($"The children's {Metric} goals would sum to {ChildrenGoal}, above the parent's {ParentGoal}; give an override reason to allow it.", "ALLOCATION_EXCEEDS_PARENT");

/// <summary>A weekly plan item names an account or opportunity the rep does not own.</summary>
public sealed record NotTheRepsRecordError(string Field)
    : UserError("A weekly plan names only the rep's own accounts and opportunities.", "NOT_THE_REPS_RECORD");

/// <summary>The rules of a target's shape, on plain values; the GraphQL layer reads the input and translates.</summary>
public static class TargetRules
{
    public const int DefaultResultWeight = 70;
    public const int DefaultProcessWeight = 30;
    public const int DefaultCapPercent = 120;
    public const int MaxMetrics = 12;

    /// <summary>The goals of one metric as typed in.</summary>
    public sealed record MetricGoal(TargetMetricKind Kind, string? ProcessMetric, decimal Goal, int Weight, int CapPercent, int FloorPercent);

    /// <summary>The period's exclusive end, or null when <paramref name="start"/> does not begin a month (or a quarter).</summary>
    public static DateOnly? PeriodEnd(TargetPeriodKind kind, DateOnly start) => kind switch
    {
        TargetPeriodKind.Month when start.Day == 1 => start.AddMonths(1),
        TargetPeriodKind.Quarter when start.Day == 1 && (start.Month - 1) % 3 == 0 => start.AddMonths(3),
        _ => null,
    };

    public static bool Overlaps(DateOnly start, DateOnly end, DateOnly otherStart, DateOnly otherEnd) => start < otherEnd && otherStart < end;

    /// <summary>Every error of the weights, goals, caps and floors of a target, field by field.</summary>
    public static IEnumerable<UserError> Judge(int resultWeight, int processWeight, IReadOnlyList<MetricGoal> metrics)
    {
        if (resultWeight < 0 || processWeight < 0 || resultWeight + processWeight != 100)
        {
            yield return new WeightsNotSummingTo100Error("the tracks", resultWeight + processWeight);
        }

        if (metrics.Count is 0 or > MaxMetrics)
        {
            yield return new ValidationError("input.metrics", $"A target has 1 to {MaxMetrics} metrics.");
        }

        foreach (var (track, weight) in new[] { (TargetTrack.Result, resultWeight), (TargetTrack.Process, processWeight) })
        {
            var ofTrack = metrics.Where(m => TargetMetricKinds.TrackOf(m.Kind) == track).ToList();
            var sum = ofTrack.Sum(m => m.Weight);
            // A track with no metrics must carry no weight; one with metrics shares its weight among them.
            if (ofTrack.Count == 0 ? weight != 0 : sum != 100 || ofTrack.Any(m => m.Weight <= 0))
            {
                yield return new WeightsNotSummingTo100Error(track == TargetTrack.Result ? "the result track" : "the process track", ofTrack.Count == 0 ? 0 : sum);
            }
        }

        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            var field = $"input.metrics[{i}]";
            foreach (var error in JudgeGoal(metric.Kind, metric.ProcessMetric, metric.Goal, field))
            {
                yield return error;
            }

            if (metric.CapPercent < 100 || metric.CapPercent > 1000 || metric.FloorPercent < 0 || metric.FloorPercent >= 100)
            {
                yield return new ValidationError($"{field}.capPercent", "The cap is 100 to 1000 percent and the floor 0 to 99.");
            }
        }

        var duplicated = metrics.GroupBy(m => (m.Kind, m.ProcessMetric)).FirstOrDefault(g => g.Count() > 1);
        if (duplicated is not null)
        {
            yield return new ValidationError("input.metrics", $"{duplicated.Key.Kind} {duplicated.Key.ProcessMetric} appears twice.");
        }
    }

    /// <summary>The goal of one metric: positive, a share for a pass rate, and a known process metric exactly for PROCESS_HEALTH.</summary>
    public static IEnumerable<ValidationError> JudgeGoal(TargetMetricKind kind, string? processMetric, decimal goal, string field)
    {
        if (goal <= 0)
        {
            yield return new ValidationError($"{field}.goal", "A goal is positive.");
        }

        if (kind == TargetMetricKind.ProcessHealth != (processMetric is not null))
        {
            yield return new ValidationError($"{field}.processMetric", "A PROCESS_HEALTH metric names its process metric, and only it does.");
        }
        else if (processMetric is { } name && !Enum.TryParse<ProcessMetric>(name, out _))
        {
            yield return new ValidationError($"{field}.processMetric", $"Unknown process metric '{name}'.");
        }

        if (kind is TargetMetricKind.ProposalPassRate && goal > 1)
        {
            yield return new ValidationError($"{field}.goal", "A pass-rate goal is a share from 0 to 1.");
        }
    }

    /// <summary>The node kind a child of <paramref name="parent"/> must have; null below a member.</summary>
    public static TargetNodeKind? ChildKindOf(TargetNodeKind parent) => parent switch
    {
        TargetNodeKind.Company => TargetNodeKind.Region,
        TargetNodeKind.Region => TargetNodeKind.Team,
        TargetNodeKind.Team => TargetNodeKind.Member,
        _ => null,
    };

    /// <summary>
    /// The first metric whose children's goals (siblings' plus the new child's) exceed the parent's goal: the parent's
    /// metrics are split down, so a metric the parent does not have is not checked.
    /// </summary>
    public static AllocationExceedsParentError? Overallocated(IReadOnlyList<TargetMetric> parent, IReadOnlyList<TargetMetric> siblings, IReadOnlyList<MetricGoal> child)
    {
        foreach (var metric in parent.Where(m => IsSplit(m.Kind)))
        {
            var allocated = siblings.Where(s => s.Kind == metric.Kind && s.ProcessMetric == metric.ProcessMetric).Sum(s => s.Goal)
                + child.Where(c => c.Kind == metric.Kind && c.ProcessMetric == metric.ProcessMetric).Sum(c => c.Goal);
            if (allocated > metric.Goal)
            {
                return new AllocationExceedsParentError(metric.Kind, metric.ProcessMetric, metric.Goal, allocated);
            }
        }

        return null;
    }

    /// <summary>Amounts and counts are split among the children; rates and process baselines are not (each child meets the same bar).</summary>
    public static bool IsSplit(TargetMetricKind kind) =>
        kind is TargetMetricKind.Collections or TargetMetricKind.SignedContractAmount or TargetMetricKind.StrategicSignings or TargetMetricKind.QualityOpportunities;

    /// <summary>
    /// The credit a metric earns: the attainment (actual against goal, inverted for lower-is-better), nothing below the
    /// floor, never above the cap.
    /// </summary>
    public static double Credit(double? attainment, int capPercent, int floorPercent) => attainment switch
    {
        null => 0,
        var a when a < floorPercent / 100.0 => 0,
        var a => Math.Min(a.Value, capPercent / 100.0),
    };

    public static double? Attainment(double? actual, decimal goal, bool lowerIsBetter) => (actual, lowerIsBetter) switch
    {
        (null, _) => null,
        (var a, false) => a / (double)goal,
        // A duration of 0 beats any goal; the cap bounds it.
        (0, true) => double.MaxValue,
        (var a, true) => (double)goal / a,
    };
}
