using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>
/// The one way a lead changes hands after intake, whoever asks (a person, a missed deadline, a rule): the new owner,
/// a history line saying why, a first-response deadline of the new owner's own, and <c>lead.assigned</c> journaled
/// (reassigned) in the caller's transaction.
/// </summary>
public static class LeadReassignment
{
    /// <summary>Why <paramref name="lead"/> cannot go to <paramref name="owner"/>, or null when it can.</summary>
    public static UserError? Refusal(Lead lead, Member owner) =>
        owner.Role is not (MemberRole.Rep or MemberRole.TeamLead) ? new InvalidStateError($"Leads are owned by reps and team leads, not by a {owner.Role}.")
        : lead.OwnerId == owner.Id ? new InvalidStateError($"The lead is already owned by {owner.Name}.")
        : lead.Status is LeadStatus.Qualified or LeadStatus.Disqualified ? new InvalidStateError($"A {lead.Status} lead is closed for reassignment.")
        : null;

    /// <summary>Hands the (tracked) lead to <paramref name="ownerId"/> in <paramref name="teamId"/>; the caller saves.</summary>
    /// <param name="ruleDepth">For a rule's action: how many rule actions deep the assignment is (loop prevention reads it from the journal).</param>
    public static async Task ReassignAsync(SalesDbContext db, Lead lead, long ownerId, long? teamId, DateTime now, long? actorMemberId, string reason, CancellationToken cancellationToken, int? ruleDepth = null)
    {
        lead.Reassign(ownerId, teamId, now);
        db.LeadHistory.Add(LeadHistoryEntry.For(lead, LeadHistoryKind.Reassigned, now, actorMemberId, reason));
        // The new owner gets a first-response deadline of their own; the old one's timer sees the new assignment and stands down.
        await LeadSopTimerHandler.ScheduleAsync(db, [lead], cancellationToken);
        db.JournalAssignments([lead], now, reassigned: true, ruleDepth);
    }

    /// <summary>The next rep in turn of the lead's team other than its owner (the rotation the team's assignment rules use), or null.</summary>
    public static Task<Member?> NextInTurnAsync(SalesDbContext db, Lead lead, CancellationToken cancellationToken) => LeadAssigner.NextRepAsync(db, lead, cancellationToken);
}
