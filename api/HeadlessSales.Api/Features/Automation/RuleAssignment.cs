using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>To whom ASSIGN hands the record.</summary>
public enum RuleAssignee
{
    /// <summary>The member named by <c>memberId</c>.</summary>
    Member,

    /// <summary>Leads only: the next rep in turn of the lead's team, the rotation its team's assignment rules take turns from.</summary>
    TeamRotation,
}

/// <summary>
/// ASSIGN: hands the rule's lead or opportunity to a named member, or a lead to the next rep in its team's rotation.
/// A lead changes hands through the Leads feature's own path (<see cref="LeadReassignment"/>: history, a new first-response
/// deadline, <c>lead.assigned</c> journaled in the run's transaction with the run's depth); an opportunity through its
/// entity. A lead that cannot change hands (closed, or already the member's) is left as it is and the log says why.
/// </summary>
public static class RuleAssignment
{
    /// <summary>The save-time checks: the record kind fits, the member exists in the tenant, is active and may own records.</summary>
    public static async Task<List<UserError>> CheckAsync(SalesDbContext db, RuleDraft draft, Func<string, string> pathOf, CancellationToken cancellationToken)
    {
        var errors = new List<UserError>();
        var subject = RuleEventCatalog.Events.GetValueOrDefault(draft.EventType)?.Subject;
        for (var i = 0; i < draft.Actions.Count; i++)
        {
            var action = draft.Actions[i];
            if (action.Kind != RuleActionKind.Assign)
            {
                continue;
            }

            var index = i;
            string At(string part) => $"{pathOf("actions")}[{index}].{part}";
            if (subject is not (CustomFieldEntity.Lead or CustomFieldEntity.Opportunity))
            {
                errors.Add(new ValidationError(At("kind"), $"ASSIGN hands a lead or an opportunity to someone; '{draft.EventType}' is about {(subject is { } kind ? "a " + RuleEventCatalog.KindName(kind) : "no record")}."));
                continue;
            }

            switch (action.AssignTo ?? (action.MemberId is null ? null : RuleAssignee.Member))
            {
                case null:
                    errors.Add(new ValidationError(At("assignTo"), "Say to whom: MEMBER with `memberId`, or TEAM_ROTATION (leads)."));
                    break;
                case RuleAssignee.TeamRotation when subject != CustomFieldEntity.Lead:
                    errors.Add(new ValidationError(At("assignTo"), "TEAM_ROTATION takes turns in a lead's team; name the MEMBER an opportunity goes to."));
                    break;
                case RuleAssignee.Member when action.MemberId is null:
                    errors.Add(new ValidationError(At("memberId"), "ASSIGN to a MEMBER names the member."));
                    break;
                case RuleAssignee.Member:
                    var member = await db.Members.AsNoTracking().Where(m => m.Id == action.MemberId && m.Active).Select(m => new { m.Role }).FirstOrDefaultAsync(cancellationToken);
                    if (member is null)
                    {
                        errors.Add(new NotFoundError(At("memberId"), GlobalId.Encode("Member", action.MemberId!.Value)));
                    }
                    else if (member.Role is not (MemberRole.Rep or MemberRole.TeamLead))
                    {
                        errors.Add(new ValidationError(At("memberId"), $"Leads and opportunities are owned by reps and team leads, not by a {member.Role}."));
                    }

                    break;
            }
        }

        return errors;
    }

    /// <summary>Stages the change of hands in the run's context; returns what it did, for the log.</summary>
    public static async Task<string> RunAsync(SalesDbContext db, AutomationRule rule, RuleAction action, int index, RuleEvent e, bool dryRun, DateTime now, CancellationToken cancellationToken)
    {
        var recordId = e.SubjectId ?? throw new InvalidOperationException($"Action {index + 1} (ASSIGN): the event names no record.");
        var reason = $"Automatic: the rule '{rule.Name}' on {e.Type} ({e.Key}).";
        if (e.SubjectKind == CustomFieldEntity.Opportunity)
        {
            var opportunity = await db.Set<Pipeline.Opportunity>().FirstOrDefaultAsync(o => o.Id == recordId, cancellationToken)
                ?? throw new InvalidOperationException($"Action {index + 1} (ASSIGN): the opportunity no longer exists.");
            var member = await OwnerToBeAsync(db, action, index, cancellationToken);
            if (opportunity.OwnerId == member.Id)
            {
                return $"ASSIGN: left as it is, already owned by member {member.Id}";
            }

            if (!dryRun)
            {
                db.Reassign(opportunity, member.Id, now, ruleDepth: e.Depth + 1);
            }

            return $"ASSIGN → member {member.Id}";
        }

        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == recordId, cancellationToken)
            ?? throw new InvalidOperationException($"Action {index + 1} (ASSIGN): the lead no longer exists.");
        Member? owner;
        if (action.AssignTo == RuleAssignee.TeamRotation)
        {
            // A dry run must not take a turn of the team's rotation: it names the team only.
            if (dryRun)
            {
                return $"ASSIGN → the next rep in turn of team {lead.TeamId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}";
            }

            owner = await LeadReassignment.NextInTurnAsync(db, lead, cancellationToken);
            if (owner is null)
            {
                return "ASSIGN: left as it is, the lead's team has no other active rep";
            }
        }
        else
        {
            owner = await OwnerToBeAsync(db, action, index, cancellationToken);
        }

        if (LeadReassignment.Refusal(lead, owner) is { } refusal)
        {
            return $"ASSIGN: left as it is, {refusal.Message}";
        }

        if (!dryRun)
        {
            // The team is the new owner's (the rotation's rep is of the lead's own).
            await LeadReassignment.ReassignAsync(db, lead, owner.Id, owner.TeamId ?? lead.TeamId, now, null, reason, cancellationToken, ruleDepth: e.Depth + 1);
        }

        return $"ASSIGN → member {owner.Id}";
    }

    private static async Task<Member> OwnerToBeAsync(SalesDbContext db, RuleAction action, int index, CancellationToken cancellationToken) =>
        await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == action.MemberId && m.Active && (m.Role == MemberRole.Rep || m.Role == MemberRole.TeamLead), cancellationToken)
        ?? throw new InvalidOperationException($"Action {index + 1} (ASSIGN): the member is no longer an active rep or team lead.");
}
