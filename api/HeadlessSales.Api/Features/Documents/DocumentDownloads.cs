using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>
/// <c>GET /documents/{id}/content</c> with the bearer token the API takes. The document is looked up
/// through the caller's tenant and visibility filters, so a document of another tenant, one on a record the
/// caller cannot see and one that never existed all get the same 404.
/// </summary>
public static class DocumentDownloads
{
    public const string Pattern = "/documents/{id}/content";

    public static string PathOf(long documentId) => $"/documents/{GlobalId.Encode("Document", documentId)}/content";

    public static IEndpointRouteBuilder MapDocumentDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(Pattern, DownloadAsync);
        return app;
    }

    private static async Task DownloadAsync(HttpContext http, string id)
    {
        if (await DownloadGate.AdmitAsync(http) is not { } actor)
        {
            return;
        }

        var services = http.RequestServices;
        Document? document = null;
        if (GlobalId.TryDecode(id, "Document") is { } key)
        {
            await using var db = services.GetRequiredService<ISalesDbContextPool>().Rent(actor);
            document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == key, http.RequestAborted);
        }

        var content = document is null ? null : await services.GetRequiredService<IDocumentStorage>().OpenReadAsync(document.StorageKey, http.RequestAborted);
        if (document is null || content is null)
        {
            await DownloadGate.WriteErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", "No document with this id was found.");
            return;
        }

        await using (content)
        {
            // The content is what a customer signed: never let a browser reinterpret it, nor a shared cache keep it.
            DownloadGate.Attachment(http.Response, document.ContentType, document.SizeBytes, document.FileName);
            http.Response.Headers.ETag = $"\"{document.Sha256}\"";
            await content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }
}
