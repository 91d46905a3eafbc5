using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Clustering;

public static class ClusteringModule
{
    public static IServiceCollection AddBehaviourClustering(this IServiceCollection services) =>
        services.AddSingleton<IQueryFields, BehaviourClusterQueries>();
}
