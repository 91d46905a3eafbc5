using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore.Diagnostics;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.ProcessHealth;

public static class ProcessHealthModule
{
    public static IServiceCollection AddProcessHealth(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ProcessHealthQueries>();
        services.AddHealthAlerts();
        services.AddSingleton<IInterceptor, HealthRollupInvalidator>();
        services.AddSingleton<IHostCommand, RebuildHealthRollupsCommand>();
        services.AddOptions<HealthRollupRefreshOptions>().BindConfiguration(HealthRollupRefreshOptions.Section);
        services.AddSingleton<HealthRollupRefresh>();
        services.AddSingleton<ITimerHandler, HealthRollupRefreshTimerHandler>();
        services.AddSingleton<HealthRollupRefreshTrigger>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthRollupRefreshTrigger>());
        services.AddSingleton<IQueryFields, HealthThresholdQueries>();
        services.AddSingleton<IMutationFields, HealthThresholdMutations>();
        return services;
    }
}
