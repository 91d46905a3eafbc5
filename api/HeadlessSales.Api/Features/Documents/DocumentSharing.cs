using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>
/// Making a share link, for a member (the mutation) and for a rule (PUSH_CONTENT): both go through here, so the
/// lifetime limits and the "who may see it may share it" rule are one. Reads run through the context's filters: the
/// document and the contact must be in the caller's view.
/// </summary>
public static class DocumentSharing
{
    public const string PathPrefix = "/shared/";

    /// <summary>The public path of a link, relative to the server (<c>Documents:PublicBaseUrl</c> makes it absolute).</summary>
    public static string PathOf(string token) => PathPrefix + token;

    /// <summary>The staged link (added to <paramref name="db"/>, saved by the caller), or null when the document or contact is not in view.</summary>
    public static async Task<DocumentShareLink?> StageAsync(SalesDbContext db, long documentId, long contactId, string createdBy, DateTime now, int lifetimeDays, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().Where(d => d.Id == documentId).Select(d => new { d.Id, d.TenantId }).FirstOrDefaultAsync(cancellationToken);
        if (document is null || !await db.Contacts.AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            return null;
        }

        var link = DocumentShareLink.Issue(document.TenantId, document.Id, contactId, createdBy, now, lifetimeDays);
        db.DocumentShareLinks.Add(link);
        return link;
    }

    public static bool LifetimeIsValid(int days) => days is >= 1 and <= DocumentShareLink.MaxLifetimeDays;
}
