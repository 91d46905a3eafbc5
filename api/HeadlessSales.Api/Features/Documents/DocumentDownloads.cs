using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

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
        var services = http.RequestServices;
        var actor = BearerToken.TryRead(http.Request.Headers.Authorization, out var token) && token is not null
            ? await services.GetRequiredService<IActorResolver>().ResolveAsync(new ActorCredentials(token), http.RequestAborted)
            : null;
        if (actor is null || !actor.IsAuthenticated)
        {
            http.Response.Headers.WWWAuthenticate = token is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "A download needs a valid access token.");
            return;
        }

        if (services.GetRequiredService<RequestRateLimiter>().TryAcquire(actor.Describe()) is { } retryAfter)
        {
            await RequestRateLimiter.RejectAsync(http, retryAfter);
            return;
        }

        if (!actor.Scopes.Contains(Scopes.SalesRead))
        {
            await WriteErrorAsync(http, StatusCodes.Status403Forbidden, "FORBIDDEN", $"A download needs the `{Scopes.SalesRead}` scope.");
            return;
        }

        services.GetRequiredService<CurrentActor>().Resolve(actor);
        Document? document = null;
        if (GlobalId.TryDecode(id, "Document") is { } key)
        {
            await using var db = services.GetRequiredService<ISalesDbContextPool>().Rent(actor);
            document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == key, http.RequestAborted);
        }

        var content = document is null ? null : await services.GetRequiredService<IDocumentStorage>().OpenReadAsync(document.StorageKey, http.RequestAborted);
        if (document is null || content is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", "No document with this id was found.");
            return;
        }

        await using (content)
        {
            var response = http.Response;
            response.ContentType = document.ContentType;
            response.ContentLength = document.SizeBytes;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(document.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.ETag = $"\"{document.Sha256}\"";
            // The content is what a customer signed: never let a browser reinterpret it, nor a shared cache keep it.
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "private, no-store";
            await content.CopyToAsync(response.Body, http.RequestAborted);
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsJsonAsync(new { errors = new[] { new { message, extensions = new { code } } } });
    }
}
