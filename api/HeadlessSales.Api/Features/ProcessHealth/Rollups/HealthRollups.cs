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

        // The computed days and the pending changes in one round trip (a pending change has no variant).
        var marks = await db.HealthRollupDays.IgnoreQueryFilters()
            .Where(d => d.TenantId == tenantId && d.Day >= fullFrom && d.Day < fullTo)
            .Select(d => new { d.Metric, d.Day, Variant = (string?)d.Variant })
            .Concat(db.HealthRollupInvalidations.IgnoreQueryFilters()
                .Where(i => i.TenantId == tenantId && ((i.Day >= fullFrom && i.Day < fullTo) || i.Day == HealthRollupInvalidation.AllDays))
                .Select(i => new { i.Metric, i.Day, Variant = (string?)null }))
            .ToListAsync(cancellationToken);
        var computed = marks.Where(m => m.Variant is not null).ToList();
        var pending = marks.Where(m => m.Variant is null).Select(m => new { m.Metric, m.Day }).Distinct().ToList();
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
            parts.AddRange((await RawRatesAsync(db, metric, scope, rawFrom, rawTo, now, settings, cancellationToken)).ByGroup);
        }

        return Sum(parts);
    }

    /// <summary>
    /// The four summable rates of a scope for a period and the period before it (<paramref name="periods"/>, oldest first, not
    /// overlapping): the rolled-up days of all of them in one query grouped by (metric, period, contributor) — one query per
    /// distinct set of excluded days, usually one — then the raw ranges each plan leaves, per metric and period.
    /// </summary>
    public static async Task<Dictionary<(ProcessMetric Metric, int Period), MetricResult>> RatesAsync(
        SalesDbContext db, RollupCoverage coverage, IReadOnlyList<ProcessMetric> metrics, HealthScope scope, IReadOnlyList<(DateTime From, DateTime To)> periods,
        DateTime now, RollupSettings settings, CancellationToken cancellationToken)
    {
        var plans = metrics.ToDictionary(m => m, m => periods.Select(p => coverage.Plan(m, p.From, p.To)).ToList());
        var parts = new List<(ProcessMetric Metric, int Period, RateCount Count)>();
        foreach (var batch in plans.Where(p => p.Value.Any(plan => plan.FromRollups)).GroupBy(p => SpanOf(p.Value)))
        {
            var span = batch.Key;
            var batchMetrics = batch.Select(b => b.Key).ToList();
            var rows = InScope(db, RowsOf(db, batchMetrics, span), scope);
            var secondStart = span.SecondStart;
            var counted = await rows.Where(r => r.DecidesAt == null || r.DecidesAt <= now)
                .GroupBy(r => new { r.Metric, Period = r.Day >= secondStart ? 1 : 0, GroupId = scope.BreaksDownByMember ? r.MemberId : r.TeamId })
                .Select(g => new { g.Key.Metric, g.Key.Period, g.Key.GroupId, Cases = g.Sum(r => r.Cases), Met = g.Sum(r => r.Met) })
                .ToListAsync(cancellationToken);
            parts.AddRange(counted.Select(c => (c.Metric, span.PeriodIndex(c.Period), new RateCount(c.GroupId, c.Cases, c.Met))));
        }

        foreach (var (metric, metricPlans) in plans)
        {
            for (var period = 0; period < metricPlans.Count; period++)
            {
                foreach (var (rawFrom, rawTo) in metricPlans[period].Raw)
                {
                    var raw = await RawRatesAsync(db, metric, scope, rawFrom, rawTo, now, settings, cancellationToken);
                    parts.AddRange(raw.ByGroup.Select(g => (metric, period, g)));
                }
            }
        }

        return plans.SelectMany(p => Enumerable.Range(0, periods.Count).Select(period => (Metric: p.Key, Period: period)))
            .ToDictionary(k => k, k => Sum(parts.Where(p => p.Metric == k.Metric && p.Period == k.Period).Select(p => p.Count)));
    }

    private static MetricResult Sum(IEnumerable<RateCount> parts)
    {
        var groups = parts.GroupBy(p => p.GroupId).Select(g => new RateCount(g.Key, g.Sum(p => p.Total), g.Sum(p => p.Met))).ToList();
        return MetricResult.FromRates(new RateResult(groups.Sum(g => g.Total), groups.Sum(g => g.Met), groups));
    }

    private static async Task<RateResult> RawRatesAsync(
        SalesDbContext db, ProcessMetric metric, HealthScope scope, DateTime from, DateTime to, DateTime now, RollupSettings settings, CancellationToken cancellationToken) => metric switch
    {
        ProcessMetric.AssignmentRate => await ProcessMetricEngine.AssignmentRateAsync(db, scope, from, to, now, cancellationToken),
        ProcessMetric.ResponseRate => await ProcessMetricEngine.ResponseRateAsync(db, scope, from, to, now, cancellationToken),
        ProcessMetric.FollowUpRate => await ProcessMetricEngine.FollowUpRateAsync(db, scope, from, to, now, settings.FollowUpWindowDays, cancellationToken),
        ProcessMetric.TagCoverage => await ProcessMetricEngine.TagCoverageAsync(db, scope, from, to, settings.RequiredTagCodes, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>The days one query reads for several periods: the span of their rolled-up ranges less the days none of them takes.</summary>
    internal static RollupSpan SpanOf(IReadOnlyList<RollupPlan> plans)
    {
        var used = plans.Where(p => p.FromRollups).ToList();
        var (from, to) = (used.Min(p => p.RollupFrom), used.Max(p => p.RollupTo));
        var excluded = new List<DateTime>();
        for (var day = from; day < to; day = day.AddDays(1))
        {
            if (!used.Any(p => day >= p.RollupFrom && day < p.RollupTo && !p.SkippedDays.Contains(day)))
            {
                excluded.Add(day);
            }
        }

        // A row's period is the last plan read whose range starts at or before its day.
        var periods = plans.Select((p, i) => (Plan: p, Index: i)).Where(p => p.Plan.FromRollups).Select(p => p.Index).ToList();
        if (periods.Count > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(plans), "A period and the one before it at most.");
        }

        return new RollupSpan(from, to, excluded, periods, periods.Count == 2 ? plans[periods[1]].RollupFrom : to);
    }

    private static IQueryable<HealthRollupRow> RowsOf(SalesDbContext db, List<ProcessMetric> metrics, RollupSpan span)
    {
        var tenantId = db.CurrentTenantId;
        var rows = db.HealthRollupRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.Day >= span.From && r.Day < span.To);
        rows = metrics.Count == 1 ? rows.Where(r => r.Metric == metrics[0]) : rows.Where(r => metrics.Contains(r.Metric));
        var excluded = span.Excluded;
        return excluded.Count == 0 ? rows : rows.Where(r => !excluded.Contains(r.Day));
    }

    private static IQueryable<HealthRollupRow> InScope(SalesDbContext db, IQueryable<HealthRollupRow> rows, HealthScope scope) => scope.Kind switch
    {
        HealthScopeKind.Member => rows.Where(r => r.MemberId == scope.Id),
        HealthScopeKind.Team => rows.Where(r => r.TeamId == scope.Id),
        HealthScopeKind.Region => rows.Where(r => db.Teams.IgnoreQueryFilters().Any(t => t.Id == r.TeamId && t.RegionId == scope.Id)),
        _ => rows,
    };

    private static async Task<List<RateCount>> RolledUpRatesAsync(SalesDbContext db, ProcessMetric metric, HealthScope scope, RollupPlan plan, DateTime now, CancellationToken cancellationToken)
    {
        var rows = InScope(db, RowsOf(db, metric, plan), scope);
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

    /// <summary>
    /// 视频演示频次 of a scope for a period and the one before it (<paramref name="periods"/>, oldest first): the scope's
    /// reps read once (who counts in each period is decided from their hire date in memory, as the query would), and
    /// the demos of just those reps, of both periods, in one query grouped by (period, member).
    /// </summary>
    public static async Task<List<MetricResult>> VideoDemoFrequencyAsync(
        SalesDbContext db, RollupCoverage coverage, HealthScope scope, IReadOnlyList<(DateTime From, DateTime To)> periods, DateTime now, CancellationToken cancellationToken)
    {
        var judged = periods.Select(p => (p.From, End: p.To < now ? p.To : now)).Select(p => (p.From, p.End, Weeks: (p.End - p.From).TotalDays / 7)).ToList();
        var latestEnd = judged.Max(p => p.End);
        var candidates = await ProcessMetricEngine.DemoFrequencyMembers(db, scope, latestEnd).Select(m => new { m.Id, m.TeamId, m.HiredOn }).ToListAsync(cancellationToken);
        var ids = candidates.Select(c => c.Id).ToList();
        // Tenant-wide every member's rows are read anyway; a smaller scope reads only its reps' rows.
        var filtered = scope.Kind != HealthScopeKind.Tenant;
        var plans = judged.Select(p => p.Weeks > 0 ? coverage.Plan(ProcessMetric.VideoDemoFrequency, p.From, p.End) : new RollupPlan(p.From, p.From, [], [])).ToList();
        var demos = new List<(int Period, long MemberId, int Demos)>();
        if (plans.Any(p => p.FromRollups) && ids.Count > 0)
        {
            var span = SpanOf(plans);
            var rows = RowsOf(db, [ProcessMetric.VideoDemoFrequency], span).Where(r => r.MemberId != null);
            rows = filtered ? rows.Where(r => ids.Contains(r.MemberId!.Value)) : rows;
            var secondStart = span.SecondStart;
            demos.AddRange((await rows.GroupBy(r => new { Period = r.Day >= secondStart ? 1 : 0, MemberId = r.MemberId!.Value })
                    .Select(g => new { g.Key.Period, g.Key.MemberId, Demos = g.Sum(r => r.Cases) })
                    .ToListAsync(cancellationToken))
                .Select(d => (span.PeriodIndex(d.Period), d.MemberId, d.Demos)));
        }

        for (var period = 0; period < plans.Count; period++)
        {
            foreach (var (rawFrom, rawTo) in ids.Count == 0 ? [] : plans[period].Raw)
            {
                var raw = DemosByMember(db, rawFrom, rawTo);
                raw = filtered ? raw.Where(d => ids.Contains(d.MemberId)) : raw;
                demos.AddRange((await raw.ToListAsync(cancellationToken)).Select(d => (period, d.MemberId, d.Demos)));
            }
        }

        var results = new List<MetricResult>();
        for (var period = 0; period < judged.Count; period++)
        {
            var (_, end, weeks) = judged[period];
            if (weeks <= 0)
            {
                results.Add(new MetricResult(null, 0, null, [], []));
                continue;
            }

            var hiredBy = DateOnly.FromDateTime(end);
            var demosOf = demos.Where(d => d.Period == period).GroupBy(d => d.MemberId).ToDictionary(g => g.Key, g => g.Sum(d => d.Demos));
            var groups = candidates.Where(c => scope.Kind == HealthScopeKind.Member || c.HiredOn <= hiredBy)
                .GroupBy(c => scope.BreaksDownByMember ? (long?)c.Id : c.TeamId)
                .Select(g => (GroupId: g.Key, Reps: g.Count(), Demos: g.Sum(c => demosOf.GetValueOrDefault(c.Id))))
                .ToList();
            var (repCount, total) = (groups.Sum(g => g.Reps), groups.Sum(g => g.Demos));
            results.Add(new MetricResult(
                repCount == 0 ? null : total / (repCount * weeks),
                total,
                null,
                groups.Select(g => new GroupFigure(g.GroupId, g.Demos / (g.Reps * weeks), g.Reps, null)).ToList(),
                []));
        }

        return results;
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

/// <summary>
/// The rolled-up days one query reads for up to two periods: [<see cref="From"/>, <see cref="To"/>) less
/// <see cref="Excluded"/>; a row on or after <see cref="SecondStart"/> belongs to the second period read.
/// </summary>
public sealed record RollupSpan(DateTime From, DateTime To, IReadOnlyList<DateTime> Excluded, IReadOnlyList<int> Periods, DateTime SecondStart)
{
    /// <summary>The index of the period (in the caller's list) of a row whose query key is 0 or 1.</summary>
    public int PeriodIndex(int key) => Periods[key];

    public bool Equals(RollupSpan? other) => other is not null && From == other.From && To == other.To && SecondStart == other.SecondStart
        && Excluded.SequenceEqual(other.Excluded) && Periods.SequenceEqual(other.Periods);

    public override int GetHashCode() => HashCode.Combine(From, To, SecondStart, Excluded.Count, Periods.Count);
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
