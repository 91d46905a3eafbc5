using HeadlessSales.Api.Infrastructure.Cli;

namespace HeadlessSales.Api.Demo;

/// <summary>
/// The demo tenant spans every module, so it is composed here, beside the host, not in the platform: loaded on an
/// empty database and added on demand by the <c>seed</c> command.
/// </summary>
public static class DemoModule
{
    public static IServiceCollection AddDemoTenant(this IServiceCollection services)
    {
        services.AddHostedService<DemoTenantLoader>();
        services.AddSingleton<IHostCommand, SeedCommand>();
        services.AddSingleton<Identity.ITenantStarterSet, ManufacturingStarterSet>();
        return services;
    }
}
