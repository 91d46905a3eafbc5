using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>
/// What stage gates ask of documents: which kinds are on file for a record. A kind that needs the
/// customer's signature counts only through documents with <see cref="Document.CustomerSignedOn"/>.
/// One query, run in the database.
/// </summary>
public static class DocumentEvidence
{
    /// <summary>Codes of the kinds that have at least one qualifying document on the opportunity: what its stage gates ask.</summary>
    public static Task<IReadOnlySet<string>> KindsPresentAsync(SalesDbContext db, long opportunityId, CancellationToken cancellationToken) =>
        KindsPresentAsync(db, db.Documents.Where(d => d.OpportunityId == opportunityId), cancellationToken);

    /// <summary>Codes of the kinds that have at least one qualifying document on the lead.</summary>
    public static Task<IReadOnlySet<string>> KindsPresentOnLeadAsync(SalesDbContext db, long leadId, CancellationToken cancellationToken) =>
        KindsPresentAsync(db, db.Documents.Where(d => d.LeadId == leadId), cancellationToken);

    /// <summary>Codes of the kinds that have at least one qualifying document on the account.</summary>
    public static Task<IReadOnlySet<string>> KindsPresentOnAccountAsync(SalesDbContext db, long accountId, CancellationToken cancellationToken) =>
        KindsPresentAsync(db, db.Documents.Where(d => d.AccountId == accountId), cancellationToken);

    private static async Task<IReadOnlySet<string>> KindsPresentAsync(SalesDbContext db, IQueryable<Document> documents, CancellationToken cancellationToken)
    {
        var codes = await documents
            .Join(db.DocumentKinds, d => d.KindId, k => k.Id, (d, k) => new { k.Code, k.RequiresCustomerSignature, d.CustomerSignedOn })
            .Where(x => !x.RequiresCustomerSignature || x.CustomerSignedOn != null)
            .Select(x => x.Code)
            .Distinct()
            .ToListAsync(cancellationToken);
        return codes.ToHashSet(StringComparer.Ordinal);
    }
}
