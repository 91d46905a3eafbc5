using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>On an empty database, loads the demo tenant, after the platform's migration and before the first request.</summary>
/// <remarks>
/// <c>Demo:ProcessHistory</c> (default true) gives it eight weeks of the sales process up to the clock
/// (<see cref="DemoProcessHistory"/>); false keeps the fixed-date follow-ups the test kit's shared host counts on.
/// </remarks>
public sealed class DemoTenantLoader(ISalesDbContextPool pool, DatabaseOptions options, IConfiguration configuration, TimeProvider clock, IServiceScopeFactory scopes, ILogger<DemoTenantLoader> logger) : IHostedService
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
            // Wall time, whatever clock the host runs on.
            var started = TimeProvider.System.GetTimestamp();
            var historyUntil = configuration.GetValue("Demo:ProcessHistory", true) ? clock.GetUtcNow().UtcDateTime : (DateTime?)null;
            var tenantId = await new DemoDataSeeder(pool).SeedAsync(DemoDataSeeder.DemoScale, progress: null, cancellationToken, historyUntil: historyUntil);
            await using var scope = scopes.CreateAsyncScope();
            await DemoIdentity.SeedAsync(scope.ServiceProvider, tenantId, DemoDataSeeder.DemoTenantSlug, cancellationToken);
            logger.LogInformation("Demo tenant loaded in {Seconds:F1} s", TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
