using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Contracts;

public sealed class ContractByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Contract>(databases);

public sealed class PaymentCollectionByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<PaymentCollection>(databases);

public sealed class CollectionsByContractIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<PaymentCollection>>
{
    protected override async Task<IReadOnlyDictionary<long, List<PaymentCollection>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var rows = await db.PaymentCollections.AsNoTracking().Where(p => keys.Contains(p.ContractId)).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return keys.ToDictionary(k => k, k => rows.Where(r => r.ContractId == k).ToList());
    }
}
