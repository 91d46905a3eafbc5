using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>On an empty database, loads the demo tenant, after the platform's migration and before the first request.</summary>
public sealed class DemoTenantLoader(ISalesDbContextPool pool, DatabaseOptions options, IServiceScopeFactory scopes, ILogger<DemoTenantLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.SeedDemoData)
        {
            return;
        }

        await using var db = pool.RentAcrossTenants();
        if (!await db.Tenants.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Empty database: loading the demo tenant");
            var tenantId = await new DemoDataSeeder(pool).SeedAsync(DemoDataSeeder.DemoScale, progress: null, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            await DemoIdentity.SeedAsync(scope.ServiceProvider, tenantId, DemoDataSeeder.DemoTenantSlug, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
