using System.Globalization;
using System.Text;
using HeadlessSales.Api.Infrastructure.Csv;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>
/// The money incentives of a period for payroll, one line per member with counting CNY entries: CSV as the attribution
/// report writes it (RFC 4180, CRLF, UTF-8 with a byte-order mark for Excel, text a spreadsheet would run defused). Only
/// entries that count (approval-free or approved) are paid; a reversal nets against its original in the period it falls.
/// </summary>
public static class IncentivePayrollCsv
{
    public static readonly string[] Header = ["member_name", "email", "total_cny", "entries"];

    public sealed record Line(string MemberName, string Email, decimal TotalCny, int Entries);

    /// <summary>The members' lines, by email; members whose counting CNY entries are none are left out.</summary>
    public static IReadOnlyList<Line> Lines(IEnumerable<IncentiveEntry> entries, IReadOnlyDictionary<long, Member> members) =>
        entries.Where(e => e.Counts && e.Currency == MilestoneRewardRule.Currency)
            .GroupBy(e => e.MemberId)
            .Select(g => new Line(members[g.Key].Name, members[g.Key].Email, g.Sum(e => e.Amount), g.Count()))
            .OrderBy(l => l.Email, StringComparer.Ordinal)
            .ToList();

    public static string Write(IEnumerable<Line> lines)
    {
        var csv = new StringBuilder();
        CsvText.AppendLine(csv, Header);
        foreach (var line in lines)
        {
            CsvText.AppendLine(csv, [CsvText.Text(line.MemberName), CsvText.Text(line.Email), line.TotalCny.ToString("0.00", CultureInfo.InvariantCulture), line.Entries.ToString(CultureInfo.InvariantCulture)]);
        }

        return csv.ToString();
    }

    public static byte[] Encode(string csv) => CsvText.Encode(csv);
}

/// <summary>
/// <c>GET /incentive-ledger/payroll.csv?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c> (to exclusive) with the bearer token the API
/// takes: sales ops and admins only (they see the whole tenant); anybody else gets 403.
/// </summary>
public static class IncentivePayrollDownloads
{
    public const string Pattern = "/incentive-ledger/payroll.csv";

    public static IEndpointRouteBuilder MapIncentivePayrollDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(Pattern, DownloadAsync);
        return app;
    }

    private static async Task DownloadAsync(HttpContext http, string? from, string? to)
    {
        if (await DownloadGate.AdmitAsync(http) is not { } actor)
        {
            return;
        }

        if (actor.VisibleOwnerIds is not null || actor.MemberId is null || actor.Role is not (MemberRole.SalesOps or MemberRole.Admin))
        {
            await DownloadGate.WriteErrorAsync(http, StatusCodes.Status403Forbidden, "FORBIDDEN", "The payroll export is for sales ops and admins.");
            return;
        }

        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) || end <= start)
        {
            await DownloadGate.WriteErrorAsync(http, StatusCodes.Status400BadRequest, "VALIDATION_FAILED", "`from` and `to` are dates (yyyy-MM-dd), `to` after `from`.");
            return;
        }

        await using var db = http.RequestServices.GetRequiredService<ISalesDbContextPool>().Rent(actor);
        var startAt = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var endAt = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var entries = await db.IncentiveEntries.AsNoTracking().Where(e => e.OccurredAt >= startAt && e.OccurredAt < endAt).ToListAsync(http.RequestAborted);
        var memberIds = entries.Select(e => e.MemberId).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, http.RequestAborted);
        var bytes = IncentivePayrollCsv.Encode(IncentivePayrollCsv.Write(IncentivePayrollCsv.Lines(entries, members)));
        DownloadGate.Attachment(http.Response, "text/csv; charset=utf-8", bytes.Length, $"incentive-payroll-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}.csv");
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
