using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>A rule as an admin writes it, before it is saved.</summary>
public sealed record RuleDraft(string Name, RuleTriggerKind TriggerKind, string EventType, string? UnlessEventType, int DelayMinutes, string Condition, IReadOnlyList<RuleAction> Actions, int MaxDepth, RuleCount? Count = null, RuleSchedule? Schedule = null);

/// <summary>The save-time rules of a rule: known events, a condition that type-checks against them, actions that can run, no self-trigger.</summary>
public static class RuleDefinition
{
    public const int MaxDelayMinutes = 60 * 24 * 30;
    public const int MaxActions = 10;
    public const int MaxDepthLimit = 5;

    /// <param name="memberExists">Whether an active member of the tenant has this key.</param>
    /// <param name="webhookEndpointExists">Whether the tenant has a webhook endpoint with this key.</param>
    public static List<UserError> Check(RuleDraft draft, IReadOnlyList<CustomFieldDefinition> definitions, Func<long, bool> memberExists, Func<long, bool> webhookEndpointExists, Func<string, string> pathOf)
    {
        var errors = new List<UserError>();
        if (draft.Name.Length is 0 or > 200)
        {
            errors.Add(new ValidationError(pathOf("name"), "A rule's name is 1 to 200 characters."));
        }

        if (draft.MaxDepth is < 1 or > MaxDepthLimit)
        {
            errors.Add(new ValidationError(pathOf("maxDepth"), $"`maxDepth` is from 1 to {MaxDepthLimit}."));
        }

        var known = string.Join(", ", RuleEventCatalog.Events.Keys.Order(StringComparer.Ordinal));
        if (draft.TriggerKind == RuleTriggerKind.Schedule && draft.Schedule is { } schedule)
        {
            errors.AddRange(RuleScheduling.Check(schedule, pathOf));
        }
        else if (draft.EventType == RuleScheduling.EventType)
        {
            errors.Add(new ValidationError(pathOf("trigger.event"), $"'{RuleScheduling.EventType}' is raised by schedules only: give `trigger.schedule` instead."));
        }

        if (draft.EventType.Length == 0)
        {
            errors.Add(new ValidationError(pathOf("trigger.event"), "Give the event that starts the rule, or a `schedule`."));
            return errors;
        }

        if (!RuleEventCatalog.Events.TryGetValue(draft.EventType, out var shape))
        {
            errors.Add(new ValidationError(pathOf("trigger.event"), $"Unknown event '{draft.EventType}'; the events are {known}."));
            return errors;
        }

        if (draft.TriggerKind == RuleTriggerKind.Delayed)
        {
            if (draft.DelayMinutes is < 1 or > MaxDelayMinutes)
            {
                errors.Add(new ValidationError(pathOf("trigger.delayMinutes"), $"A delayed rule waits 1 to {MaxDelayMinutes} working minutes."));
            }

            if (draft.UnlessEventType is { } unless && (!RuleEventCatalog.Events.TryGetValue(unless, out var unlessShape) || unlessShape.Subject != shape.Subject))
            {
                errors.Add(new ValidationError(pathOf("trigger.unlessEvent"), $"'{unless}' is not an event of the same kind of record as '{draft.EventType}'."));
            }
        }

        errors.AddRange(RuleCounting.Check(draft, shape, pathOf));
        if (draft.Condition.Trim().Length > 0)
        {
            var (_, conditionErrors) = RuleExpression.Compile(draft.Condition, RuleFacts.PathsFor(shape, definitions));
            errors.AddRange(conditionErrors.Select(e => new ConditionError(pathOf("condition"), e.Position, e.Length, e.Message)));
        }

        if (draft.Actions.Count is 0 or > MaxActions)
        {
            errors.Add(new ValidationError(pathOf("actions"), $"A rule has 1 to {MaxActions} actions."));
        }

        for (var i = 0; i < draft.Actions.Count; i++)
        {
            var action = draft.Actions[i];
            string At(string part) => $"{pathOf("actions")}[{i}].{part}";
            switch (action.Kind)
            {
                case RuleActionKind.NotifyMember or RuleActionKind.CreateTask:
                    CheckRecipient(action, shape, memberExists, At, errors);
                    if (string.IsNullOrWhiteSpace(action.Message) || action.Message.Length > 1000)
                    {
                        errors.Add(new ValidationError(At("message"), "A notification or task says something: 1 to 1000 characters."));
                    }

                    if (action.Kind == RuleActionKind.CreateTask && action.DueInMinutes is < 1 or > MaxDelayMinutes)
                    {
                        errors.Add(new ValidationError(At("dueInMinutes"), $"A task is due 1 to {MaxDelayMinutes} minutes after it is made."));
                    }

                    break;
                case RuleActionKind.Escalate:
                    if (shape.Subject is null)
                    {
                        errors.Add(new ValidationError(At("kind"), "Escalating needs a record with an owner."));
                    }

                    break;
                case RuleActionKind.SetField:
                    CheckSetField(action, shape, definitions, At, errors);
                    break;
                case RuleActionKind.CallWebhook:
                    if (action.WebhookEndpointId is not { } endpoint)
                    {
                        errors.Add(new ValidationError(At("webhookEndpointId"), "Name the registered webhook endpoint to call."));
                    }
                    else if (!webhookEndpointExists(endpoint))
                    {
                        errors.Add(new NotFoundError(At("webhookEndpointId"), endpoint.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    break;
            }

            foreach (var raised in RuleEventCatalog.Raised(action, shape.Subject))
            {
                if (raised == draft.EventType)
                {
                    errors.Add(new SelfTriggeringRuleError(At("kind"), raised));
                }
            }
        }

        return errors;
    }

    private static void CheckRecipient(RuleAction action, RuleEventCatalog.EventShape shape, Func<long, bool> memberExists, Func<string, string> at, List<UserError> errors)
    {
        switch (action.Recipient)
        {
            case null:
                errors.Add(new ValidationError(at("recipient"), "Say whom it reaches: OWNER, TEAM_LEAD, REGION_MANAGER or MEMBER with `memberId`."));
                break;
            case RuleRecipient.Member when action.MemberId is not { } member || !memberExists(member):
                errors.Add(new NotFoundError(at("memberId"), action.MemberId?.ToString() ?? string.Empty));
                break;
            case not RuleRecipient.Member when shape.Subject is null:
                errors.Add(new ValidationError(at("recipient"), "This event has no record, so no owner: name a MEMBER."));
                break;
        }
    }

    private static void CheckSetField(RuleAction action, RuleEventCatalog.EventShape shape, IReadOnlyList<CustomFieldDefinition> definitions, Func<string, string> at, List<UserError> errors)
    {
        var definition = definitions.FirstOrDefault(d => d.Entity == shape.Subject && d.Key == action.FieldKey);
        if (definition is null)
        {
            errors.Add(new CustomFieldError(at("fieldKey"), action.FieldKey ?? string.Empty, CustomFieldProblem.Unknown, null, $"No custom field '{action.FieldKey}' is defined on the rule's record."));
            return;
        }

        if (action.FieldValue is null)
        {
            return;
        }

        if (CustomFieldRules.FromText(definition, action.FieldValue) is not { } value)
        {
            errors.Add(new CustomFieldError(at("value"), definition.Key, CustomFieldProblem.WrongType, definition.Type, $"'{action.FieldValue}' is not a {definition.Type} value for '{definition.Key}'."));
            return;
        }

        errors.AddRange(CustomFieldRules.Check([definition], [value], creating: false, (_, _) => at("value")).Errors);
    }
}
