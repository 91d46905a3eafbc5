using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A lead got an owner, by a rule or by hand.</summary>
public sealed record LeadAssigned(long TenantId, long LeadId, long OwnerId, long? TeamId, bool Reassigned, DateTime OccurredAt) : IDomainEvent;

/// <summary>A lead's owner recorded the first response: the SOP's response deadline is met or missed for good.</summary>
public sealed record LeadFirstResponseRecorded(long TenantId, long LeadId, long OwnerId, long? TeamId, FirstResponseOutcome Outcome, DateTime OccurredAt) : IDomainEvent;

public static class LeadEventPublishing
{
    /// <summary>Announces the owners of committed leads; leads left in a queue have nobody to tell.</summary>
    public static void PublishAssignments(this IEventBus events, IEnumerable<Lead> leads, DateTime now, bool reassigned = false)
    {
        foreach (var lead in leads)
        {
            if (lead.OwnerId is { } ownerId)
            {
                events.Publish(new LeadAssigned(lead.TenantId, lead.Id, ownerId, lead.TeamId, reassigned, now));
            }
        }
    }
}
