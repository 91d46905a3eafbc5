using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.DataLoader;
using GraphQLParser.AST;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HeadlessSales.Api.Features.Organization;

public sealed class TenantByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, Tenant>
{
    protected override async Task<IReadOnlyDictionary<long, Tenant>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        // Tenants are not tenant-owned rows, so the boundary is applied here: a tenant sees only itself.
        return await db.Tenants.AsNoTracking()
            .Where(t => keys.Contains(t.Id) && t.Id == db.CurrentTenantId)
            .ToDictionaryAsync(t => t.Id, cancellationToken);
    }
}

public sealed class RegionByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Region>(databases);

/// <summary>
/// Teams by id; when the query asks for their region too (<see cref="IncludeRegions"/>), the regions come in the same
/// round trip, joined, and <see cref="TeamType"/> takes them from <see cref="RegionOf"/> instead of a second batch.
/// </summary>
public sealed class TeamByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Team>(databases)
{
    // Compiled: on SQLite in process, building this query's expression and looking it up in EF's cache cost more than
    // running it (benchmark stage timings: 113 µs p50 uncompiled, 75 µs compiled). The region set carries its own
    // tenant and visibility filter, as the region loader would apply. A compiled query is bound to the model it first ran
    // against, so there is one per model (one per database provider in a process).
    private static readonly ConcurrentDictionary<IModel, Func<SalesDbContext, List<long>, IAsyncEnumerable<(Team, Region?)>>> TeamsWithRegionsByModel = new();

    private static Func<SalesDbContext, List<long>, IAsyncEnumerable<(Team, Region?)>> TeamsWithRegions(SalesDbContext db) =>
        TeamsWithRegionsByModel.GetOrAdd(db.Model, _ => EF.CompileAsyncQuery((SalesDbContext db, List<long> keys) =>
            from team in db.Teams.AsNoTracking()
            where keys.Contains(team.Id)
            join region in db.Regions.AsNoTracking() on team.RegionId equals region.Id into found
            from region in found.DefaultIfEmpty()
            select ValueTuple.Create(team, (Region?)region)));

    // Keyed by the fetched instance: a later batch (the next event of a subscription) reads new teams and new regions.
    private readonly ConditionalWeakTable<Team, Region> _regions = new();
    private int _includeRegions;

    /// <summary>The next batch joins each team's region. Asked before queuing a key, so the batch it lands in joins them.</summary>
    public void IncludeRegions() => Volatile.Write(ref _includeRegions, 1);

    /// <summary>The region read with <paramref name="team"/>, or null when it was not (then the region loader reads it).</summary>
    public Region? RegionOf(Team team) => _regions.TryGetValue(team, out var region) ? region : null;

    protected override async Task<IReadOnlyDictionary<long, Team>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _includeRegions, 0) == 0)
        {
            return await base.FetchAsync(keys, cancellationToken);
        }

        await using var db = Databases.Create();
        var teams = new Dictionary<long, Team>(keys.Count);
        await foreach (var (team, region) in TeamsWithRegions(db)(db, [.. keys]).WithCancellation(cancellationToken))
        {
            teams[team.Id] = team;
            if (region is not null)
            {
                _regions.AddOrUpdate(team, region);
            }
        }

        return teams;
    }
}

public static class TeamLoading
{
    /// <summary>Queues team <paramref name="id"/>, joining its region into the same query when the selection asks for it.</summary>
    public static IDataLoaderResult<Team?> LoadTeam(this IResolveFieldContext context, long id)
    {
        var loader = context.DataLoader<TeamByIdDataLoader>();
        if (SelectsRegion(context.FieldAst.SelectionSet))
        {
            loader.IncludeRegions();
        }

        return loader.LoadAsync(id);
    }

    // Runs for every row of a page: a scan of the field's own selections, no allocation. A region asked for inside a
    // fragment is not seen here and comes from the region loader, one round trip more, the same answer.
    private static bool SelectsRegion(GraphQLSelectionSet? selections)
    {
        foreach (var selection in selections?.Selections ?? [])
        {
            if (selection is GraphQLField { Name.Value.Span: "region" })
            {
                return true;
            }
        }

        return false;
    }
}

public sealed class MemberByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Member>(databases);

public sealed class WorkingCalendarByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<WorkingCalendar>(databases);
