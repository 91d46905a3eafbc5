using System.Diagnostics;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Benchmarks;

/// <summary>
/// Profiling without a profiler, data side: the SQL work of each path timed on its own, in process,
/// one call at a time. Together with the HTTP variants (<c>{ __typename }</c>, members without team,
/// the same bytes served with no work) this splits a GraphQL request into transport, engine and data.
/// Only the data layer's stable surface is used (<see cref="ISalesDbContextPool.Rent(long)"/>).
/// </summary>
internal static class StageTimings
{
    public sealed record Stage(string Name, double MeanMicroseconds, double P50Microseconds, long AllocatedBytesPerCall);

    public static async Task<List<Stage>> RunAsync(ISalesDbContextPool pool, long tenantId, int iterations)
    {
        var teamIds = (await MembersPageAsync(pool, tenantId)).Where(m => m.TeamId != null).Select(m => m.TeamId!.Value).Distinct().ToList();
        List<long> regionIds;
        await using (var db = pool.Rent(tenantId))
        {
            regionIds = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).Select(t => t.RegionId).Distinct().ToListAsync();
        }

        // The three commands the GraphQL path sends (members page, then one batch per DataLoader level),
        // written as the resolvers and loaders write them.
        var membersPage = await TimeAsync("GraphQL path, SQL 1: members page (Take 51 by id, entities)", iterations, () => MembersPageAsync(pool, tenantId));
        var teams = await TimeAsync("GraphQL path, SQL 2: teams by id (DataLoader batch)", iterations, async () =>
        {
            await using var db = pool.Rent(tenantId);
            await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id);
        });
        var regions = await TimeAsync("GraphQL path, SQL 3: regions by id (DataLoader batch)", iterations, async () =>
        {
            await using var db = pool.Rent(tenantId);
            await db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id);
        });
        // Issue 22: the team loader joins the regions into its batch when the selection asks for them.
        var joined = await TimeAsync("GraphQL path now, SQL 2: teams with their regions joined (one batch)", iterations, async () =>
        {
            await using var db = pool.Rent(tenantId);
            await (from team in db.Teams.AsNoTracking()
                   where teamIds.Contains(team.Id)
                   join region in db.Regions.AsNoTracking() on team.RegionId equals region.Id into found
                   from region in found.DefaultIfEmpty()
                   select new { team, region }).ToListAsync();
        });
        // The same batch as a compiled query: no expression tree built and no query-cache lookup per call.
        Stage compiled;
        try
        {
            compiled = await TimeAsync("Same, EF compiled query (a next step)", iterations, async () =>
            {
                await using var db = pool.Rent(tenantId);
                await foreach (var _ in TeamsWithRegions(db, teamIds))
                {
                }
            });
        }
        catch (InvalidOperationException exception)
        {
            // An experiment: the provider may not compile this shape; the report says so rather than failing the run.
            Console.Error.WriteLine($"Compiled query stage skipped: {exception.Message}");
            compiled = new Stage("Same, EF compiled query (a next step): not translatable", double.NaN, double.NaN, 0);
        }
        return
        [
            membersPage,
            teams,
            regions,
            joined,
            compiled,
            new Stage("GraphQL path, SQL 1+2+3 (sum)", membersPage.MeanMicroseconds + teams.MeanMicroseconds + regions.MeanMicroseconds,
                membersPage.P50Microseconds + teams.P50Microseconds + regions.P50Microseconds,
                membersPage.AllocatedBytesPerCall + teams.AllocatedBytesPerCall + regions.AllocatedBytesPerCall),
            await TimeAsync("Hand-written: one join query + projection", iterations, () => PlainHost.QueryMembersAsync(pool, tenantId, Queries.PageSize, CancellationToken.None)),
            await TimeAsync("Hand-written: query + JSON serialization", iterations, async () =>
                PlainHost.Serialize(await PlainHost.QueryMembersAsync(pool, tenantId, Queries.PageSize, CancellationToken.None))),
        ];
    }

    private static readonly Func<SalesDbContext, List<long>, IAsyncEnumerable<(HeadlessSales.Api.Features.Organization.Team, HeadlessSales.Api.Features.Organization.Region?)>> TeamsWithRegions =
        EF.CompileAsyncQuery((SalesDbContext db, List<long> keys) =>
            from team in db.Teams.AsNoTracking()
            where keys.Contains(team.Id)
            join region in db.Regions.AsNoTracking() on team.RegionId equals region.Id into found
            from region in found.DefaultIfEmpty()
            select ValueTuple.Create(team, (HeadlessSales.Api.Features.Organization.Region?)region));

    private static async Task<List<HeadlessSales.Api.Features.Organization.Member>> MembersPageAsync(ISalesDbContextPool pool, long tenantId)
    {
        await using var db = pool.Rent(tenantId);
        return await db.Members.AsNoTracking().OrderBy(m => m.Id).Take(Queries.PageSize + 1).ToListAsync();
    }

    private static async Task<Stage> TimeAsync(string name, int iterations, Func<Task> action)
    {
        for (var i = 0; i < Math.Max(50, iterations / 5); i++)
        {
            await action();
        }

        var samples = new long[iterations];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < iterations; i++)
        {
            var began = Stopwatch.GetTimestamp();
            await action();
            samples[i] = Stopwatch.GetTimestamp() - began;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Array.Sort(samples);
        var toMicro = 1_000_000.0 / Stopwatch.Frequency;
        return new Stage(name, samples.Average() * toMicro, samples[samples.Length / 2] * toMicro, allocated / iterations);
    }
}
