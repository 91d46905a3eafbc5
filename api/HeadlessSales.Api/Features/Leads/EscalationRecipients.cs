using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>Who an escalation reaches at each level of the chain, and so who may acknowledge or resolve it.</summary>
internal static class EscalationRecipients
{
    /// <summary>The person a level reaches for a lead of <paramref name="team"/>; null for sales ops (a role) or nobody there.</summary>
    public static long? PersonAt(EscalationLevel level, Team? team, Region? region) => level switch
    {
        EscalationLevel.TeamLead => team?.LeadId,
        EscalationLevel.RegionManager => region?.ManagerId,
        _ => null,
    };

    /// <summary>
    /// Whether the actor is the escalation's current recipient or would be reached by a later step of the tenant's
    /// chain (someone above them): the person told, the team's lead, the region's manager, or a sales ops member, by
    /// level. Integration clients and members outside the chain are neither.
    /// </summary>
    public static async Task<bool> MayActAsync(SalesDbContext db, Actor actor, Escalation escalation, CancellationToken cancellationToken)
    {
        if (actor.MemberId is not { } me)
        {
            return false;
        }

        if (escalation.TargetMemberId == me)
        {
            return true;
        }

        var chain = (await LeadSopTimerHandler.SettingsAsync(db, cancellationToken)).EscalationChain;
        var current = chain.IndexOf(escalation.Level);
        var levels = current < 0 ? [escalation.Level] : chain[current..];
        var team = escalation.TeamId is { } teamId ? await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken) : null;
        var region = escalation.RegionId is { } regionId ? await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == regionId, cancellationToken) : null;
        return levels.Any(level => level == EscalationLevel.SalesOps ? actor.Role == MemberRole.SalesOps : PersonAt(level, team, region) == me);
    }
}

/// <summary>The caller is neither the escalation's current recipient nor above them in the chain.</summary>
public sealed record NotEscalationRecipientError(EscalationLevel Level)
    : UserError($"Only the escalation's current recipient ({Level}) or someone above them in the escalation chain may act on it.", "NOT_ESCALATION_RECIPIENT");
