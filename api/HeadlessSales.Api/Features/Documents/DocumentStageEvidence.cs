using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>
/// Gates answered by the documents module: the catalog is the tenant's active document kinds, and a kind is
/// present when <see cref="DocumentEvidence"/> counts a document of it on the opportunity (a kind that needs
/// the customer's signature counts only once signed).
/// </summary>
public sealed class DocumentStageEvidence : IStageEvidence
{
    public async Task<IReadOnlySet<string>> DocumentKindsAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        (await db.DocumentKinds.Where(k => k.Active).Select(k => k.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlySet<string>> PresentDocumentKindsAsync(SalesDbContext db, long opportunityId, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        var present = await DocumentEvidence.KindsPresentAsync(db, opportunityId, cancellationToken);
        return kinds.Where(present.Contains).ToHashSet(StringComparer.Ordinal);
    }
}
