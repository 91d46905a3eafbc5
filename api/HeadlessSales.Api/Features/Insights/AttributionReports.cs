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
