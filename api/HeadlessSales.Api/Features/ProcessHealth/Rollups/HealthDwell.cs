using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

/// <summary>
/// 商机阶段停留时长 from <see cref="HealthDwellRow"/>: counts and summed seconds give every mean; a histogram over
/// <see cref="DwellBuckets"/> locates each median's bucket, and one more query reads only the rows of those buckets,
/// whose exact lengths give the exact median. Ranges the roll-ups do not cover (partial days, days with a pending
/// change) are read raw, stay by stay, and merged before the medians are located, so the result is the raw computation's.
/// </summary>
public static class HealthDwell
{
    /// <summary>Stays of one stage, owner, team and length; raw stays come one by one.</summary>
    private sealed record Stay(long StageId, long MemberId, long? TeamId, int Bucket, double Seconds, int Stays);

    /// <summary>The dashboard's 商机阶段停留时长 of a scope; <paramref name="byStage"/> false skips the per-stage medians (the previous period).</summary>
    public static async Task<MetricResult> MeasureAsync(SalesDbContext db, RollupCoverage coverage, HealthScope scope, DateTime from, DateTime to, bool byStage, CancellationToken cancellationToken) =>
        (await MeasureAsync(db, coverage, scope, [(from, to, byStage)], cancellationToken))[0];

    /// <summary>
    /// 商机阶段停留时长 of a scope for up to two periods (a period and the one before it, oldest first): the sums, the
    /// histogram and the median buckets' rows of both in one query each, grouped by period.
    /// </summary>
    public static async Task<List<MetricResult>> MeasureAsync(
        SalesDbContext db, RollupCoverage coverage, HealthScope scope, IReadOnlyList<(DateTime From, DateTime To, bool ByStage)> periods, CancellationToken cancellationToken)
    {
        var plans = periods.Select(p => coverage.Plan(ProcessMetric.StageDwell, p.From, p.To)).ToList();
        var results = new MetricResult?[periods.Count];
        if (plans.Any(p => p.FromRollups))
        {
            var byMember = scope.BreaksDownByMember;
            var span = HealthRollups.SpanOf(plans);
            var secondStart = span.SecondStart;
            var rows = InScope(db, RowsOf(db, span), scope);
            var raw = new Dictionary<int, List<Stay>>();
            foreach (var period in span.Periods)
            {
                raw[period] = await RawAsync(db, scope, plans[period], cancellationToken);
            }

            var sums = (await rows.GroupBy(r => new { Period = r.Day >= secondStart ? 1 : 0, r.StageId, GroupId = byMember ? (long?)r.MemberId : r.TeamId })
                    .Select(g => new { g.Key.Period, g.Key.StageId, g.Key.GroupId, Stays = g.Sum(r => r.Stays), Seconds = g.Sum(r => r.Seconds * r.Stays) })
                    .ToListAsync(cancellationToken))
                .Select(s => (Period: span.PeriodIndex(s.Period), s.StageId, s.GroupId, s.Stays, s.Seconds))
                .ToList();
            var histogram = (await rows.GroupBy(r => new { Period = r.Day >= secondStart ? 1 : 0, r.StageId, r.Bucket })
                    .Select(g => new { g.Key.Period, g.Key.StageId, g.Key.Bucket, Stays = g.Sum(r => r.Stays) })
                    .ToListAsync(cancellationToken))
                .Select(h => (Period: span.PeriodIndex(h.Period), h.StageId, h.Bucket, h.Stays))
                .ToList();
            var located = new Dictionary<int, Located>();
            foreach (var period in span.Periods)
            {
                var own = raw[period];
                var periodSums = sums.Where(s => s.Period == period).Select(s => (s.StageId, s.GroupId, s.Stays, s.Seconds))
                    .Concat(own.Select(r => (r.StageId, GroupId: byMember ? (long?)r.MemberId : r.TeamId, r.Stays, Seconds: r.Seconds * r.Stays)))
                    .ToList();
                var periodHistogram = histogram.Where(h => h.Period == period).Select(h => (h.StageId, h.Bucket, h.Stays))
                    .Concat(own.Select(r => (r.StageId, r.Bucket, r.Stays)))
                    .ToList();
                located[period] = Locate(periodSums, periodHistogram, periods[period].ByStage);
            }

            // The rows of just the median buckets, of both periods at once.
            var buckets = located.Values.SelectMany(l => l.Buckets).Distinct().ToList();
            var exactRows = buckets.Count == 0 ? [] : (await rows.Where(r => buckets.Contains(r.Bucket))
                    .Select(r => new { r.Day, r.StageId, r.MemberId, r.TeamId, r.Bucket, r.Seconds, r.Stays })
                    .ToListAsync(cancellationToken))
                .Select(r => (Period: span.PeriodIndex(r.Day >= secondStart ? 1 : 0), Stay: new Stay(r.StageId, r.MemberId, r.TeamId, r.Bucket, r.Seconds, r.Stays)))
                .ToList();
            foreach (var (period, place) in located)
            {
                var exact = exactRows.Where(e => e.Period == period).Select(e => e.Stay)
                    .Concat(raw[period].Where(r => place.Buckets.Contains(r.Bucket)))
                    .ToList();
                results[period] = Compose(place, exact);
            }
        }

        for (var period = 0; period < periods.Count; period++)
        {
            // Not rolled up, or a day recomputed between the histogram and the rows (a concurrent change): the raw computation answers.
            results[period] ??= await ProcessMetricEngine.StageDwellAsync(db, scope, periods[period].From, periods[period].To, periods[period].ByStage, cancellationToken);
        }

        return [.. results.Select(r => r!)];
    }

    /// <summary>One period's sums and where its medians (headline, per stage when asked) lie.</summary>
    private sealed record Located(
        List<(long StageId, long? GroupId, int Stays, double Seconds)> Sums,
        List<(long StageId, int Stays, double Seconds)> PerStage,
        List<(int Bucket, int Rank)> Overall,
        Dictionary<long, List<(int Bucket, int Rank)>> ByStage,
        bool Stages)
    {
        public int Total => PerStage.Sum(s => s.Stays);

        public IEnumerable<int> Buckets => Overall.Select(p => p.Bucket).Concat(ByStage.Values.SelectMany(p => p.Select(x => x.Bucket))).Distinct();
    }

    private static Located Locate(List<(long StageId, long? GroupId, int Stays, double Seconds)> sums, List<(long StageId, int Bucket, int Stays)> histogram, bool byStage)
    {
        var perStage = sums.GroupBy(s => s.StageId).Select(g => (StageId: g.Key, Stays: g.Sum(s => s.Stays), Seconds: g.Sum(s => s.Seconds))).OrderBy(s => s.StageId).ToList();
        var overall = Positions(Histogram(histogram), perStage.Sum(s => s.Stays));
        var stagePositions = byStage
            ? perStage.ToDictionary(s => s.StageId, s => Positions(Histogram(histogram.Where(h => h.StageId == s.StageId)), s.Stays))
            : [];
        return new Located(sums, perStage, overall, stagePositions, byStage);
    }

    /// <summary>The period's figure from its sums and the rows of its median buckets; null when the rows do not hold a median (read while a day was recomputed).</summary>
    private static MetricResult? Compose(Located place, List<Stay> exact)
    {
        if (place.Total == 0)
        {
            return new MetricResult(null, 0, null, [], []);
        }

        var median = ValueOf(place.Overall, exact);
        var stages = new List<StageDwellFigure>();
        foreach (var (stageId, stays, seconds) in place.Stages ? place.PerStage : [])
        {
            var stageMedian = ValueOf(place.ByStage[stageId], exact.Where(e => e.StageId == stageId).ToList());
            if (stageMedian is null)
            {
                return null;
            }

            stages.Add(new StageDwellFigure(stageId, stays, ProcessMetricEngine.Days(seconds / stays), ProcessMetricEngine.Days(stageMedian.Value)));
        }

        if (median is null)
        {
            return null;
        }

        var byGroup = place.Sums.GroupBy(s => s.GroupId)
            .Select(g => new GroupFigure(g.Key, ProcessMetricEngine.Days(g.Sum(s => s.Seconds) / g.Sum(s => s.Stays)), g.Sum(s => s.Stays), null))
            .ToList();
        return new MetricResult(ProcessMetricEngine.Days(median.Value), place.Total, null, byGroup, stages);
    }

    /// <summary>
    /// The median stay in days of the tenant, of every team and of every region (through <paramref name="regionOfTeam"/>),
    /// from one tenant-wide histogram grouped by team and one read of the median buckets' rows: what the alert evaluation
    /// judges, without a report per scope. A scope without stays is absent.
    /// </summary>
    public static async Task<Dictionary<(HealthScopeKind Kind, long? Id), double>> MediansByScopeAsync(
        SalesDbContext db, RollupCoverage coverage, DateTime from, DateTime to, IReadOnlyDictionary<long, long> regionOfTeam, CancellationToken cancellationToken)
    {
        var tenant = new HealthScope(HealthScopeKind.Tenant, null);
        var plan = coverage.Plan(ProcessMetric.StageDwell, from, to);
        var rows = RowsOf(db, plan);
        var raw = await RawAsync(db, tenant, plan, cancellationToken);
        var histogram = (await rows.GroupBy(r => new { r.TeamId, r.Bucket })
                .Select(g => new { g.Key.TeamId, g.Key.Bucket, Stays = g.Sum(r => r.Stays) })
                .ToListAsync(cancellationToken))
            .Select(h => (h.TeamId, h.Bucket, h.Stays))
            .Concat(raw.Select(r => (r.TeamId, r.Bucket, r.Stays)))
            .ToList();
        bool InRegion(long? teamId, long regionId) => teamId is { } team && regionOfTeam.TryGetValue(team, out var region) && region == regionId;
        var populations = new List<((HealthScopeKind Kind, long? Id) Scope, Func<long?, bool> Holds)> { ((HealthScopeKind.Tenant, null), _ => true) };
        populations.AddRange(regionOfTeam.Keys.Select(team => ((HealthScopeKind.Team, (long?)team), (Func<long?, bool>)(t => t == team))));
        populations.AddRange(regionOfTeam.Values.Distinct().Select(region => ((HealthScopeKind.Region, (long?)region), (Func<long?, bool>)(t => InRegion(t, region)))));

        var located = populations
            .Select(p => (p.Scope, p.Holds, Positions: Positions(Histogram(histogram.Where(h => p.Holds(h.TeamId)).Select(h => (0L, h.Bucket, h.Stays))),
                histogram.Where(h => p.Holds(h.TeamId)).Sum(h => h.Stays))))
            .Where(p => p.Positions.Count > 0)
            .ToList();
        var buckets = located.SelectMany(p => p.Positions.Select(x => x.Bucket)).Distinct().ToList();
        var exact = buckets.Count == 0 ? [] : (await rows.Where(r => buckets.Contains(r.Bucket))
                .Select(r => new { r.StageId, r.MemberId, r.TeamId, r.Bucket, r.Seconds, r.Stays })
                .ToListAsync(cancellationToken))
            .Select(r => new Stay(r.StageId, r.MemberId, r.TeamId, r.Bucket, r.Seconds, r.Stays))
            .Concat(raw.Where(r => buckets.Contains(r.Bucket)))
            .ToList();
        var medians = new Dictionary<(HealthScopeKind Kind, long? Id), double>();
        foreach (var (scope, holds, positions) in located)
        {
            if (ValueOf(positions, exact.Where(e => holds(e.TeamId)).ToList()) is { } seconds)
            {
                medians[scope] = ProcessMetricEngine.Days(seconds);
            }
            else
            {
                var asked = scope.Kind == HealthScopeKind.Tenant ? tenant : new HealthScope(scope.Kind, scope.Id);
                if ((await ProcessMetricEngine.StageDwellAsync(db, asked, from, to, false, cancellationToken)).Value is { } value)
                {
                    medians[scope] = value;
                }
            }
        }

        return medians;
    }

    private static IQueryable<HealthDwellRow> RowsOf(SalesDbContext db, RollupSpan span)
    {
        var tenantId = db.CurrentTenantId;
        var rows = db.HealthDwellRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.Day >= span.From && r.Day < span.To);
        var excluded = span.Excluded;
        return excluded.Count == 0 ? rows : rows.Where(r => !excluded.Contains(r.Day));
    }

    private static IQueryable<HealthDwellRow> RowsOf(SalesDbContext db, RollupPlan plan)
    {
        var tenantId = db.CurrentTenantId;
        var rows = db.HealthDwellRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.Day >= plan.RollupFrom && r.Day < plan.RollupTo);
        var skipped = plan.SkippedDays;
        return skipped.Count == 0 ? rows : rows.Where(r => !skipped.Contains(r.Day));
    }

    private static IQueryable<HealthDwellRow> InScope(SalesDbContext db, IQueryable<HealthDwellRow> rows, HealthScope scope) => scope.Kind switch
    {
        HealthScopeKind.Member => rows.Where(r => r.MemberId == scope.Id),
        HealthScopeKind.Team => rows.Where(r => r.TeamId == scope.Id),
        HealthScopeKind.Region => rows.Where(r => db.Teams.IgnoreQueryFilters().Any(t => t.Id == r.TeamId && t.RegionId == scope.Id)),
        _ => rows,
    };

    /// <summary>The stays of the ranges the roll-ups do not cover, one by one (partial days, pending days: few).</summary>
    private static async Task<List<Stay>> RawAsync(SalesDbContext db, HealthScope scope, RollupPlan plan, CancellationToken cancellationToken)
    {
        var stays = new List<Stay>();
        foreach (var (from, to) in plan.Raw)
        {
            stays.AddRange((await ProcessMetricEngine.StayLengths(db, scope, from, to).ToListAsync(cancellationToken))
                .Select(s => new Stay(s.StageId, s.MemberId, s.TeamId, DwellBuckets.Of(s.Seconds), s.Seconds, 1)));
        }

        return stays;
    }

    private static List<(int Bucket, int Stays)> Histogram(IEnumerable<(long StageId, int Bucket, int Stays)> counts) =>
        counts.GroupBy(c => c.Bucket).Select(g => (Bucket: g.Key, Stays: g.Sum(c => c.Stays))).OrderBy(b => b.Bucket).ToList();

    /// <summary>
    /// Where the median's one (odd count) or two (even count) middle stays are: their bucket and their rank inside it,
    /// the same middle rows the raw computation's ORDER BY … OFFSET (n−1)/2 picks.
    /// </summary>
    private static List<(int Bucket, int Rank)> Positions(List<(int Bucket, int Stays)> histogram, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var first = (count - 1) / 2;
        var wanted = count % 2 == 1 ? new[] { first } : [first, first + 1];
        var positions = new List<(int Bucket, int Rank)>();
        foreach (var position in wanted)
        {
            var before = 0;
            foreach (var (bucket, stays) in histogram)
            {
                if (position < before + stays)
                {
                    positions.Add((bucket, position - before));
                    break;
                }

                before += stays;
            }
        }

        return positions;
    }

    /// <summary>The mean of the stays at <paramref name="positions"/>, from the rows of their buckets; null when the rows do not hold them (read while a day was recomputed).</summary>
    private static double? ValueOf(List<(int Bucket, int Rank)> positions, List<Stay> exact)
    {
        var middle = new List<double>();
        foreach (var (bucket, rank) in positions)
        {
            var remaining = rank;
            double? found = null;
            foreach (var stay in exact.Where(e => e.Bucket == bucket).OrderBy(e => e.Seconds))
            {
                if (remaining < stay.Stays)
                {
                    found = stay.Seconds;
                    break;
                }

                remaining -= stay.Stays;
            }

            if (found is null)
            {
                return null;
            }

            middle.Add(found.Value);
        }

        return middle.Count == 0 ? null : ProcessMetricEngine.Median(middle);
    }
}
