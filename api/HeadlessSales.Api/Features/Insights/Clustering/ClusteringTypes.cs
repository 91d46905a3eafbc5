using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Clustering;

/// <summary>The answer of <c>behaviourClusters</c>: the clustering and what it ran on.</summary>
public sealed record BehaviourClusterAnalysis(DateTime From, DateTime To, AttributionScope Scope, int ClusterCount, int NewHireDays, BehaviourClusterResult Result);

public sealed class BehaviourMetricType : EnumerationGraphType<BehaviourMetric>
{
    public BehaviourMetricType()
    {
        Name = "BehaviourMetric";
        Description = "The twelve behaviour metrics of a rep over a period (defined in the Insights notes): rates are 0–1, `…_PER_WEEK` per week of the period.";
    }
}

public sealed class MetricStatisticsType : ObjectGraphType<MetricStatistics>
{
    public MetricStatisticsType()
    {
        Name = "BehaviourMetricStatistics";
        Description = "A metric over the reps of the scope who had something to measure: what z-scores are taken against.";
        Field<NonNullGraphType<BehaviourMetricType>>("metric").Resolve(ctx => ctx.Source.Metric);
        Field(s => s.Mean);
        Field(s => s.StandardDeviation).Description("Population standard deviation; 0 when every rep is alike (all z-scores are then 0).");
        Field(s => s.Weight).Description("What the metric counts for in the clustering: its correlation with the tenured reps' wins (−1 to 1), "
            + "or 1 for every metric when the scope has fewer than 10 tenured reps or their wins are all alike.");
    }
}

public sealed class MetricScoreType : ObjectGraphType<MetricScore>
{
    public MetricScoreType()
    {
        Name = "BehaviourMetricScore";
        Field<NonNullGraphType<BehaviourMetricType>>("metric").Resolve(ctx => ctx.Source.Metric);
        Field(s => s.Value, nullable: true).Description("The value; null for a rep with nothing to measure (e.g. no technical question), who counts as average.");
        Field(s => s.ZScore).Description("(value − mean) ÷ standard deviation over the scope's reps.");
    }
}

public sealed class RepBehaviourType : ObjectGraphType<RepBehaviour>
{
    public RepBehaviourType()
    {
        Name = "RepBehaviour";
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(r => r.Cluster).Description("The index of the rep's cluster (1: the top performers').");
        Field(r => r.IsNewHire).Description("Hired within `newHireDays` before the period ended.");
        Field(r => r.Flagged).Description("A new hire among the fifth of the new hires (rounded, at least one) whose (weighted) behaviour leans "
            + "furthest towards the top performers' centroid; in a scope with too few tenured reps to weight by, a new hire in the top performers' cluster.");
        Field(r => r.Wins).Description("Opportunities that entered their pipeline's last stage in the period: what ranks the clusters.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricScoreType>>>>("metrics").Resolve(ctx => ctx.Source.Metrics);
    }
}

public sealed class BehaviourClusterType : ObjectGraphType<BehaviourCluster>
{
    public BehaviourClusterType()
    {
        Name = "BehaviourCluster";
        Field(c => c.Index).Description("1 for the cluster whose tenured reps won most, and so on.");
        Field(c => c.IsTopPerformers).Description("The cluster whose tenured reps won most: new hires are flagged by how far they lean towards its centroid.");
        Field(c => c.MeanWins, nullable: true).Description("Mean wins of its tenured reps; null when it has only new hires.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberType>>>>("members")
            .Resolve(ctx => LoadedLists.Of(ctx.Source.MemberIds, ctx.DataLoader<MemberByIdDataLoader>().LoadAsync));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricScoreType>>>>("centroid")
            .Description("The cluster's centre: each metric's mean value and mean z-score over its members.").Resolve(ctx => ctx.Source.Centroid);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricScoreType>>>>("distinctive")
            .Description($"What sets it apart: up to {BehaviourClustering.DistinctiveMetrics} centroid metrics with |z| ≥ {BehaviourClustering.DistinctiveThreshold}, largest first.")
            .Resolve(ctx => ctx.Source.Distinctive);
        Field(c => c.Explanation).Description("The distinctive metrics in words, e.g. \"video demos a week above average (+1.0 σ)\".");
    }
}

public sealed class BehaviourClusterAnalysisType : ObjectGraphType<BehaviourClusterAnalysis>
{
    public BehaviourClusterAnalysisType()
    {
        Name = "BehaviourClusterAnalysis";
        Description = "Reps of a scope clustered by their twelve behaviour metrics (k-means), each cluster explained, new hires who behave like the top performers flagged.";
        Field(a => a.From, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(a => a.To, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(a => a.ClusterCount).Description("k asked for (fewer clusters when there are fewer reps, or a cluster stayed empty).");
        Field<NonNullGraphType<IntGraphType>>("seed").Resolve(ctx => ctx.Source.Result.Seed);
        Field(a => a.NewHireDays);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricStatisticsType>>>>("statistics").Resolve(ctx => ctx.Source.Result.Statistics);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BehaviourClusterType>>>>("clusters").Resolve(ctx => ctx.Source.Result.Clusters);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RepBehaviourType>>>>("reps").Description("Every active rep of the scope, by member id.").Resolve(ctx => ctx.Source.Result.Reps);
    }
}

public sealed class BehaviourClustersInputType : InputObjectGraphType
{
    public BehaviourClustersInputType()
    {
        Name = "BehaviourClustersInput";
        Field<NonNullGraphType<PeriodInputType>>("period").Description("The half-open period [from, to), at most 366 days.");
        Field<NonNullGraphType<AttributionScopeInputType>>("scope").Description("A team, a region or the tenant, which the caller must wholly see.");
        Field<IntGraphType>("clusterCount").Description($"k, {BehaviourClusterQueries.MinClusters} to {BehaviourClusterQueries.MaxClusters}; {BehaviourClusterQueries.DefaultClusters} when left out.");
        Field<IntGraphType>("seed").Description("The same seed on the same data gives the same clusters; 1 when left out.");
        Field<IntGraphType>("newHireDays").Description($"A rep hired within this many days before the period ended is a new hire; {BehaviourClusterQueries.DefaultNewHireDays} when left out.");
    }
}
