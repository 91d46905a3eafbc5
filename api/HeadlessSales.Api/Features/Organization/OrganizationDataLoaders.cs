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

public sealed class RegionByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Region>(databases);

public sealed class TeamByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Team>(databases);

public sealed class MemberByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Member>(databases);

public sealed class WorkingCalendarByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<WorkingCalendar>(databases);
