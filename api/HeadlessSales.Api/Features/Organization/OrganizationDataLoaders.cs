using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

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

public sealed class RegionByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, Region>
{
    protected override async Task<IReadOnlyDictionary<long, Region>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Regions.AsNoTracking().Where(r => keys.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
    }
}

public sealed class TeamByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, Team>
{
    protected override async Task<IReadOnlyDictionary<long, Team>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Teams.AsNoTracking().Where(t => keys.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
    }
}

public sealed class MemberByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, Member>
{
    protected override async Task<IReadOnlyDictionary<long, Member>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Members.AsNoTracking().Where(m => keys.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
    }
}

public sealed class WorkingCalendarByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, WorkingCalendar>
{
    protected override async Task<IReadOnlyDictionary<long, WorkingCalendar>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.WorkingCalendars.AsNoTracking().Where(c => keys.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }
}
