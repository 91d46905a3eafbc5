using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.ProcessHealth;

public static class ProcessHealthModule
{
    public static IServiceCollection AddProcessHealth(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ProcessHealthQueries>();
        services.AddHealthAlerts();
        services.AddSingleton<IQueryFields, HealthThresholdQueries>();
        services.AddSingleton<IMutationFields, HealthThresholdMutations>();
        return services;
    }
}
