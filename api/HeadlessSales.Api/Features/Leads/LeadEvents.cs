using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A lead got an owner, by a rule or by hand.</summary>
/// <param name="RuleDepth">Set when a rule's action assigned it: how many rule actions deep, so that chains of rules stop (Automation).</param>
public sealed record LeadAssigned(long TenantId, long LeadId, long OwnerId, long? TeamId, bool Reassigned, DateTime OccurredAt, int? RuleDepth = null) : IDomainEvent;

/// <summary>A lead's owner recorded the first response: the SOP's response deadline is met or missed for good.</summary>
public sealed record LeadFirstResponseRecorded(long TenantId, long LeadId, long OwnerId, long? TeamId, FirstResponseOutcome Outcome, DateTime OccurredAt) : IDomainEvent;

public static class LeadEventJournaling
{
    /// <summary>Journals the owners of leads the next save stores; leads left in a queue have nobody to tell.</summary>
    public static void JournalAssignments(this SalesDbContext db, IEnumerable<Lead> leads, DateTime now, bool reassigned = false, int? ruleDepth = null)
    {
        foreach (var lead in leads)
        {
            if (lead.OwnerId is { } ownerId)
            {
                // Built at the save: a new lead has its key by then.
                db.Journal(() => new LeadAssigned(lead.TenantId, lead.Id, ownerId, lead.TeamId, reassigned, now, ruleDepth));
            }
        }
    }
}
