using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// AWARD: points or an incentive amount into the Targets incentive ledger (<see cref="IncentiveEntry.RuleAward"/>, the
/// ledger's own seam: no second ledger), to the record's owner or a named member, with a reason naming the rule and the
/// event. The entry is written in the run's transaction, so the run log's unique (rule, event) index makes it once.
/// </summary>
public static class RuleAward
{
    public const int MaxPoints = 100_000;
    public const decimal MaxAmount = 1_000_000m;

    /// <summary>The save-time checks: one of points or amount, in range; a recipient the event has.</summary>
    public static List<UserError> Check(RuleDraft draft, Func<long, bool> memberExists, Func<string, string> pathOf)
    {
        var errors = new List<UserError>();
        var subject = RuleEventCatalog.Events.GetValueOrDefault(draft.EventType)?.Subject;
        for (var i = 0; i < draft.Actions.Count; i++)
        {
            var action = draft.Actions[i];
            if (action.Kind != RuleActionKind.Award)
            {
                continue;
            }

            var index = i;
            string At(string part) => $"{pathOf("actions")}[{index}].{part}";
            if ((action.Points is null) == (action.Amount is null))
            {
                errors.Add(new ValidationError(At("points"), "AWARD gives one thing: `points` or an incentive `amount`."));
            }
            else if (action.Points is { } points && points is < 1 or > MaxPoints)
            {
                errors.Add(new ValidationError(At("points"), $"An award is 1 to {MaxPoints} points."));
            }
            else if (action.Amount is { } amount && (amount <= 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount))
            {
                errors.Add(new ValidationError(At("amount"), $"An award's amount is more than 0 and at most {MaxAmount} {MilestoneRewardRule.Currency}, in cents."));
            }

            switch (action.Recipient)
            {
                case RuleRecipient.Member when action.MemberId is not { } member || !memberExists(member):
                    errors.Add(new NotFoundError(At("memberId"), action.MemberId is { } id ? GlobalId.Encode("Member", id) : string.Empty));
                    break;
                case RuleRecipient.Owner or null when subject is null:
                    errors.Add(new ValidationError(At("recipient"), "This event has no record, so no owner: name a MEMBER."));
                    break;
                case RuleRecipient.TeamLead or RuleRecipient.RegionManager:
                    errors.Add(new ValidationError(At("recipient"), "An award goes to the record's OWNER or a named MEMBER."));
                    break;
            }
        }

        return errors;
    }

    /// <summary>Stages the ledger entry in the run's context; returns what it did, for the log.</summary>
    public static async Task<string> RunAsync(SalesDbContext db, AutomationRule rule, RuleAction action, int index, RuleEvent e, RecordFacts facts, bool dryRun, DateTime now, CancellationToken cancellationToken)
    {
        var memberId = action.Recipient == RuleRecipient.Member ? action.MemberId : facts.OwnerId;
        if (memberId is not { } member || !await db.Members.AnyAsync(m => m.Id == member && m.Active, cancellationToken))
        {
            throw new InvalidOperationException($"Action {index + 1} (AWARD) found nobody to award: the record has no owner, or the member is no longer active.");
        }

        var award = action.Points is { } points ? new Money(points, IncentiveEntry.Points) : new Money(action.Amount!.Value, MilestoneRewardRule.Currency);
        var reason = $"Rule '{rule.Name}' on {e.Type} ({e.Key})";
        if (!dryRun)
        {
            var opportunityId = e.SubjectKind == Infrastructure.CustomFields.CustomFieldEntity.Opportunity ? e.SubjectId : null;
            db.IncentiveEntries.Add(IncentiveEntry.RuleAward(rule.TenantId, member, award, reason, opportunityId, $"rule:{rule.Id}", now));
        }

        return $"AWARD → member {member}: {award.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {award.Currency}";
    }
}
