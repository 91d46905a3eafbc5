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
    public static async Task<MetricResult> MeasureAsync(SalesDbContext db, RollupCoverage coverage, HealthScope scope, DateTime from, DateTime to, bool byStage, CancellationToken cancellationToken)
    {
        var plan = coverage.Plan(ProcessMetric.StageDwell, from, to);
        if (!plan.FromRollups)
        {
            return await ProcessMetricEngine.StageDwellAsync(db, scope, from, to, byStage, cancellationToken);
        }

        var byMember = scope.BreaksDownByMember;
        var rows = InScope(db, RowsOf(db, plan), scope);
        var raw = await RawAsync(db, scope, plan, cancellationToken);
        var sums = (await rows.GroupBy(r => new { r.StageId, GroupId = byMember ? (long?)r.MemberId : r.TeamId })
                .Select(g => new { g.Key.StageId, g.Key.GroupId, Stays = g.Sum(r => r.Stays), Seconds = g.Sum(r => r.Seconds * r.Stays) })
                .ToListAsync(cancellationToken))
            .Select(s => (s.StageId, s.GroupId, s.Stays, s.Seconds))
            .Concat(raw.Select(r => (r.StageId, GroupId: byMember ? (long?)r.MemberId : r.TeamId, r.Stays, Seconds: r.Seconds * r.Stays)))
            .ToList();
        var total = sums.Sum(s => s.Stays);
        if (total == 0)
        {
            return new MetricResult(null, 0, null, [], []);
        }

        var histogram = (await rows.GroupBy(r => new { r.StageId, r.Bucket })
                .Select(g => new { g.Key.StageId, g.Key.Bucket, Stays = g.Sum(r => r.Stays) })
                .ToListAsync(cancellationToken))
            .Select(h => (h.StageId, h.Bucket, h.Stays))
            .Concat(raw.Select(r => (r.StageId, r.Bucket, r.Stays)))
            .ToList();
        var perStage = sums.GroupBy(s => s.StageId).Select(g => (StageId: g.Key, Stays: g.Sum(s => s.Stays), Seconds: g.Sum(s => s.Seconds))).OrderBy(s => s.StageId).ToList();

        // Each median's position(s) located in the histogram; then the rows of just those buckets.
        var overall = Positions(Histogram(histogram), total);
        var stagePositions = byStage
            ? perStage.ToDictionary(s => s.StageId, s => Positions(Histogram(histogram.Where(h => h.StageId == s.StageId)), s.Stays))
            : [];
        var buckets = overall.Select(p => p.Bucket).Concat(stagePositions.Values.SelectMany(p => p.Select(x => x.Bucket))).Distinct().ToList();
        var exact = (await rows.Where(r => buckets.Contains(r.Bucket))
                .Select(r => new { r.StageId, r.MemberId, r.TeamId, r.Bucket, r.Seconds, r.Stays })
                .ToListAsync(cancellationToken))
            .Select(r => new Stay(r.StageId, r.MemberId, r.TeamId, r.Bucket, r.Seconds, r.Stays))
            .Concat(raw.Where(r => buckets.Contains(r.Bucket)))
            .ToList();

        var median = ValueOf(overall, exact);
        var stages = new List<StageDwellFigure>();
        foreach (var (stageId, stays, seconds) in byStage ? perStage : [])
        {
            var stageMedian = ValueOf(stagePositions[stageId], exact.Where(e => e.StageId == stageId).ToList());
            if (stageMedian is null)
            {
                return await ProcessMetricEngine.StageDwellAsync(db, scope, from, to, byStage, cancellationToken);
            }

            stages.Add(new StageDwellFigure(stageId, stays, ProcessMetricEngine.Days(seconds / stays), ProcessMetricEngine.Days(stageMedian.Value)));
        }

        if (median is null)
        {
            // A day recomputed between the histogram and the rows (a concurrent change): the raw computation answers.
            return await ProcessMetricEngine.StageDwellAsync(db, scope, from, to, byStage, cancellationToken);
        }

        var byGroup = sums.GroupBy(s => s.GroupId)
            .Select(g => new GroupFigure(g.Key, ProcessMetricEngine.Days(g.Sum(s => s.Seconds) / g.Sum(s => s.Stays)), g.Sum(s => s.Stays), null))
            .ToList();
        return new MetricResult(ProcessMetricEngine.Days(median.Value), total, null, byGroup, stages);
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
