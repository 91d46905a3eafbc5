using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// What every file download outside GraphQL (documents, report CSVs) asks of a request before it reads anything: the
/// bearer token the API takes, the caller's rate budget and the <c>sales:read</c> scope; errors in the GraphQL shape.
/// </summary>
public static class DownloadGate
{
    /// <summary>The caller, now the request's current actor; or null once the refusal (401, 429 or 403) is written.</summary>
    public static async Task<Actor?> AdmitAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var actor = BearerToken.TryRead(http.Request.Headers.Authorization, out var token) && token is not null
            ? await services.GetRequiredService<IActorResolver>().ResolveAsync(new ActorCredentials(token), http.RequestAborted)
            : null;
        if (actor is null || !actor.IsAuthenticated)
        {
            http.Response.Headers.WWWAuthenticate = token is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "A download needs a valid access token.");
            return null;
        }

        if (services.GetRequiredService<RequestRateLimiter>().TryAcquire(actor.Describe()) is { } retryAfter)
        {
            await RequestRateLimiter.RejectAsync(http, retryAfter);
            return null;
        }

        if (!actor.Scopes.Contains(Scopes.SalesRead))
        {
            await WriteErrorAsync(http, StatusCodes.Status403Forbidden, "FORBIDDEN", $"A download needs the `{Scopes.SalesRead}` scope.");
            return null;
        }

        services.GetRequiredService<CurrentActor>().Resolve(actor);
        return actor;
    }

    /// <summary>Headers of a private attachment: saved under its name, never sniffed into another type, never kept by a shared cache.</summary>
    public static void Attachment(HttpResponse response, string contentType, long length, string fileName)
    {
        response.ContentType = contentType;
        response.ContentLength = length;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
    }

    public static async Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsJsonAsync(new { errors = new[] { new { message, extensions = new { code } } } });
    }
}
