using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth;

public enum HealthStatus
{
    Ok,
    Warning,
    Breached,

    /// <summary>Nothing to judge in the period: no value, so no verdict.</summary>
    NoData,
}

public sealed record HealthContributor(long? MemberId, long? TeamId, GroupFigure Figure);

/// <summary>
/// One metric of a scope for a period. <see cref="Metric"/> and <see cref="Status"/> are what alerting reads.
/// <see cref="Target"/> and <see cref="WarningLimit"/> are in the metric's <see cref="Unit"/>: past the warning limit
/// (below it when higher is better, above it when lower is better) the metric is breached.
/// </summary>
public sealed record MetricReport(
    ProcessMetric Metric, MetricUnit Unit, MetricDirection Direction, MetricResult Current, double? PreviousValue,
    double Target, double WarningLimit, HealthScopeKind ThresholdScope, HealthStatus Status, IReadOnlyList<HealthContributor> LowestContributors)
{
    public double? Value => Current.Value;

    /// <summary>
    /// The first slice's name of <see cref="WarningLimit"/>, kept for callers written against it (alerting): for a
    /// <see cref="MetricDirection.LowerIsBetter"/> metric it is the limit *above* which the metric is breached.
    /// </summary>
    public double WarningBelow => WarningLimit;
}

public sealed record ProcessHealthReport(HealthScope Scope, DateTime From, DateTime To, DateTime PreviousFrom, IReadOnlyList<MetricReport> Metrics);

/// <summary>A metric's target and warning band as applied to a scope, and whose they are.</summary>
public sealed record AppliedThreshold(double Target, double WarningBand, HealthScopeKind Source);

/// <summary>The dashboard: every metric of a scope for a period, judged against the most specific thresholds.</summary>
public static class ProcessHealthDashboard
{
    public static readonly IReadOnlyList<ProcessMetric> Metrics = Enum.GetValues<ProcessMetric>();

    public static MetricUnit UnitOf(ProcessMetric metric) => metric switch
    {
        ProcessMetric.StageDwell => MetricUnit.Days,
        ProcessMetric.VideoDemoFrequency => MetricUnit.PerRepPerWeek,
        _ => MetricUnit.Ratio,
    };

    public static MetricDirection DirectionOf(ProcessMetric metric) =>
        metric == ProcessMetric.StageDwell ? MetricDirection.LowerIsBetter : MetricDirection.HigherIsBetter;

    public static async Task<ProcessHealthReport> ReportAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(db, cancellationToken);
        var thresholds = await ThresholdsAsync(db, settings, scope, cancellationToken);
        var requiredTags = await RequiredTagCodesAsync(db, settings, cancellationToken);
        // The previous period has the same length and ends where this one starts.
        var previousFrom = from - (to - from);
        var rollupSettings = new RollupSettings(settings.FollowUpWindowDays, requiredTags);
        var coverage = await HealthRollups.CoverageAsync(db, rollupSettings, previousFrom, to, cancellationToken);
        // Both periods of a metric in one read: the four rates in one query, 视频演示频次 and 商机阶段停留时长 in their own.
        (DateTime From, DateTime To)[] periods = [(previousFrom, from), (from, to)];
        var rates = await HealthRollups.RatesAsync(db, coverage, [.. HealthRollups.RolledUp.Where(m => m != ProcessMetric.VideoDemoFrequency)], scope, periods, now, rollupSettings, cancellationToken);
        var demos = await HealthRollups.VideoDemoFrequencyAsync(db, coverage, scope, periods, now, cancellationToken);
        var dwell = await HealthDwell.MeasureAsync(db, coverage, scope, [(previousFrom, from, false), (from, to, true)], cancellationToken);
        var metrics = new List<MetricReport>();
        foreach (var metric in Metrics)
        {
            var (previous, current) = metric switch
            {
                ProcessMetric.StageDwell => (dwell[0], dwell[1]),
                ProcessMetric.VideoDemoFrequency => (demos[0], demos[1]),
                _ => (rates[(metric, 0)], rates[(metric, 1)]),
            };
            var threshold = thresholds[metric];
            var direction = DirectionOf(metric);
            var warningLimit = WarningLimit(direction, threshold);
            metrics.Add(new MetricReport(metric, UnitOf(metric), direction, current, previous.Value, threshold.Target, warningLimit, threshold.Source,
                Judge(current.Value, direction, threshold.Target, warningLimit), Lowest(scope, current, direction, threshold.Target, settings.LowestContributors)));
        }

        return new ProcessHealthReport(scope, from, to, previousFrom, metrics);
    }

    /// <summary>A share cannot warn below 0; a duration or a frequency cannot go below 0 either.</summary>
    public static double WarningLimit(MetricDirection direction, AppliedThreshold threshold) =>
        direction == MetricDirection.HigherIsBetter ? Math.Max(0, threshold.Target - threshold.WarningBand) : threshold.Target + threshold.WarningBand;

    /// <summary>For higher-is-better metrics (every rate).</summary>
    public static HealthStatus Judge(double? value, double target, double warningBelow) => Judge(value, MetricDirection.HigherIsBetter, target, warningBelow);

    public static HealthStatus Judge(double? value, MetricDirection direction, double target, double warningLimit) => (value, direction) switch
    {
        (null, _) => HealthStatus.NoData,
        (var v, MetricDirection.HigherIsBetter) when v >= target => HealthStatus.Ok,
        (var v, MetricDirection.HigherIsBetter) when v >= warningLimit => HealthStatus.Warning,
        (var v, MetricDirection.LowerIsBetter) when v <= target => HealthStatus.Ok,
        (var v, MetricDirection.LowerIsBetter) when v <= warningLimit => HealthStatus.Warning,
        _ => HealthStatus.Breached,
    };

    public static async Task<ProcessHealthSettings> SettingsAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        await db.ProcessHealthSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new ProcessHealthSettings { TenantId = db.CurrentTenantId };

    /// <summary>The tags that make a follow-up count for 跟进标签覆盖率: the tenant's choice, else every tag that completes a follow-up step.</summary>
    public static async Task<IReadOnlyCollection<string>> RequiredTagCodesAsync(SalesDbContext db, ProcessHealthSettings settings, CancellationToken cancellationToken)
    {
        if (settings.RequiredTagCodes is { Count: > 0 } chosen)
        {
            return chosen;
        }

        var followUp = await FollowUpSettingsStore.GetAsync(db, cancellationToken);
        return followUp.Steps.SelectMany(s => s.TagCodes).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Each metric's most specific threshold for the scope: the member's own, else their team's, else its region's,
    /// else the tenant's settings. A team scope starts at the team, a region scope at the region.
    /// </summary>
    public static async Task<IReadOnlyDictionary<ProcessMetric, AppliedThreshold>> ThresholdsAsync(SalesDbContext db, ProcessHealthSettings settings, HealthScope scope, CancellationToken cancellationToken)
    {
        if (scope.Kind == HealthScopeKind.Tenant)
        {
            return ThresholdsOf(settings, [], []);
        }

        // One round trip: the member's team and the team's region are found by the query itself; only the scopes along
        // the chain can match, so the chain is read back from the thresholds found.
        var tenantId = db.CurrentTenantId;
        var id = scope.Id!.Value;
        var teams = db.Teams.IgnoreQueryFilters().Where(t => t.TenantId == tenantId);
        var thresholds = db.HealthThresholds.AsNoTracking();
        if (scope.Kind == HealthScopeKind.Member)
        {
            var teamOfMember = db.Members.IgnoreQueryFilters().Where(m => m.TenantId == tenantId && m.Id == id).Select(m => m.TeamId);
            var regionOfTeam = teams.Where(t => teamOfMember.Contains(t.Id)).Select(t => t.RegionId);
            thresholds = thresholds.Where(t => (t.ScopeKind == HealthScopeKind.Member && t.ScopeId == id)
                || (t.ScopeKind == HealthScopeKind.Team && teamOfMember.Contains((long?)t.ScopeId))
                || (t.ScopeKind == HealthScopeKind.Region && regionOfTeam.Contains(t.ScopeId)));
        }
        else if (scope.Kind == HealthScopeKind.Team)
        {
            var regionOfTeam = teams.Where(t => t.Id == id).Select(t => t.RegionId);
            thresholds = thresholds.Where(t => (t.ScopeKind == HealthScopeKind.Team && t.ScopeId == id)
                || (t.ScopeKind == HealthScopeKind.Region && regionOfTeam.Contains(t.ScopeId)));
        }
        else
        {
            thresholds = thresholds.Where(t => t.ScopeKind == HealthScopeKind.Region && t.ScopeId == id);
        }

        var candidates = await thresholds.ToListAsync(cancellationToken);
        var chain = new List<(HealthScopeKind Kind, long Id)>();
        foreach (var kind in new[] { HealthScopeKind.Member, HealthScopeKind.Team, HealthScopeKind.Region })
        {
            if (candidates.FirstOrDefault(c => c.ScopeKind == kind) is { } found)
            {
                chain.Add((kind, found.ScopeId));
            }
        }

        return ThresholdsOf(settings, candidates, chain);
    }

    /// <summary>Each metric's first threshold along <paramref name="chain"/> (most specific scope first), else the tenant's settings.</summary>
    public static IReadOnlyDictionary<ProcessMetric, AppliedThreshold> ThresholdsOf(
        ProcessHealthSettings settings, IReadOnlyCollection<HealthThreshold> candidates, IReadOnlyList<(HealthScopeKind Kind, long Id)> chain)
    {
        return Metrics.ToDictionary(metric => metric, metric =>
        {
            // The chain runs from the most specific scope to the widest: the first match wins.
            foreach (var (kind, id) in chain)
            {
                if (candidates.FirstOrDefault(t => t.Metric == metric && t.ScopeKind == kind && t.ScopeId == id) is { } own)
                {
                    return new AppliedThreshold(own.Target, own.WarningBand, kind);
                }
            }

            var (target, band) = settings.ThresholdOf(metric);
            return new AppliedThreshold(target, band, HealthScopeKind.Tenant);
        });
    }

    /// <summary>
    /// The members or teams that pull the figure down most: those worse than the target, worst first; among equals a
    /// rate's contributor with more cases missed first.
    /// </summary>
    private static List<HealthContributor> Lowest(HealthScope scope, MetricResult result, MetricDirection direction, double target, int count)
    {
        var worse = result.ByGroup.Where(g => g.GroupId is not null && g.Value is { } v && (direction == MetricDirection.HigherIsBetter ? v < target : v > target));
        var ordered = direction == MetricDirection.HigherIsBetter ? worse.OrderBy(g => g.Value) : worse.OrderByDescending(g => g.Value);
        return ordered.ThenByDescending(g => g.Total - (g.Met ?? 0)).ThenBy(g => g.GroupId)
            .Take(count)
            .Select(g => scope.BreaksDownByMember ? new HealthContributor(g.GroupId, null, g) : new HealthContributor(null, g.GroupId, g))
            .ToList();
    }
}
