using System.Security.Cryptography;
using System.Text;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

/// <summary>The settings a metric's roll-ups depend on, as the <see cref="HealthRollupDay.Variant"/> they were computed with.</summary>
public sealed record RollupSettings(int FollowUpWindowDays, IReadOnlyCollection<string> RequiredTagCodes)
{
    public string VariantOf(ProcessMetric metric) => metric switch
    {
        ProcessMetric.FollowUpRate => $"window:{FollowUpWindowDays}",
        ProcessMetric.TagCoverage => "tags:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', RequiredTagCodes.Order(StringComparer.Ordinal)))))[..32],
        _ => "v1",
    };

    public static async Task<RollupSettings> OfAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var settings = await ProcessHealthDashboard.SettingsAsync(db, cancellationToken);
        return new RollupSettings(settings.FollowUpWindowDays, await ProcessHealthDashboard.RequiredTagCodesAsync(db, settings, cancellationToken));
    }
}

/// <summary>
/// Reads the metrics that have roll-ups (all but 商机阶段停留时长): whole UTC days whose roll-ups are current come from
/// <see cref="HealthRollupRow"/> sums; partial days at the period's edges and days with a pending change come from the raw
/// computation (<see cref="ProcessMetricEngine"/>) of just those ranges. Both are grouped by the same contributor, so
/// the sum is the raw computation of the whole period.
/// </summary>
public static class HealthRollups
{
    public static readonly IReadOnlyList<ProcessMetric> RolledUp =
        [ProcessMetric.AssignmentRate, ProcessMetric.ResponseRate, ProcessMetric.FollowUpRate, ProcessMetric.TagCoverage, ProcessMetric.VideoDemoFrequency];

    /// <summary>Every metric the refresher keeps: the summable ones and 商机阶段停留时长 (<see cref="HealthDwellRow"/>).</summary>
    public static readonly IReadOnlyList<ProcessMetric> Kept = [.. RolledUp, ProcessMetric.StageDwell];

    /// <summary>Which whole days of [from, to) are current for each rolled-up metric: two queries for a whole dashboard.</summary>
    public static async Task<RollupCoverage> CoverageAsync(SalesDbContext db, RollupSettings settings, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var (fullFrom, fullTo) = (CeilingDay(from), FloorDay(to));
        if (fullFrom >= fullTo)
        {
            return new RollupCoverage(new Dictionary<ProcessMetric, HashSet<DateTime>>());
        }

        var computed = await db.HealthRollupDays.IgnoreQueryFilters()
            .Where(d => d.TenantId == tenantId && d.Day >= fullFrom && d.Day < fullTo)
            .Select(d => new { d.Metric, d.Day, d.Variant })
            .ToListAsync(cancellationToken);
        var pending = await db.HealthRollupInvalidations.IgnoreQueryFilters()
            .Where(i => i.TenantId == tenantId && ((i.Day >= fullFrom && i.Day < fullTo) || i.Day == HealthRollupInvalidation.AllDays))
            .Select(i => new { i.Metric, i.Day })
            .Distinct()
            .ToListAsync(cancellationToken);
        var current = Kept.ToDictionary(metric => metric, metric =>
        {
            if (pending.Any(p => p.Metric == metric && p.Day == HealthRollupInvalidation.AllDays))
            {
                return [];
            }

            var variant = settings.VariantOf(metric);
            var days = computed.Where(c => c.Metric == metric && c.Variant == variant).Select(c => c.Day).ToHashSet();
            days.ExceptWith(pending.Where(p => p.Metric == metric).Select(p => p.Day));
            return days;
        });
        return new RollupCoverage(current);
    }

    public static async Task<MetricResult> MeasureAsync(
        SalesDbContext db, RollupCoverage coverage, ProcessMetric metric, HealthScope scope, DateTime from, DateTime to, DateTime now, RollupSettings settings,
        CancellationToken cancellationToken)
    {
        if (metric == ProcessMetric.VideoDemoFrequency)
        {
            return await VideoDemoFrequencyAsync(db, coverage, scope, from, to, now, cancellationToken);
        }

        var plan = coverage.Plan(metric, from, to);
        var parts = new List<RateCount>();
        if (plan.FromRollups)
        {
            parts.AddRange(await RolledUpRatesAsync(db, metric, scope, plan, now, cancellationToken));
        }

        foreach (var (rawFrom, rawTo) in plan.Raw)
        {
            var raw = metric switch
            {
                ProcessMetric.AssignmentRate => await ProcessMetricEngine.AssignmentRateAsync(db, scope, rawFrom, rawTo, now, cancellationToken),
                ProcessMetric.ResponseRate => await ProcessMetricEngine.ResponseRateAsync(db, scope, rawFrom, rawTo, now, cancellationToken),
                ProcessMetric.FollowUpRate => await ProcessMetricEngine.FollowUpRateAsync(db, scope, rawFrom, rawTo, now, settings.FollowUpWindowDays, cancellationToken),
                ProcessMetric.TagCoverage => await ProcessMetricEngine.TagCoverageAsync(db, scope, rawFrom, rawTo, settings.RequiredTagCodes, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(metric)),
            };
            parts.AddRange(raw.ByGroup);
        }

        var groups = parts.GroupBy(p => p.GroupId).Select(g => new RateCount(g.Key, g.Sum(p => p.Total), g.Sum(p => p.Met))).ToList();
        return MetricResult.FromRates(new RateResult(groups.Sum(g => g.Total), groups.Sum(g => g.Met), groups));
    }

    private static async Task<List<RateCount>> RolledUpRatesAsync(SalesDbContext db, ProcessMetric metric, HealthScope scope, RollupPlan plan, DateTime now, CancellationToken cancellationToken)
    {
        var rows = RowsOf(db, metric, plan);
        rows = scope.Kind switch
        {
            HealthScopeKind.Member => rows.Where(r => r.MemberId == scope.Id),
            HealthScopeKind.Team => rows.Where(r => r.TeamId == scope.Id),
            HealthScopeKind.Region => rows.Where(r => db.Teams.IgnoreQueryFilters().Any(t => t.Id == r.TeamId && t.RegionId == scope.Id)),
            _ => rows,
        };
        var groups = await rows.Where(r => r.DecidesAt == null || r.DecidesAt <= now)
            .GroupBy(r => scope.BreaksDownByMember ? r.MemberId : r.TeamId)
            .Select(g => new { GroupId = g.Key, Cases = g.Sum(r => r.Cases), Met = g.Sum(r => r.Met) })
            .ToListAsync(cancellationToken);
        return groups.Select(g => new RateCount(g.GroupId, g.Cases, g.Met)).ToList();
    }

    private static IQueryable<HealthRollupRow> RowsOf(SalesDbContext db, ProcessMetric metric, RollupPlan plan)
    {
        var tenantId = db.CurrentTenantId;
        var rows = db.HealthRollupRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.Metric == metric && r.Day >= plan.RollupFrom && r.Day < plan.RollupTo);
        // Usually empty: a collection parameter would cost the index its range scan on some providers, so only when needed.
        var skipped = plan.SkippedDays;
        return skipped.Count == 0 ? rows : rows.Where(r => !skipped.Contains(r.Day));
    }

    /// <summary>视频演示频次 as <see cref="ProcessMetricEngine.VideoDemoFrequencyAsync"/> defines it, with each rep's demos summed from the day roll-ups.</summary>
    private static async Task<MetricResult> VideoDemoFrequencyAsync(SalesDbContext db, RollupCoverage coverage, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken)
    {
        var (weeks, groups) = await DemoCountsAsync(db, coverage, scope, from, to, now, cancellationToken);
        if (weeks <= 0)
        {
            return new MetricResult(null, 0, null, [], []);
        }

        var repCount = groups.Sum(g => g.Reps);
        var total = groups.Sum(g => g.Demos);
        return new MetricResult(
            repCount == 0 ? null : total / (repCount * weeks),
            total,
            null,
            groups.Select(g => new GroupFigure(g.GroupId, g.Demos / (g.Reps * weeks), g.Reps, null)).ToList(),
            []);
    }

    /// <summary>视频演示频次's parts: the weeks judged, and per contributor (member or team) the reps counted and their demos.</summary>
    public static async Task<(double Weeks, List<(long? GroupId, int Reps, int Demos)> Groups)> DemoCountsAsync(
        SalesDbContext db, RollupCoverage coverage, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken)
    {
        var end = to < now ? to : now;
        var weeks = (end - from).TotalDays / 7;
        if (weeks <= 0)
        {
            return (weeks, []);
        }

        var counted = await ProcessMetricEngine.DemoFrequencyMembers(db, scope, end).Select(m => new { m.Id, m.TeamId }).ToListAsync(cancellationToken);
        var plan = coverage.Plan(ProcessMetric.VideoDemoFrequency, from, end);
        var demos = new List<(long MemberId, int Demos)>();
        if (plan.FromRollups)
        {
            demos.AddRange((await RowsOf(db, ProcessMetric.VideoDemoFrequency, plan).Where(r => r.MemberId != null)
                .GroupBy(r => r.MemberId!.Value).Select(g => new { MemberId = g.Key, Demos = g.Sum(r => r.Cases) }).ToListAsync(cancellationToken))
                .Select(d => (d.MemberId, d.Demos)));
        }

        foreach (var (rawFrom, rawTo) in plan.Raw)
        {
            demos.AddRange((await DemosByMember(db, rawFrom, rawTo).ToListAsync(cancellationToken)).Select(d => (d.MemberId, d.Demos)));
        }

        var demosOf = demos.GroupBy(d => d.MemberId).ToDictionary(g => g.Key, g => g.Sum(d => d.Demos));
        var groups = counted.GroupBy(m => scope.BreaksDownByMember ? (long?)m.Id : m.TeamId)
            .Select(g => (GroupId: g.Key, Reps: g.Count(), Demos: g.Sum(m => demosOf.GetValueOrDefault(m.Id))))
            .ToList();
        return (weeks, groups);
    }

    internal sealed class MemberDemos
    {
        public long MemberId { get; init; }

        public int Demos { get; init; }
    }

    internal static IQueryable<MemberDemos> DemosByMember(SalesDbContext db, DateTime from, DateTime to)
    {
        var tenantId = db.CurrentTenantId;
        return db.Activities.IgnoreQueryFilters()
            .Where(a => a.TenantId == tenantId && a.Kind == ActivityKind.VideoDemo && a.OccurredAt >= from && a.OccurredAt < to)
            .GroupBy(a => a.MemberId)
            .Select(g => new MemberDemos { MemberId = g.Key, Demos = g.Count() });
    }

    public static DateTime FloorDay(DateTime instant) => DateTime.SpecifyKind(instant.Date, DateTimeKind.Utc);

    public static DateTime CeilingDay(DateTime instant) => instant == instant.Date ? FloorDay(instant) : FloorDay(instant).AddDays(1);
}

/// <summary>For one metric and period: the whole days read from roll-ups, and the ranges computed from the raw records.</summary>
public sealed record RollupPlan(DateTime RollupFrom, DateTime RollupTo, IReadOnlyList<DateTime> SkippedDays, IReadOnlyList<(DateTime From, DateTime To)> Raw)
{
    public bool FromRollups => RollupFrom < RollupTo && SkippedDays.Count < (RollupTo - RollupFrom).TotalDays;
}

/// <summary>The whole days whose roll-ups are current, per metric.</summary>
public sealed class RollupCoverage(IReadOnlyDictionary<ProcessMetric, HashSet<DateTime>> current)
{
    public RollupPlan Plan(ProcessMetric metric, DateTime from, DateTime to)
    {
        var raw = new List<(DateTime From, DateTime To)>();
        var skipped = new List<DateTime>();
        var (fullFrom, fullTo) = (HealthRollups.CeilingDay(from), HealthRollups.FloorDay(to));
        if (fullFrom >= fullTo || !current.TryGetValue(metric, out var days))
        {
            return new RollupPlan(fullFrom, fullFrom, [], from < to ? [(from, to)] : []);
        }

        void AddRaw(DateTime start, DateTime end)
        {
            if (raw.Count > 0 && raw[^1].To == start)
            {
                raw[^1] = (raw[^1].From, end);
            }
            else
            {
                raw.Add((start, end));
            }
        }

        if (from < fullFrom)
        {
            AddRaw(from, fullFrom);
        }

        for (var day = fullFrom; day < fullTo; day = day.AddDays(1))
        {
            if (!days.Contains(day))
            {
                skipped.Add(day);
                AddRaw(day, day.AddDays(1));
            }
        }

        if (fullTo < to)
        {
            AddRaw(fullTo, to);
        }

        return new RollupPlan(fullFrom, fullTo, skipped, raw);
    }
}
