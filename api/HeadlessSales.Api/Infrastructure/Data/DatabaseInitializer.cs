using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.Data;

/// <summary>
/// Brings the database to the current migration before the server takes its first request (hosted services
/// start in order: this one is registered before any that reads or seeds the database).
/// </summary>
public sealed class DatabaseInitializer(ISalesDbContextPool pool, DatabaseOptions options, ILogger<DatabaseInitializer> logger) : IHostedService
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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
