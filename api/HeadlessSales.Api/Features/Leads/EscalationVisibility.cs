using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>Who sees an escalation: whoever sees its lead, and everyone it reached at any step.</summary>
internal static class EscalationVisibility
{
    public static IQueryable<Escalation> Visible(SalesDbContext db, Actor actor) =>
        db.Escalations.Where(e => (actor.MemberId != null && db.Set<EscalationStep>().Any(s => s.EscalationId == e.Id && s.TargetMemberId == actor.MemberId))
            || db.Set<Lead>().Any(l => l.Id == e.LeadId));

    public static bool Sees(Actor actor, EscalationRaised raised) =>
        actor.TenantId == raised.TenantId
        && (actor.VisibleOwnerIds is null
            || (actor.MemberId is { } me && raised.TargetMemberId == me)
            || (raised.LeadOwnerId is { } owner && actor.VisibleOwnerIds.Contains(owner)));
}
