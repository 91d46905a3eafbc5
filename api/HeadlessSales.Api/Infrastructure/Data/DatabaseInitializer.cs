using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.Data;

/// <summary>
/// Brings the database to the current migration and, on an empty database, loads the demo tenant —
/// before the server takes its first request.
/// </summary>
public sealed class DatabaseInitializer(ISalesDbContextPool pool, DatabaseOptions options, IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        if (options.MigrateOnStart)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }

            if (db.Database.IsSqlite())
            {
                // Write-ahead logging lets readers proceed while a writer commits.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }

        if (options.SeedDemoData && !await db.Tenants.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Empty database: loading the demo tenant");
            var tenantId = await new DemoDataSeeder(pool).SeedAsync(DemoDataSeeder.DemoScale, progress: null, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            await DemoIdentity.SeedAsync(scope.ServiceProvider, tenantId, DemoDataSeeder.DemoTenantSlug, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
