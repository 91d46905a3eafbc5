using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>Who sees an escalation: whoever sees its lead, and the person it was raised to.</summary>
internal static class EscalationVisibility
{
    public static IQueryable<Escalation> Visible(SalesDbContext db, Actor actor) =>
        db.Escalations.Where(e => (actor.MemberId != null && e.TargetMemberId == actor.MemberId) || db.Set<Lead>().Any(l => l.Id == e.LeadId));

    public static bool Sees(Actor actor, EscalationRaised raised) =>
        actor.TenantId == raised.TenantId
        && (actor.VisibleOwnerIds is null
            || (actor.MemberId is { } me && raised.TargetMemberId == me)
            || (raised.LeadOwnerId is { } owner && actor.VisibleOwnerIds.Contains(owner)));
}
