using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
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
        var metrics = new List<MetricReport>();
        foreach (var metric in Metrics)
        {
            var current = await MeasureAsync(db, metric, scope, from, to, now, settings, requiredTags, detailed: true, cancellationToken);
            var previous = await MeasureAsync(db, metric, scope, previousFrom, from, now, settings, requiredTags, detailed: false, cancellationToken);
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
        var chain = new List<(HealthScopeKind Kind, long Id)>();
        if (scope.Kind == HealthScopeKind.Member)
        {
            chain.Add((HealthScopeKind.Member, scope.Id!.Value));
            var teamId = await db.Members.IgnoreQueryFilters().Where(m => m.TenantId == db.CurrentTenantId && m.Id == scope.Id).Select(m => m.TeamId).FirstOrDefaultAsync(cancellationToken);
            if (teamId is { } team)
            {
                chain.Add((HealthScopeKind.Team, team));
            }
        }
        else if (scope.Kind == HealthScopeKind.Team)
        {
            chain.Add((HealthScopeKind.Team, scope.Id!.Value));
        }

        if (chain.LastOrDefault() is (HealthScopeKind.Team, var chainTeam))
        {
            var regionId = await db.Teams.IgnoreQueryFilters().Where(t => t.TenantId == db.CurrentTenantId && t.Id == chainTeam).Select(t => (long?)t.RegionId).FirstOrDefaultAsync(cancellationToken);
            if (regionId is { } region)
            {
                chain.Add((HealthScopeKind.Region, region));
            }
        }
        else if (scope.Kind == HealthScopeKind.Region)
        {
            chain.Add((HealthScopeKind.Region, scope.Id!.Value));
        }

        var (members, teams, regions) = (IdsOf(HealthScopeKind.Member), IdsOf(HealthScopeKind.Team), IdsOf(HealthScopeKind.Region));
        var candidates = chain.Count == 0 ? [] : await db.HealthThresholds.AsNoTracking()
            .Where(t => (t.ScopeKind == HealthScopeKind.Member && members.Contains(t.ScopeId))
                || (t.ScopeKind == HealthScopeKind.Team && teams.Contains(t.ScopeId))
                || (t.ScopeKind == HealthScopeKind.Region && regions.Contains(t.ScopeId)))
            .ToListAsync(cancellationToken);
        List<long> IdsOf(HealthScopeKind kind) => chain.Where(c => c.Kind == kind).Select(c => c.Id).ToList();

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

    private static async Task<MetricResult> MeasureAsync(
        SalesDbContext db, ProcessMetric metric, HealthScope scope, DateTime from, DateTime to, DateTime now, ProcessHealthSettings settings,
        IReadOnlyCollection<string> requiredTags, bool detailed, CancellationToken cancellationToken) => metric switch
    {
        ProcessMetric.AssignmentRate => MetricResult.FromRates(await ProcessMetricEngine.AssignmentRateAsync(db, scope, from, to, now, cancellationToken)),
        ProcessMetric.ResponseRate => MetricResult.FromRates(await ProcessMetricEngine.ResponseRateAsync(db, scope, from, to, now, cancellationToken)),
        ProcessMetric.FollowUpRate => MetricResult.FromRates(await ProcessMetricEngine.FollowUpRateAsync(db, scope, from, to, now, settings.FollowUpWindowDays, cancellationToken)),
        ProcessMetric.StageDwell => await ProcessMetricEngine.StageDwellAsync(db, scope, from, to, detailed, cancellationToken),
        ProcessMetric.TagCoverage => MetricResult.FromRates(await ProcessMetricEngine.TagCoverageAsync(db, scope, from, to, requiredTags, cancellationToken)),
        ProcessMetric.VideoDemoFrequency => await ProcessMetricEngine.VideoDemoFrequencyAsync(db, scope, from, to, now, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

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

public sealed class HealthStatusType : EnumerationGraphType<HealthStatus>
{
    public HealthStatusType() => Name = "HealthStatus";
}

public sealed class ProcessMetricType : EnumerationGraphType<ProcessMetric>
{
    public ProcessMetricType()
    {
        Name = "ProcessMetric";
        Description = "ASSIGNMENT_RATE is 30分钟分配率, RESPONSE_RATE is 线索响应率, FOLLOW_UP_RATE is 3日跟进完成率, STAGE_DWELL is 商机阶段停留时长, "
            + "TAG_COVERAGE is 跟进标签覆盖率, VIDEO_DEMO_FREQUENCY is 视频演示频次.";
    }
}

public sealed class MetricUnitType : EnumerationGraphType<MetricUnit>
{
    public MetricUnitType()
    {
        Name = "MetricUnit";
        Description = "RATIO: a share from 0 to 1. DAYS: days with fractions. PER_REP_PER_WEEK: events per active rep per week.";
    }
}

public sealed class MetricDirectionType : EnumerationGraphType<MetricDirection>
{
    public MetricDirectionType()
    {
        Name = "MetricDirection";
        Description = "Which way is good: a rate or a frequency should be high, a dwell time low.";
    }
}

public sealed class HealthScopeKindType : EnumerationGraphType<HealthScopeKind>
{
    public HealthScopeKindType()
    {
        Name = "HealthScopeKind";
        Description = "A member, a team, a region or the whole tenant.";
    }
}

public sealed class ProcessHealthScopeInputType : InputObjectGraphType
{
    public ProcessHealthScopeInputType()
    {
        Name = "ProcessHealthScopeInput";
        Description = "Exactly one of: a member, a team, a region, or `tenant: true`.";
        Field<IdGraphType>("memberId");
        Field<IdGraphType>("teamId");
        Field<IdGraphType>("regionId");
        Field<BooleanGraphType>("tenant");
    }
}

public sealed class HealthContributorType : ObjectGraphType<HealthContributor>
{
    public HealthContributorType()
    {
        Name = "HealthContributor";
        Description = "A member (in a member or team scope) or a team (in a region or tenant scope) and its own figure.";
        Field<MemberType>("member")
            .Resolve(ctx => ctx.Source.MemberId is { } id ? ctx.RequestServices!.GetRequiredService<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<TeamType>("team")
            .Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.RequestServices!.GetRequiredService<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field<FloatGraphType>("value").Description("In the metric's unit; for STAGE_DWELL the contributor's mean, not median.").Resolve(ctx => ctx.Source.Figure.Value);
        Field<NonNullGraphType<IntGraphType>>("total")
            .Description("Cases judged (rates), stays measured (STAGE_DWELL), active reps (VIDEO_DEMO_FREQUENCY).")
            .Resolve(ctx => ctx.Source.Figure.Total);
        Field<IntGraphType>("met").Description("Cases that met the standard; null for metrics that are not rates.").Resolve(ctx => ctx.Source.Figure.Met);
    }
}

public sealed class StageDwellFigureType : ObjectGraphType<StageDwellFigure>
{
    public StageDwellFigureType()
    {
        Name = "StageDwell";
        Description = "How long opportunities stayed in one stage, over the stays that ended in the period.";
        Field<NonNullGraphType<PipelineStageType>>("stage")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<PipelineStageByIdDataLoader>().LoadAsync(ctx.Source.StageId));
        Field<NonNullGraphType<IntGraphType>>("stays").Description("Stays that ended in the period.").Resolve(ctx => ctx.Source.Stays);
        Field<NonNullGraphType<FloatGraphType>>("meanDays").Resolve(ctx => ctx.Source.MeanDays);
        Field<NonNullGraphType<FloatGraphType>>("medianDays").Resolve(ctx => ctx.Source.MedianDays);
    }
}

public sealed class MetricReportType : ObjectGraphType<MetricReport>
{
    public MetricReportType()
    {
        Name = "ProcessMetricReport";
        Description = "One metric of a scope for a period.";
        Field<NonNullGraphType<ProcessMetricType>>("metric").Resolve(ctx => ctx.Source.Metric);
        Field<FloatGraphType>("value").Description("In `unit`; null when there was nothing to judge.").Resolve(ctx => ctx.Source.Current.Value);
        Field<NonNullGraphType<MetricUnitType>>("unit").Resolve(ctx => ctx.Source.Unit);
        Field<NonNullGraphType<MetricDirectionType>>("direction").Resolve(ctx => ctx.Source.Direction);
        Field<NonNullGraphType<IntGraphType>>("total")
            .Description("Rates: cases judged (a case whose deadline is still running and not yet met is left out). STAGE_DWELL: stays that ended. VIDEO_DEMO_FREQUENCY: demos given.")
            .Resolve(ctx => ctx.Source.Current.Total);
        Field<IntGraphType>("met").Description("Rates: cases that met the standard; null for metrics that are not rates.").Resolve(ctx => ctx.Source.Current.Met);
        Field<NonNullGraphType<FloatGraphType>>("threshold").Description("The target, in `unit`: at or better than it the metric is OK.").Resolve(ctx => ctx.Source.Target);
        Field<NonNullGraphType<FloatGraphType>>("warningLimit")
            .Description("Worse than the target but not past this it warns; past it (below when HIGHER_IS_BETTER, above when LOWER_IS_BETTER) it is breached.")
            .Resolve(ctx => ctx.Source.WarningLimit);
        Field<FloatGraphType>("warningBelow")
            .Description("The warning limit of a HIGHER_IS_BETTER metric; null for a LOWER_IS_BETTER one.")
            .DeprecationReason("Use `warningLimit` with `direction`.")
            .Resolve(ctx => ctx.Source.Direction == MetricDirection.HigherIsBetter ? ctx.Source.WarningLimit : null);
        Field<NonNullGraphType<HealthScopeKindType>>("thresholdScope")
            .Description("Whose threshold applies: the scope's own or the nearest above it (member → team → region → tenant).")
            .Resolve(ctx => ctx.Source.ThresholdScope);
        Field<NonNullGraphType<HealthStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field<FloatGraphType>("previousValue").Description("The value in the period of the same length just before.").Resolve(ctx => ctx.Source.PreviousValue);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HealthContributorType>>>>("lowestContributors")
            .Description("The members or teams worse than the target, worst first.")
            .Resolve(ctx => ctx.Source.LowestContributors);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StageDwellFigureType>>>>("stages")
            .Description("STAGE_DWELL per stage (stages with a stay that ended in the period); empty for the other metrics.")
            .Resolve(ctx => ctx.Source.Current.ByStage);
    }
}

public sealed class ProcessHealthReportType : ObjectGraphType<ProcessHealthReport>
{
    public ProcessHealthReportType()
    {
        Name = "ProcessHealth";
        Description = "Whether the sales process is being followed in a scope and period.";
        Field<NonNullGraphType<UtcDateTimeGraphType>>("from").Resolve(ctx => ctx.Source.From);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("to").Resolve(ctx => ctx.Source.To);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("previousFrom").Description("Start of the previous period, which ends at `from`.").Resolve(ctx => ctx.Source.PreviousFrom);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricReportType>>>>("metrics").Resolve(ctx => ctx.Source.Metrics);
    }
}

public sealed class ProcessHealthFields(TimeProvider clock) : IQueryFields
{
    /// <summary>A longer period is a report, not a dashboard.</summary>
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ProcessHealthReportType>>("processHealth")
            .Authorize(Scopes.SalesRead)
            .Description("Each process metric of a scope the caller sees, for [from, to): value, threshold, status, the previous period's value and the lowest contributors.")
            .Argument<NonNullGraphType<ProcessHealthScopeInputType>>("scope")
            .Argument<NonNullGraphType<PeriodInputType>>("period")
            .ResolveAsync(async ctx =>
            {
                var scope = ReadScope(ctx.GetArgument<Dictionary<string, object?>>("scope"));
                var period = ctx.GetArgument<Dictionary<string, object?>>("period");
                var from = ((DateTime)period["from"]!).ToUniversalTime();
                var to = ((DateTime)period["to"]!).ToUniversalTime();
                if (to <= from || to - from > MaxPeriod)
                {
                    throw new ExecutionError("The period must end after it starts and last at most 366 days.") { Code = "INVALID_PERIOD" };
                }

                await using var db = ctx.Database();
                if (!await MaySeeAsync(db, ctx.Actor(), scope, ctx.CancellationToken))
                {
                    throw new ExecutionError("The caller may not see this scope's process health.") { Code = "FORBIDDEN" };
                }

                return await ProcessHealthDashboard.ReportAsync(db, scope, from, to, clock.GetUtcNow().UtcDateTime, ctx.CancellationToken);
            });
    }

    internal static HealthScope ReadScope(Dictionary<string, object?> input)
    {
        var given = new List<HealthScope>();
        if (input.GetValueOrDefault("memberId") is string member)
        {
            given.Add(new HealthScope(HealthScopeKind.Member, Decode(member, "Member")));
        }

        if (input.GetValueOrDefault("teamId") is string team)
        {
            given.Add(new HealthScope(HealthScopeKind.Team, Decode(team, "Team")));
        }

        if (input.GetValueOrDefault("regionId") is string region)
        {
            given.Add(new HealthScope(HealthScopeKind.Region, Decode(region, "Region")));
        }

        if (input.GetValueOrDefault("tenant") is true)
        {
            given.Add(new HealthScope(HealthScopeKind.Tenant, null));
        }

        return given.Count == 1
            ? given[0]
            : throw new ExecutionError("Give exactly one of memberId, teamId, regionId or tenant: true.") { Code = "INVALID_SCOPE" };
    }

    private static long Decode(string id, string type) =>
        GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };

    /// <summary>A scope is visible when every member in it is: a rep sees themselves, a team lead the team, a region manager the region.</summary>
    internal static async Task<bool> MaySeeAsync(SalesDbContext db, Actor actor, HealthScope scope, CancellationToken cancellationToken)
    {
        if (actor.VisibleOwnerIds is null)
        {
            return true;
        }

        var visible = actor.VisibleOwnerIds.ToList();
        return scope.Kind switch
        {
            HealthScopeKind.Member => visible.Contains(scope.Id!.Value),
            HealthScopeKind.Team => await db.Teams.AnyAsync(t => t.Id == scope.Id, cancellationToken)
                && !await db.Members.AnyAsync(m => m.TeamId == scope.Id && !visible.Contains(m.Id), cancellationToken),
            HealthScopeKind.Region => await db.Regions.AnyAsync(r => r.Id == scope.Id, cancellationToken)
                && !await db.Members.AnyAsync(m => db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == scope.Id) && !visible.Contains(m.Id), cancellationToken),
            _ => false,
        };
    }
}
