using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using static HeadlessSales.Api.Infrastructure.Cli.CommandLine;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

/// <summary><c>rebuild-health-rollups</c>: computes a tenant's process-health roll-ups again from its raw records.</summary>
public sealed class RebuildHealthRollupsCommand : IHostCommand
{
    public string Name => "rebuild-health-rollups";

    public string Usage => """
          rebuild-health-rollups --tenant slug [--pending-only]
                                                 recompute the tenant's process-health roll-ups from its raw records
                                                 (after a bulk load or a restore); --pending-only: just the days changed
        """;

    public async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (Option(args, "--tenant") is not { } slug)
        {
            Console.Error.WriteLine("--tenant slug is required.");
            return 2;
        }

        var pool = app.Services.GetRequiredService<ISalesDbContextPool>();
        long tenantId;
        await using (var across = pool.RentAcrossTenants())
        {
            await across.Database.MigrateAsync();
            if (await across.Tenants.Where(t => t.Slug == slug).Select(t => (long?)t.Id).FirstOrDefaultAsync() is not { } id)
            {
                Console.Error.WriteLine($"No tenant '{slug}'.");
                return 1;
            }

            tenantId = id;
        }

        var clock = app.Services.GetRequiredService<TimeProvider>();
        var started = clock.GetTimestamp();
        await using var db = pool.Rent(tenantId);
        var now = clock.GetUtcNow().UtcDateTime;
        var days = args.Contains("--pending-only")
            ? await HealthRollupRefresher.RefreshAsync(db, now, CancellationToken.None)
            : await HealthRollupRefresher.RebuildAsync(db, now, CancellationToken.None);
        Console.WriteLine($"Computed {days} metric-days of tenant '{slug}' in {clock.GetElapsedTime(started).TotalSeconds:F1} s");
        return 0;
    }
}
