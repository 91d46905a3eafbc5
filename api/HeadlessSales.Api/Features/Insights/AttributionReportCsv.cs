using System.Globalization;
using System.Text;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>
/// A report's findings as CSV (RFC 4180): CRLF line ends, every field quoted when it holds a comma, a quote or a line
/// break, quotes doubled. UTF-8 with a byte-order mark, because Excel opens a BOM-less CSV in the machine's ANSI code
/// page and would garble the Chinese names and findings. Text that a spreadsheet would run as a formula (starting with
/// <c>= + - @</c>, a tab or a carriage return: tag names are tenant-defined) gets a leading apostrophe; numbers never do.
/// </summary>
public static class AttributionReportCsv
{
    public static readonly string[] Header =
        ["rank", "dimension", "code", "name_zh", "name_en", "top_per_rep_week", "bottom_per_rep_week", "scope_per_rep_week", "difference", "finding_zh", "finding_en"];

    public static string Write(IEnumerable<AttributionFinding> findings)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var f in findings.OrderBy(f => f.Rank))
        {
            Line(csv,
            [
                f.Rank.ToString(CultureInfo.InvariantCulture), f.Dimension == AttributionDimension.Tag ? "TAG" : "ACTIVITY_KIND", Text(f.Code), Text(f.NameZh), Text(f.NameEn),
                Number(f.TopRate), Number(f.BottomRate), Number(f.ScopeRate), Number(f.Difference), Text(f.TextZh), Text(f.TextEn),
            ]);
        }

        return csv.ToString();
    }

    /// <summary>The file's bytes: the UTF-8 byte-order mark, then the text.</summary>
    public static byte[] Encode(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    /// <summary>Defuses text a spreadsheet would evaluate.</summary>
    public static string Text(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Escape));
        csv.Append("\r\n");
    }

    public static string FileName(AttributionReport report) =>
        $"attribution-report-{report.ScopeKind.ToString().ToLowerInvariant()}-{report.PeriodFrom:yyyy-MM-dd}-{report.PeriodTo:yyyy-MM-dd}.csv";
}

/// <summary>
/// <c>GET /attribution-reports/{id}/csv</c> with the bearer token the API takes, like a document download: a report of
/// another tenant, one whose scope the caller does not wholly see and one that never existed all get the same 404.
/// </summary>
public static class AttributionReportDownloads
{
    public const string Pattern = "/attribution-reports/{id}/csv";

    public static string PathOf(long reportId) => $"/attribution-reports/{GlobalId.Encode("AttributionReport", reportId)}/csv";

    public static IEndpointRouteBuilder MapAttributionReportDownloads(this IEndpointRouteBuilder app)
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
        AttributionReport? report = null;
        if (GlobalId.TryDecode(id, "AttributionReport") is { } key)
        {
            await using var db = services.GetRequiredService<ISalesDbContextPool>().Rent(actor);
            report = await AttributionVisibility.Visible(db).AsNoTracking().Include(r => r.Findings).FirstOrDefaultAsync(r => r.Id == key, http.RequestAborted);
        }

        if (report is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", "No attribution report with this id was found.");
            return;
        }

        var bytes = AttributionReportCsv.Encode(AttributionReportCsv.Write(report.Findings));
        var response = http.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.ContentLength = bytes.Length;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(AttributionReportCsv.FileName(report));
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        await response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsJsonAsync(new { errors = new[] { new { message, extensions = new { code } } } });
    }
}
