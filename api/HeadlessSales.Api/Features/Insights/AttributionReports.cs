using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>Who sees a report: whoever sees every member of its scope (as <c>processHealth</c> authorises a scope).</summary>
public static class AttributionVisibility
{
    /// <summary>
    /// The reports <paramref name="db"/>'s actor may see. A tenant report needs the whole tenant; a team or region report
    /// needs every member of it among the actor's visible members (a team lead: their team; a region manager: their
    /// region's teams), and an empty team or region is nobody's but the tenant-wide viewers'.
    /// </summary>
    public static IQueryable<AttributionReport> Visible(SalesDbContext db)
    {
        if (db.SeesWholeTenant)
        {
            return db.AttributionReports;
        }

        var visible = db.VisibleOwnerIds;
        return db.AttributionReports.Where(r =>
            (r.ScopeKind == AttributionScopeKind.Team
                && db.Members.Any(m => m.TeamId == r.ScopeId)
                && !db.Members.Any(m => m.TeamId == r.ScopeId && !visible.Contains(m.Id)))
            || (r.ScopeKind == AttributionScopeKind.Region
                && db.Members.Any(m => db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == r.ScopeId))
                && !db.Members.Any(m => db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == r.ScopeId) && !visible.Contains(m.Id))));
    }

    /// <summary>Whether <paramref name="db"/>'s actor may ask for a report of <paramref name="scope"/>; a scope that does not exist is not visible.</summary>
    public static async Task<bool> MaySeeAsync(SalesDbContext db, AttributionScope scope, CancellationToken cancellationToken)
    {
        var exists = scope.Kind switch
        {
            AttributionScopeKind.Team => await db.Teams.AnyAsync(t => t.Id == scope.Id, cancellationToken),
            AttributionScopeKind.Region => await db.Regions.AnyAsync(r => r.Id == scope.Id, cancellationToken),
            _ => true,
        };
        if (!exists || db.SeesWholeTenant)
        {
            return exists;
        }

        var visible = db.VisibleOwnerIds;
        var members = scope.Kind switch
        {
            AttributionScopeKind.Team => db.Members.Where(m => m.TeamId == scope.Id),
            AttributionScopeKind.Region => db.Members.Where(m => db.Teams.Any(t => t.Id == m.TeamId && t.RegionId == scope.Id)),
            _ => null,
        };
        return members is not null
            && await members.AnyAsync(cancellationToken)
            && !await members.AnyAsync(m => !visible.Contains(m.Id), cancellationToken);
    }
}

/// <summary>Months as the tenant's head office counts them: the job runs at local midnight on the 1st.</summary>
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

    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
}
