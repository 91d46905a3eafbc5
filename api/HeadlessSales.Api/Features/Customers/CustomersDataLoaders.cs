using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Customers;

public sealed class AccountByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Account>(databases);

public sealed class ContactByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Contact>(databases);

/// <summary>The first contacts of many accounts in one query: the nested <c>Account.contacts</c> page.</summary>
public sealed class ContactsByAccountIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<Contact>>
{
    /// <summary>Contacts per account fetched in a batch; one more than the largest page tells whether more exist.</summary>
    public const int BatchedPageSize = 51;

    protected override async Task<IReadOnlyDictionary<long, List<Contact>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        // A correlated, limited collection: EF turns it into one query with ROW_NUMBER() per account.
        var pages = await db.Accounts.AsNoTracking()
            .Where(a => keys.Contains(a.Id))
            .Select(a => new { a.Id, Contacts = db.Set<Contact>().Where(c => c.AccountId == a.Id).OrderBy(c => c.Id).Take(BatchedPageSize).ToList() })
            .ToListAsync(cancellationToken);
        return pages.ToDictionary(p => p.Id, p => p.Contacts);
    }
}

public sealed class ContactCountByAccountIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, int>
{
    protected override async Task<IReadOnlyDictionary<long, int>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Contacts.AsNoTracking()
            .Where(c => keys.Contains(c.AccountId))
            .GroupBy(c => c.AccountId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }
}
