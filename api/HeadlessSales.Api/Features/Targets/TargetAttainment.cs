using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>What one metric of a target stands at: the measured figure, its share of the goal, and the credit it earns.</summary>
public sealed record MetricAttainment(TargetMetric Metric, double? Actual, double? Attainment, double Credit);

public sealed record TrackAttainment(TargetTrack Track, int Weight, double Attainment, IReadOnlyList<MetricAttainment> Metrics);

/// <summary>A target's attainment: per metric, per track, and the weighted score (1.0 is the target met exactly).</summary>
public sealed record TargetAttainment(long TargetId, double Score, TrackAttainment Result, TrackAttainment Process);

/// <summary>
/// Computes the attainment of many targets at once from the records: for each period and metric one grouped query by
/// member over the whole tenant, then each node adds up its members in memory; process-health figures likewise, from
/// their roll-ups. So a whole tree costs the same number of commands as one target.
/// Reads past row visibility, tenant kept: a target is authorised as a whole by being visible, and a team's figure must
/// not shrink to what one caller sees of it.
/// </summary>
public sealed class TargetAttainmentCalculator(ISalesDbContextPool pool, TimeProvider clock)
{
    private sealed record Figure(double Value, int Total, int Met);

    private sealed record OrgShape(Dictionary<long, long?> TeamOfMember, Dictionary<long, long?> RegionOfMember, Dictionary<long, long> RegionOfTeam);

    public async Task<IReadOnlyDictionary<long, TargetAttainment>> ComputeAsync(long tenantId, IReadOnlyList<SalesTarget> targets, IReadOnlyList<TargetMetric> metrics, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return new Dictionary<long, TargetAttainment>();
        }

        await using var db = pool.Rent(tenantId);
        var now = clock.GetUtcNow().UtcDateTime;
        var org = await OrgShapeAsync(db, cancellationToken);
        var settings = await db.TargetSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new TargetSettings { TenantId = tenantId };
        var metricsByTarget = metrics.ToLookup(m => m.TargetId);
        var byMember = new Dictionary<(DateOnly, DateOnly, TargetMetricKind), Dictionary<long, Figure>>();
        var processFigures = new ProcessFigures(db, now);

        var results = new Dictionary<long, TargetAttainment>();
        foreach (var target in targets)
        {
            var measured = new List<MetricAttainment>();
            foreach (var metric in metricsByTarget[target.Id])
            {
                double? actual;
                var lowerIsBetter = false;
                if (metric.Kind == TargetMetricKind.ProcessHealth)
                {
                    var processMetric = Enum.Parse<ProcessMetric>(metric.ProcessMetric!);
                    lowerIsBetter = ProcessHealthDashboard.DirectionOf(processMetric) == MetricDirection.LowerIsBetter;
                    actual = await processFigures.OfAsync(processMetric, target, org, cancellationToken);
                }
                else
                {
                    var key = (target.PeriodStart, target.PeriodEnd, metric.Kind);
                    if (!byMember.TryGetValue(key, out var figures))
                    {
                        figures = await ByMemberAsync(db, settings, metric.Kind, Utc(target.PeriodStart), Utc(target.PeriodEnd), cancellationToken);
                        byMember[key] = figures;
                    }

                    actual = Combine(metric.Kind, figures.Where(f => IsUnder(target, f.Key, org)).Select(f => f.Value).ToList());
                }

                var attainment = TargetRules.Attainment(actual, metric.Goal, lowerIsBetter);
                measured.Add(new MetricAttainment(metric, actual, attainment, TargetRules.Credit(attainment, metric.CapPercent, metric.FloorPercent)));
            }

            var result = Track(TargetTrack.Result, target.ResultWeight, measured);
            var process = Track(TargetTrack.Process, target.ProcessWeight, measured);
            var score = (result.Attainment * result.Weight + process.Attainment * process.Weight) / 100.0;
            results[target.Id] = new TargetAttainment(target.Id, score, result, process);
        }

        return results;
    }

    public static DateTime Utc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static TrackAttainment Track(TargetTrack track, int weight, List<MetricAttainment> measured)
    {
        var ofTrack = measured.Where(m => m.Metric.Track == track).ToList();
        var attainment = ofTrack.Sum(m => m.Credit * m.Metric.Weight) / 100.0;
        return new TrackAttainment(track, weight, attainment, ofTrack);
    }

    private static double? Combine(TargetMetricKind kind, List<Figure> figures) => kind switch
    {
        TargetMetricKind.ProposalPassRate => figures.Sum(f => f.Total) is var total and > 0 ? (double)figures.Sum(f => f.Met) / total : null,
        _ => figures.Sum(f => f.Value),
    };

    /// <summary>Whether a member's records count for the target's node.</summary>
    private static bool IsUnder(SalesTarget target, long memberId, OrgShape org) => target.NodeKind switch
    {
        TargetNodeKind.Company => true,
        TargetNodeKind.Region => org.RegionOfMember.GetValueOrDefault(memberId) == target.RegionId,
        TargetNodeKind.Team => org.TeamOfMember.GetValueOrDefault(memberId) == target.TeamId,
        _ => memberId == target.MemberId,
    };

    private static async Task<OrgShape> OrgShapeAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.RegionId }).ToDictionaryAsync(t => t.Id, t => t.RegionId, cancellationToken);
        var members = await db.Members.AsNoTracking().Select(m => new { m.Id, m.TeamId, m.RegionId }).ToListAsync(cancellationToken);
        return new OrgShape(
            members.ToDictionary(m => m.Id, m => m.TeamId),
            // A member's region is their team's; a region manager has a region and no team.
            members.ToDictionary(m => m.Id, m => m.TeamId is { } team && teams.TryGetValue(team, out var region) ? region : m.RegionId),
            teams);
    }

    /// <summary>One grouped query: the metric's figure for every member who has one in [from, to).</summary>
    private static async Task<Dictionary<long, Figure>> ByMemberAsync(SalesDbContext db, TargetSettings settings, TargetMetricKind kind, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        var fromDay = DateOnly.FromDateTime(start);
        var toDay = DateOnly.FromDateTime(end);
        switch (kind)
        {
            case TargetMetricKind.Collections:
                // Summed as double: SQLite keeps decimals as text and cannot SUM them exactly; cents survive a double.
                var collected = await (from collection in db.PaymentCollections
                                       join contract in db.Contracts on collection.ContractId equals contract.Id
                                       where collection.ReceivedOn >= fromDay && collection.ReceivedOn < toDay && collection.Currency == "CNY"
                                       group (double)collection.Amount by contract.OwnerId into owner
                                       select new { Owner = owner.Key, Sum = owner.Sum() }).ToListAsync(cancellationToken);
                return collected.ToDictionary(c => c.Owner, c => new Figure(c.Sum, 0, 0));
            case TargetMetricKind.SignedContractAmount:
                var signed = await db.Contracts
                    .Where(c => c.SignatureStatus == SignatureStatus.Signed && c.SignedAt >= start && c.SignedAt < end && c.Currency == "CNY")
                    .GroupBy(c => c.OwnerId).Select(owner => new { Owner = owner.Key, Sum = owner.Sum(c => (double)c.Amount) }).ToListAsync(cancellationToken);
                return signed.ToDictionary(c => c.Owner, c => new Figure(c.Sum, 0, 0));
            case TargetMetricKind.StrategicSignings:
                var strategic = await db.Contracts
                    .Where(c => c.SignatureStatus == SignatureStatus.Signed && c.SignedAt >= start && c.SignedAt < end && db.Set<StrategicAccount>().Any(s => s.AccountId == c.AccountId))
                    .GroupBy(c => c.OwnerId).Select(owner => new { Owner = owner.Key, Count = owner.Count() }).ToListAsync(cancellationToken);
                return strategic.ToDictionary(c => c.Owner, c => new Figure(c.Count, 0, 0));
            case TargetMetricKind.QualityOpportunities:
                var minAmount = (double)settings.QualityOpportunityMinAmount;
                var quality = await db.Opportunities
                    .Where(o => o.CreatedAt >= start && o.CreatedAt < end && o.Amount != null && (double)o.Amount >= minAmount && o.Probability >= settings.QualityOpportunityMinProbability)
                    .GroupBy(o => o.OwnerId).Select(owner => new { Owner = owner.Key, Count = owner.Count() }).ToListAsync(cancellationToken);
                return quality.ToDictionary(c => c.Owner, c => new Figure(c.Count, 0, 0));
            case TargetMetricKind.ProposalPassRate:
                var stageCode = settings.ProposalStageCode;
                // From the stage: the exits are a range of the (stage left, time) index, not a scan of every stage entry.
                var exits = await (from stage in db.Set<PipelineStage>()
                                   where stage.Code == stageCode
                                   join entry in db.OpportunityStageEntries on (long?)stage.Id equals entry.FromStageId
                                   where entry.EnteredAt >= start && entry.EnteredAt < end
                                   join opportunity in db.Opportunities on entry.OpportunityId equals opportunity.Id
                                   group entry by opportunity.OwnerId into owner
                                   select new { Owner = owner.Key, Total = owner.Count(), Passed = owner.Count(e => e.Kind != StageEntryKind.MovedBack) }).ToListAsync(cancellationToken);
                return exits.ToDictionary(c => c.Owner, c => new Figure(0, c.Total, c.Passed));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>
    /// Process-health figures through the process-health roll-ups (<see cref="HealthRollups"/>; the raw records only for
    /// the days they do not cover, 商机阶段停留时长 from its raw stays): per period and metric one tenant-wide reading
    /// by team (teams, regions and the company) and one by member (the reps), whatever the tree's size.
    /// </summary>
    private sealed class ProcessFigures(SalesDbContext db, DateTime now)
    {
        private readonly Dictionary<(DateOnly, DateOnly, ProcessMetric, bool), MetricResult> _results = [];
        private readonly Dictionary<(DateOnly, DateOnly), RollupCoverage> _coverage = [];
        private RollupSettings? _settings;

        public async Task<double?> OfAsync(ProcessMetric metric, SalesTarget target, OrgShape org, CancellationToken cancellationToken)
        {
            if (target.NodeKind == TargetNodeKind.Member)
            {
                var byMember = await ResultAsync(metric, target, byMember: true, cancellationToken);
                return byMember.ByGroup.FirstOrDefault(g => g.GroupId == target.MemberId)?.Value;
            }

            var ofTenant = await ResultAsync(metric, target, byMember: false, cancellationToken);
            return target.NodeKind switch
            {
                TargetNodeKind.Company => ofTenant.Value,
                TargetNodeKind.Team => ofTenant.ByGroup.FirstOrDefault(g => g.GroupId == target.TeamId)?.Value,
                _ => Combined(ofTenant.ByGroup.Where(g => g.GroupId is { } team && org.RegionOfTeam.GetValueOrDefault(team) == target.RegionId).ToList()),
            };
        }

        /// <summary>Teams add up: a rate as met over total, any other figure weighted by its count.</summary>
        private static double? Combined(List<GroupFigure> groups)
        {
            var total = groups.Sum(g => g.Total);
            if (total == 0)
            {
                return null;
            }

            return groups.All(g => g.Met is not null)
                ? (double)groups.Sum(g => g.Met!.Value) / total
                : groups.Where(g => g.Value is not null).Sum(g => g.Value!.Value * g.Total) / total;
        }

        private async Task<MetricResult> ResultAsync(ProcessMetric metric, SalesTarget target, bool byMember, CancellationToken cancellationToken)
        {
            var key = (target.PeriodStart, target.PeriodEnd, metric, byMember);
            if (_results.TryGetValue(key, out var known))
            {
                return known;
            }

            var scope = new HealthScope(HealthScopeKind.Tenant, null) { ByMember = byMember };
            var from = Utc(target.PeriodStart);
            var to = Utc(target.PeriodEnd);
            MetricResult result;
            if (metric == ProcessMetric.StageDwell)
            {
                result = await ProcessMetricEngine.StageDwellAsync(db, scope, from, to, false, cancellationToken);
            }
            else
            {
                _settings ??= await RollupSettings.OfAsync(db, cancellationToken);
                if (!_coverage.TryGetValue((target.PeriodStart, target.PeriodEnd), out var coverage))
                {
                    coverage = await HealthRollups.CoverageAsync(db, _settings, from, to, cancellationToken);
                    _coverage[(target.PeriodStart, target.PeriodEnd)] = coverage;
                }

                result = await HealthRollups.MeasureAsync(db, coverage, metric, scope, from, to, now, _settings, cancellationToken);
            }

            _results[key] = result;
            return result;
        }
    }
}
