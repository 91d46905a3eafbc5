using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

/// <summary>
/// Who sees an alert, as for the dashboard and escalations: sales ops, admins and integrations every alert; a region
/// manager their region's, its teams' and its members'; a team lead the teams they lead and their members'; anyone a
/// member alert of a member they see (a rep: their own). Read once per request or subscription.
/// </summary>
internal sealed record HealthAlertViewer(long TenantId, bool All, IReadOnlyList<long> MemberIds, IReadOnlyList<long> TeamIds, long? RegionId)
{
    public static async Task<HealthAlertViewer> ForAsync(SalesDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.VisibleOwnerIds is null)
        {
            return new HealthAlertViewer(actor.TenantId, true, [], [], null);
        }

        var member = actor.MemberId is { } id ? await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken) : null;
        var teams = member?.Role == MemberRole.TeamLead
            ? await db.Teams.AsNoTracking().Where(t => t.Id == member.TeamId || t.LeadId == member.Id).Select(t => t.Id).ToListAsync(cancellationToken)
            : [];
        var region = member?.Role == MemberRole.RegionManager ? member.RegionId : null;
        return new HealthAlertViewer(actor.TenantId, false, actor.VisibleOwnerIds, teams, region);
    }

    public IQueryable<HealthAlert> Visible(IQueryable<HealthAlert> alerts)
    {
        if (All)
        {
            return alerts;
        }

        var (members, teams, region) = (MemberIds.ToList(), TeamIds.ToList(), RegionId);
        return alerts.Where(a => (a.ScopeKind == HealthScopeKind.Member && members.Contains(a.ScopeId))
            || (a.ScopeKind == HealthScopeKind.Team && (teams.Contains(a.ScopeId) || (region != null && a.RegionId == region)))
            || (a.ScopeKind == HealthScopeKind.Region && region != null && a.ScopeId == region));
    }

    public bool Sees(HealthAlertChanged change) =>
        change.TenantId == TenantId
        && (All || change.ScopeKind switch
        {
            HealthScopeKind.Member => MemberIds.Contains(change.ScopeId),
            HealthScopeKind.Team => TeamIds.Contains(change.ScopeId) || (RegionId is not null && change.RegionId == RegionId),
            HealthScopeKind.Region => RegionId is not null && change.ScopeId == RegionId,
            _ => false,
        });
}
