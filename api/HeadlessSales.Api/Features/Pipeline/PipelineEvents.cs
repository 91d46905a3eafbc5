using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>An opportunity was opened in a stage or moved to another; <see cref="FromStageId"/> is null when it was opened.</summary>
public sealed record OpportunityStageChanged(long TenantId, long OpportunityId, long OwnerId, long? FromStageId, long ToStageId, StageEntryKind Kind, DateTime OccurredAt) : IDomainEvent;

/// <summary>An opportunity changed hands (today only a rule's ASSIGN does this).</summary>
/// <param name="RuleDepth">Set when a rule's action reassigned it: how many rule actions deep, so that chains of rules stop (Automation).</param>
public sealed record OpportunityAssigned(long TenantId, long OpportunityId, long OwnerId, long FromOwnerId, DateTime OccurredAt, int? RuleDepth = null) : IDomainEvent;

public static class OpportunityReassignment
{
    /// <summary>The one way an opportunity changes hands: the owner, and <c>opportunity.assigned</c> journaled in the same save.</summary>
    public static void Reassign(this SalesDbContext db, Opportunity opportunity, long ownerId, DateTime now, int? ruleDepth = null)
    {
        var from = opportunity.OwnerId;
        opportunity.Reassign(ownerId, now);
        db.Journal(new OpportunityAssigned(opportunity.TenantId, opportunity.Id, ownerId, from, now, ruleDepth));
    }
}
