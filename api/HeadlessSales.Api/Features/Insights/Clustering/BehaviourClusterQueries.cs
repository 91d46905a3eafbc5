using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Clustering;

public sealed class BehaviourClusterQueries(ISalesDbContextPool pool) : IQueryFields
{
    public const int MinClusters = 2;
    public const int MaxClusters = 10;
    public const int DefaultClusters = 4;
    public const int DefaultNewHireDays = 180;
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    /// <summary>Those who see a scope as a whole: reps see no one's behaviour but their own, which a cluster of one is not.</summary>
    private static readonly MemberRole[] Analysts = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    public void AddTo(ObjectGraphType query)
    {
        query.Field<BehaviourClusterAnalysisType>("behaviourClusters")
            .Authorize(Scopes.SalesRead, Analysts)
            .Description("Clusters the active reps of a team, region or the tenant by their twelve behaviour metrics over a period (k-means on z-scores "
                + "weighted by how well each metric goes with the tenured reps' wins, deterministic for a seed), explains each cluster by its most "
                + "distinctive metrics, and flags the fifth of the new hires whose behaviour leans furthest towards the top performers' cluster. Null for a scope the caller "
                + "does not wholly see, as for one that does not exist.")
            .Argument<NonNullGraphType<BehaviourClustersInputType>>("input")
            .ResolveAsync(async ctx => await ClusterAsync(ctx, new InputFields(ctx.GetArgument<Dictionary<string, object?>>("input") ?? [], "input")));
    }

    private async Task<BehaviourClusterAnalysis?> ClusterAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        var period = new InputFields(input.Get<Dictionary<string, object?>>("period") ?? [], input.PathOf("period"));
        var from = period.Get<DateTime>("from").ToUniversalTime();
        var to = period.Get<DateTime>("to").ToUniversalTime();
        var clusterCount = input.Get<int?>("clusterCount") ?? DefaultClusters;
        var newHireDays = input.Get<int?>("newHireDays") ?? DefaultNewHireDays;
        var scope = InsightsMutations.ReadScope(new InputFields(input.Get<Dictionary<string, object?>>("scope") ?? [], input.PathOf("scope")));
        var problem = to <= from ? "The period must end after it starts."
            : to - from > MaxPeriod ? "The period may last at most 366 days."
            : clusterCount is < MinClusters or > MaxClusters ? $"clusterCount is {MinClusters} to {MaxClusters}."
            : newHireDays is < 0 or > 3660 ? "newHireDays is 0 to 3660."
            : scope is null ? "Give exactly one of scope.teamId, scope.regionId or scope.tenant: true."
            : null;
        if (problem is not null)
        {
            throw new ExecutionError(problem) { Code = "VALIDATION_FAILED" };
        }

        await using (var db = ctx.Database())
        {
            if (!await AttributionVisibility.MaySeeAsync(db, scope!, ct))
            {
                return null;
            }
        }

        // Authorised as a whole: the figures are the scope's, whoever asked.
        await using var tenant = pool.Rent(ctx.TenantId());
        var hiredAfter = DateOnly.FromDateTime(to).AddDays(-newHireDays);
        var reps = await AttributionAnalysis.RepsIn(tenant, scope!).AsNoTracking().OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.HiredOn }).ToListAsync(ct);
        var figures = await BehaviourMetricReader.ReadAsync(tenant, reps.Select(r => (r.Id, r.HiredOn > hiredAfter)).ToList(), from, to, ct);
        var seed = input.Get<int?>("seed") ?? 1;
        return new BehaviourClusterAnalysis(from, to, scope!, clusterCount, newHireDays, BehaviourClustering.Cluster(figures, clusterCount, seed));
    }
}
