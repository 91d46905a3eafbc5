using HeadlessSales.Api.Features.Health.Alerts;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Health;

public static class HealthModule
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ProcessHealthFields>();
        services.AddHealthAlerts();
        services.AddSingleton<IQueryFields, HealthThresholdFields>();
        services.AddSingleton<IMutationFields, HealthThresholdFields>();
        return services;
    }
}
