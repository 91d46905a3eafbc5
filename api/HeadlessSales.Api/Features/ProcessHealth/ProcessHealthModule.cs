using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.ProcessHealth;

public static class ProcessHealthModule
{
    public static IServiceCollection AddProcessHealth(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ProcessHealthFields>();
        services.AddHealthAlerts();
        services.AddSingleton<IQueryFields, HealthThresholdFields>();
        services.AddSingleton<IMutationFields, HealthThresholdFields>();
        return services;
    }
}
