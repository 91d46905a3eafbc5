using System.Globalization;
using System.Text;
using HeadlessSales.Api.Infrastructure.Csv;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

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
        CsvText.AppendLine(csv, Header);
        foreach (var f in findings.OrderBy(f => f.Rank))
        {
            CsvText.AppendLine(csv,
            [
                f.Rank.ToString(CultureInfo.InvariantCulture), f.Dimension == AttributionDimension.Tag ? "TAG" : "ACTIVITY_KIND", CsvText.Text(f.Code), CsvText.Text(f.NameZh), CsvText.Text(f.NameEn),
                Number(f.TopRate), Number(f.BottomRate), Number(f.ScopeRate), Number(f.Difference), CsvText.Text(f.TextZh), CsvText.Text(f.TextEn),
            ]);
        }

        return csv.ToString();
    }

    public static byte[] Encode(string csv) => CsvText.Encode(csv);

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

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
        if (await DownloadGate.AdmitAsync(http) is not { } actor)
        {
            return;
        }

        var services = http.RequestServices;
        AttributionReport? report = null;
        if (GlobalId.TryDecode(id, "AttributionReport") is { } key)
        {
            await using var db = services.GetRequiredService<ISalesDbContextPool>().Rent(actor);
            report = await AttributionVisibility.Visible(db).AsNoTracking().Include(r => r.Findings).FirstOrDefaultAsync(r => r.Id == key, http.RequestAborted);
        }

        if (report is null)
        {
            await DownloadGate.WriteErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", "No attribution report with this id was found.");
            return;
        }

        var bytes = AttributionReportCsv.Encode(AttributionReportCsv.Write(report.Findings));
        DownloadGate.Attachment(http.Response, "text/csv; charset=utf-8", bytes.Length, AttributionReportCsv.FileName(report));
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
