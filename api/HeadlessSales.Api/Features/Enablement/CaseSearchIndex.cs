using HeadlessSales.Api.Infrastructure.Data;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// The coach's index of approved cases, in the data folder. Kept in step by <see cref="CaseLibrary"/> as cases are
/// approved; when the folder holds no index (a new machine, a deleted folder) it is rebuilt from the database the
/// first time it is used.
/// </summary>
public sealed class CaseSearchIndex(ISalesDbContextPool databases, string folder) : IDisposable
{
    private readonly SemaphoreSlim _opening = new(1, 1);
    private CaseRetrieval? _retrieval;

    public async Task<CaseRetrieval> OpenAsync(CancellationToken cancellationToken)
    {
        if (_retrieval is { } open)
        {
            return open;
        }

        await _opening.WaitAsync(cancellationToken);
        try
        {
            if (_retrieval is null)
            {
                var directory = FSDirectory.Open(folder);
                var existed = DirectoryReader.IndexExists(directory);
                var opened = new CaseRetrieval(directory, SituationLexicon.Default);
                if (!existed)
                {
                    await using var db = databases.RentAcrossTenants();
                    var approved = await db.WonCases.IgnoreQueryFilters().AsNoTracking().Where(c => c.Status == WonCaseStatus.Approved).ToListAsync(cancellationToken);
                    opened.Put(approved.Select(CaseText.Of));
                }

                _retrieval = opened;
            }

            return _retrieval;
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <summary>Adds a just-approved case; called after its approval committed.</summary>
    public async Task PutAsync(WonCase approved, CancellationToken cancellationToken) =>
        (await OpenAsync(cancellationToken)).Put([CaseText.Of(approved)]);

    public void Dispose()
    {
        _retrieval?.Dispose();
        _opening.Dispose();
    }
}
