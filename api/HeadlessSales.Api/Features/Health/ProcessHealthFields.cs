using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Health;

public enum HealthStatus
{
    Ok,
    Warning,
    Breached,

    /// <summary>Nothing to judge in the period: no value, so no verdict.</summary>
    NoData,
}

public sealed record HealthContributor(long? MemberId, long? TeamId, RateCount Count);

public sealed record MetricReport(
    ProcessMetric Metric, RateResult Current, double? PreviousValue, double Target, double WarningBelow, HealthStatus Status,
    IReadOnlyList<HealthContributor> LowestContributors);

public sealed record ProcessHealthReport(HealthScope Scope, DateTime From, DateTime To, DateTime PreviousFrom, IReadOnlyList<MetricReport> Metrics);

/// <summary>The dashboard: every metric of a scope for a period, judged against the tenant's targets.</summary>
public static class ProcessHealth
{
    public static async Task<ProcessHealthReport> ReportAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(db, cancellationToken);
        // The previous period has the same length and ends where this one starts.
        var previousFrom = from - (to - from);
        var metrics = new List<MetricReport>();
        foreach (var (metric, target) in new[] { (ProcessMetric.AssignmentRate, settings.AssignmentRateTarget), (ProcessMetric.ResponseRate, settings.ResponseRateTarget) })
        {
            var current = await RateAsync(db, metric, scope, from, to, now, cancellationToken);
            var previous = await RateAsync(db, metric, scope, previousFrom, from, now, cancellationToken);
            var warningBelow = Math.Max(0, target - settings.WarningBand);
            metrics.Add(new MetricReport(metric, current, previous.Value, target, warningBelow, Judge(current.Value, target, warningBelow),
                Lowest(scope, current, settings.LowestContributors)));
        }

        return new ProcessHealthReport(scope, from, to, previousFrom, metrics);
    }

    public static HealthStatus Judge(double? value, double target, double warningBelow) => value switch
    {
        null => HealthStatus.NoData,
        var v when v >= target => HealthStatus.Ok,
        var v when v >= warningBelow => HealthStatus.Warning,
        _ => HealthStatus.Breached,
    };

    public static async Task<ProcessHealthSettings> SettingsAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        await db.ProcessHealthSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new ProcessHealthSettings { TenantId = db.CurrentTenantId };

    private static Task<RateResult> RateAsync(SalesDbContext db, ProcessMetric metric, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken) =>
        metric == ProcessMetric.AssignmentRate
            ? ProcessMetricEngine.AssignmentRateAsync(db, scope, from, to, now, cancellationToken)
            : ProcessMetricEngine.ResponseRateAsync(db, scope, from, to, now, cancellationToken);

    /// <summary>The members or teams that pull the figure down most: lowest share first, then the most cases missed.</summary>
    private static List<HealthContributor> Lowest(HealthScope scope, RateResult result, int count) =>
        result.ByGroup.Where(g => g.GroupId is not null && g.Total > 0 && g.Met < g.Total)
            .OrderBy(g => g.Value).ThenByDescending(g => g.Total - g.Met).ThenBy(g => g.GroupId)
            .Take(count)
            .Select(g => scope.BreaksDownByMember ? new HealthContributor(g.GroupId, null, g) : new HealthContributor(null, g.GroupId, g))
            .ToList();
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
        Description = "ASSIGNMENT_RATE is 30分钟分配率, RESPONSE_RATE is 线索响应率.";
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

public sealed class PeriodInputType : InputObjectGraphType
{
    public PeriodInputType()
    {
        Name = "PeriodInput";
        Description = "The half-open period [from, to).";
        Field<NonNullGraphType<UtcDateTimeGraphType>>("from");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("to");
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
        Field<FloatGraphType>("value").Resolve(ctx => ctx.Source.Count.Value);
        Field<NonNullGraphType<IntGraphType>>("total").Description("Cases judged.").Resolve(ctx => ctx.Source.Count.Total);
        Field<NonNullGraphType<IntGraphType>>("met").Description("Cases that met their deadline.").Resolve(ctx => ctx.Source.Count.Met);
    }
}

public sealed class MetricReportType : ObjectGraphType<MetricReport>
{
    public MetricReportType()
    {
        Name = "ProcessMetricReport";
        Description = "One metric of a scope for a period.";
        Field<NonNullGraphType<ProcessMetricType>>("metric").Resolve(ctx => ctx.Source.Metric);
        Field<FloatGraphType>("value").Description("A share from 0 to 1; null when there was nothing to judge.").Resolve(ctx => ctx.Source.Current.Value);
        Field<NonNullGraphType<IntGraphType>>("total").Description("Cases judged; a case whose deadline is still running and not yet met is left out.").Resolve(ctx => ctx.Source.Current.Total);
        Field<NonNullGraphType<IntGraphType>>("met").Resolve(ctx => ctx.Source.Current.Met);
        Field<NonNullGraphType<FloatGraphType>>("threshold").Description("The target: at or above it the metric is OK.").Resolve(ctx => ctx.Source.Target);
        Field<NonNullGraphType<FloatGraphType>>("warningBelow").Description("Below the target but at or above this it warns; below this it is breached.").Resolve(ctx => ctx.Source.WarningBelow);
        Field<NonNullGraphType<HealthStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field<FloatGraphType>("previousValue").Description("The value in the period of the same length just before.").Resolve(ctx => ctx.Source.PreviousValue);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HealthContributorType>>>>("lowestContributors")
            .Description("The members or teams that pull the value down, lowest first.")
            .Resolve(ctx => ctx.Source.LowestContributors);
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

                return await ProcessHealth.ReportAsync(db, scope, from, to, clock.GetUtcNow().UtcDateTime, ctx.CancellationToken);
            });
    }

    private static HealthScope ReadScope(Dictionary<string, object?> input)
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
    private static async Task<bool> MaySeeAsync(SalesDbContext db, Actor actor, HealthScope scope, CancellationToken cancellationToken)
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
