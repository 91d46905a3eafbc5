using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.GraphQL.DataLoaders;

/// <summary>
/// Loads entities by key with the caller's tenant and visibility applied, in one query per batch.
/// Each entity gets a named subclass (<c>MemberByIdDataLoader</c>) so resolvers and DI ask for it by name.
/// </summary>
public abstract class ByIdDataLoader<T>(SalesDbContextFactory databases) : BatchDataLoader<long, T>
    where T : class, IEntity
{
    /// <summary>For a subclass that reads more than the entity in the same round trip.</summary>
    protected SalesDbContextFactory Databases => databases;

    protected override async Task<IReadOnlyDictionary<long, T>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Set<T>().AsNoTracking().Where(row => keys.Contains(row.Id)).ToDictionaryAsync(row => row.Id, cancellationToken);
    }
}
