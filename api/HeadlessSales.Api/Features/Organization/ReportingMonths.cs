namespace HeadlessSales.Api.Features.Organization;

/// <summary>
/// Months as the tenant's head office counts them (its <see cref="Tenant.TimeZone"/>): monthly jobs run at local midnight
/// on the 1st. Here, beside the tenant, so that every feature that counts months (attribution reports, case obligations)
/// counts them the same way.
/// </summary>
public static class ReportingMonths
{
    public static TimeZoneInfo ZoneOf(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The UTC instant of local midnight on the 1st of the month after the one <paramref name="utc"/> falls in.</summary>
    public static DateTime NextFirst(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        return ToUtc(new DateTime(local.Year, local.Month, 1).AddMonths(1), zone);
    }

    /// <summary>The month before the one that starts at <paramref name="firstUtc"/>: its UTC bounds and its key, e.g. <c>2026-11</c>.</summary>
    public static (DateTime From, DateTime To, string Key) MonthBefore(DateTime firstUtc, TimeZoneInfo zone)
    {
        // The instant just before the 1st is in the month reported; its local calendar month gives the bounds.
        var local = TimeZoneInfo.ConvertTimeFromUtc(firstUtc.AddTicks(-1), zone);
        var start = new DateTime(local.Year, local.Month, 1);
        return (ToUtc(start, zone), ToUtc(start.AddMonths(1), zone), $"{local.Year:D4}-{local.Month:D2}");
    }

    /// <summary>The UTC instant of a local wall-clock time in <paramref name="zone"/>.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
}
