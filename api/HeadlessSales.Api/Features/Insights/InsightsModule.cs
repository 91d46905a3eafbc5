using HeadlessSales.Api.Features.Insights.Rhythm;
using HeadlessSales.Api.Features.Insights.Slicing;
using HeadlessSales.Api.Features.Insights.Bottlenecks;
using HeadlessSales.Api.Features.Insights.Clustering;
using HeadlessSales.Api.Features.Insights.Segmentation;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Scheduling;

namespace HeadlessSales.Api.Features.Insights;

public static class InsightsModule
{
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.AddOptions<InsightsOptions>().BindConfiguration(InsightsOptions.Section);
        services.AddSingleton<IQueryFields, InsightsQueries>();
        services.AddSingleton<IMutationFields, InsightsMutations>();
        services.AddSingleton<ITimerHandler, MonthlyAttributionJob>();
        services.AddHostedService<MonthlyAttributionScheduler>();

        services.AddScoped<AttributionFindingsByReportIdDataLoader>();
        services.AddNode<AttributionReportType, AttributionReport, AttributionReportByIdDataLoader>();
        services.AddSigningRhythm();
        services.AddDataSlicing();
        services.AddSegmentation();
        services.AddBehaviourClustering();
        services.AddStageBottlenecks();
        return services;
    }
}
