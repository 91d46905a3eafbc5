using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

/// <summary>
/// Every metric's value for the tenant, each region and each team over one period, from one tenant-wide read per metric
/// grouped by team: rates and demo counts are summed per region from the teams' integer counts, medians come from one
/// histogram grouped by team (<see cref="HealthDwell.MediansByScopeAsync"/>). The values are those of a report per scope
/// (<see cref="ProcessHealthDashboard.ReportAsync"/>) without the previous period, lowest contributors or per-stage figures;
/// what the alert evaluation judges.
/// </summary>
public sealed class ScopeFigures
{
    private readonly Dictionary<(ProcessMetric Metric, HealthScopeKind Kind, long? Id), double?> _values = [];
    private readonly ProcessHealthSettings _settings;
    private readonly List<HealthThreshold> _thresholds;

    private ScopeFigures(ProcessHealthSettings settings, List<HealthThreshold> thresholds)
    {
        _settings = settings;
        _thresholds = thresholds;
    }

    public double? ValueOf(ProcessMetric metric, HealthScopeKind kind, long? id) => _values.GetValueOrDefault((metric, kind, id));

    /// <summary>The threshold the scope's dashboard would apply: the team's own, else its region's, else the tenant's.</summary>
    public AppliedThreshold ThresholdOf(ProcessMetric metric, HealthScopeKind kind, long? id, long? regionId)
    {
        var chain = new List<(HealthScopeKind Kind, long Id)>();
        if (kind is HealthScopeKind.Team or HealthScopeKind.Region && id is { } own)
        {
            chain.Add((kind, own));
        }

        if (kind == HealthScopeKind.Team && regionId is { } region)
        {
            chain.Add((HealthScopeKind.Region, region));
        }

        return ProcessHealthDashboard.ThresholdsOf(_settings, _thresholds, chain)[metric];
    }

    /// <param name="regionOfTeam">Every team evaluated, with its current region.</param>
    public static async Task<ScopeFigures> MeasureAsync(SalesDbContext db, IReadOnlyDictionary<long, long> regionOfTeam, DateTime from, DateTime now, CancellationToken cancellationToken)
    {
        var settings = await ProcessHealthDashboard.SettingsAsync(db, cancellationToken);
        var figures = new ScopeFigures(settings, await db.HealthThresholds.AsNoTracking().ToListAsync(cancellationToken));
        var rollupSettings = new RollupSettings(settings.FollowUpWindowDays, await ProcessHealthDashboard.RequiredTagCodesAsync(db, settings, cancellationToken));
        var coverage = await HealthRollups.CoverageAsync(db, rollupSettings, from, now, cancellationToken);
        var tenant = new HealthScope(HealthScopeKind.Tenant, null);
        var regions = regionOfTeam.Values.Distinct().ToList();

        foreach (var metric in HealthRollups.RolledUp.Where(m => m != ProcessMetric.VideoDemoFrequency))
        {
            var result = await HealthRollups.MeasureAsync(db, coverage, metric, tenant, from, now, now, rollupSettings, cancellationToken);
            var counts = result.ByGroup.Select(g => (TeamId: g.GroupId, Cases: g.Total, Met: g.Met ?? 0)).ToList();
            figures.Record(metric, regionOfTeam, regions, result.Value, counts, (cases, met) => cases == 0 ? null : (double)met / cases);
        }

        var (weeks, demos) = await HealthRollups.DemoCountsAsync(db, coverage, tenant, from, now, now, cancellationToken);
        var demoCounts = demos.Select(d => (TeamId: d.GroupId, Cases: d.Reps, Met: d.Demos)).ToList();
        double? Frequency(int reps, int given) => weeks <= 0 || reps == 0 ? null : given / (reps * weeks);
        figures.Record(ProcessMetric.VideoDemoFrequency, regionOfTeam, regions, Frequency(demoCounts.Sum(d => d.Cases), demoCounts.Sum(d => d.Met)), demoCounts, Frequency);

        foreach (var ((kind, id), days) in await HealthDwell.MediansByScopeAsync(db, coverage, from, now, regionOfTeam, cancellationToken))
        {
            figures._values[(ProcessMetric.StageDwell, kind, id)] = days;
        }

        return figures;
    }

    /// <summary>The tenant's value as measured; a team's and a region's from the teams' counts, as their own scope's query would count them.</summary>
    private void Record(
        ProcessMetric metric, IReadOnlyDictionary<long, long> regionOfTeam, List<long> regions, double? tenantValue,
        List<(long? TeamId, int Cases, int Met)> byTeam, Func<int, int, double?> valueOf)
    {
        _values[(metric, HealthScopeKind.Tenant, null)] = tenantValue;
        foreach (var team in regionOfTeam.Keys)
        {
            var own = byTeam.Where(c => c.TeamId == team).ToList();
            _values[(metric, HealthScopeKind.Team, team)] = valueOf(own.Sum(c => c.Cases), own.Sum(c => c.Met));
        }

        foreach (var region in regions)
        {
            var own = byTeam.Where(c => c.TeamId is { } team && regionOfTeam.GetValueOrDefault(team) == region).ToList();
            _values[(metric, HealthScopeKind.Region, region)] = valueOf(own.Sum(c => c.Cases), own.Sum(c => c.Met));
        }
    }
}
