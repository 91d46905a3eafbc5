using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Segmentation;

public static class SegmentationModule
{
    public static IServiceCollection AddSegmentation(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, SegmentationQueries>();
        services.AddSingleton<IMutationFields, SegmentationMutations>();
        return services;
    }
}
