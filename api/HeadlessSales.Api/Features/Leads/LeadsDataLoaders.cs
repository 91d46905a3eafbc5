using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

public sealed class LeadByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, Lead>
{
    protected override async Task<IReadOnlyDictionary<long, Lead>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Leads.AsNoTracking().Where(l => keys.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
    }
}

public sealed class ProductByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, Product>
{
    protected override async Task<IReadOnlyDictionary<long, Product>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Products.AsNoTracking().Where(p => keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
    }
}

public sealed class ProductByCodeDataLoader(SalesDbContextFactory databases) : BatchDataLoader<string, Product>
{
    protected override async Task<IReadOnlyDictionary<string, Product>> FetchAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Products.AsNoTracking().Where(p => keys.Contains(p.Code)).ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
    }
}
