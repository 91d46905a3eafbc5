using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Health;

public static class HealthModule
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ProcessHealthFields>();
        services.AddSingleton<IQueryFields, HealthThresholdFields>();
        services.AddSingleton<IMutationFields, HealthThresholdFields>();
        return services;
    }
}
