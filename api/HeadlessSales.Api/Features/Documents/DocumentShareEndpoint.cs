using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>
/// <c>GET /shared/{token}</c>, with no login: the customer's door to one shared document. An unknown, tampered,
/// expired or revoked token, and a link whose document is gone, all get the same 404, byte for byte, so a visitor
/// learns nothing about which links exist. Each opening is recorded and journaled (<c>document.viewed</c>) in one
/// transaction before the bytes go out.
/// </summary>
public static class DocumentShareEndpoint
{
    public const string Pattern = DocumentSharing.PathPrefix + "{token}";

    public static IEndpointRouteBuilder MapDocumentShareLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet(Pattern, OpenAsync);
        return app;
    }

    private static async Task OpenAsync(HttpContext http, string token)
    {
        var services = http.RequestServices;
        var pool = services.GetRequiredService<ISalesDbContextPool>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var ct = http.RequestAborted;
        // Guessing a 256-bit token is hopeless anyway; the budget keeps a script from inflating the view counts.
        if (services.GetRequiredService<RequestRateLimiter>().TryAcquire(RequestRateLimiter.KeyOf(http)) is { } retryAfter)
        {
            await RequestRateLimiter.RejectAsync(http, retryAfter);
            return;
        }

        DocumentShareLink? link = null;
        if (DocumentShareLink.LooksLikeToken(token))
        {
            var hash = DocumentShareLink.HashOf(token);
            await using var across = pool.RentAcrossTenants();
            link = await across.DocumentShareLinks.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        }

        if (link is null || link.StatusAt(now) != ShareLinkStatus.Active)
        {
            await NotFoundAsync(http);
            return;
        }

        await using var db = pool.Rent(link.TenantId);
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == link.DocumentId, ct);
        var content = document is null ? null : await services.GetRequiredService<IDocumentStorage>().OpenReadAsync(document.StorageKey, ct);
        if (document is null || content is null)
        {
            await NotFoundAsync(http);
            return;
        }

        await using (content)
        {
            var kindCode = await db.DocumentKinds.Where(k => k.Id == document.KindId).Select(k => k.Code).FirstAsync(ct);
            var userAgent = http.Request.Headers.UserAgent.ToString();
            var view = new DocumentView
            {
                TenantId = link.TenantId,
                ShareLinkId = link.Id,
                DocumentId = document.Id,
                ViewedAt = now,
                VisitorHash = DocumentView.VisitorHashOf(link.Id, http.Connection.RemoteIpAddress?.ToString()),
                UserAgent = userAgent.Length == 0 ? null : userAgent.Length <= DocumentView.MaxUserAgentLength ? userAgent : userAgent[..DocumentView.MaxUserAgentLength],
            };
            db.DocumentViews.Add(view);
            db.Journal(() => new DocumentViewed(link.TenantId, document.Id, link.Id, link.ContactId, view.Id, kindCode, document.FileName, now));
            await db.SaveChangesAsync(ct);

            var response = http.Response;
            response.ContentType = document.ContentType;
            response.ContentLength = document.SizeBytes;
            // Shown in the browser (the customer reads it), never reinterpreted, never cached, and the token never leaks as a referrer.
            var disposition = new ContentDispositionHeaderValue("inline");
            disposition.SetHttpFileName(document.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "private, no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
            await content.CopyToAsync(response.Body, ct);
        }
    }

    private static async Task NotFoundAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync("""{"errors":[{"message":"This link is not valid.","extensions":{"code":"NOT_FOUND"}}]}""", http.RequestAborted);
    }
}
