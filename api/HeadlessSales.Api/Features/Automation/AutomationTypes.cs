using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

public sealed class RuleTriggerKindType : EnumerationGraphType<RuleTriggerKind>
{
    public RuleTriggerKindType()
    {
        Name = "RuleTriggerKind";
        Description = "EVENT: when the event happens. DELAYED: a number of working minutes after it, unless the `unlessEvent` happened for the same record first (on durable timers). SCHEDULE: on chosen weekdays at a local time of the tenant (on durable timers; the event is schedule.fired, with no record).";
    }
}

public sealed class RuleActionKindType : EnumerationGraphType<RuleActionKind>
{
    public RuleActionKindType() => Name = "RuleActionKind";
}

public sealed class RuleRecipientType : EnumerationGraphType<RuleRecipient>
{
    public RuleRecipientType() => Name = "RuleRecipient";
}

public sealed class RuleAssigneeType : EnumerationGraphType<RuleAssignee>
{
    public RuleAssigneeType() => Name = "RuleAssignee";
}

public sealed class PushTargetType : EnumerationGraphType<PushTarget>
{
    public PushTargetType() => Name = "PushTarget";
}

public sealed class RuleCountType : ObjectGraphType<RuleCount>
{
    public RuleCountType()
    {
        Name = "RuleCount";
        Description = "The rule acts on the `times`-th event of its trigger type, meeting its condition, for the same record within `withinMinutes`.";
        Field(c => c.Times);
        Field(c => c.WithinMinutes);
    }
}

public sealed class RuleOutcomeType : EnumerationGraphType<RuleOutcome>
{
    public RuleOutcomeType() => Name = "RuleOutcome";
}

public sealed class NoticeKindType : EnumerationGraphType<NoticeKind>
{
    public NoticeKindType() => Name = "AutomationNoticeKind";
}

public sealed class RuleActionType : ObjectGraphType<RuleAction>
{
    public RuleActionType()
    {
        Name = "RuleAction";
        Field(a => a.Kind, type: typeof(NonNullGraphType<RuleActionKindType>));
        Field(a => a.Recipient, type: typeof(RuleRecipientType));
        Field<MemberType>("member").Resolve(ctx => ctx.Source.MemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(a => a.Message, nullable: true).Description("May name facts in braces, e.g. `{record.name}`.");
        Field(a => a.FieldKey, nullable: true).Description("SET_FIELD: the record's custom field.");
        Field<StringGraphType>("value").Description("SET_FIELD: the value as text (numbers 1234.5, dates yyyy-MM-dd, choices separated by `;`); null clears.").Resolve(ctx => ctx.Source.FieldValue);
        Field(a => a.DueInMinutes, nullable: true).Description("CREATE_TASK: minutes until the task is due.");
        Field<IdGraphType>("webhookEndpointId").Description("CALL_WEBHOOK: the endpoint called.").Resolve(ctx => ctx.Source.WebhookEndpointId is { } id ? GlobalId.Encode("WebhookEndpoint", id) : null);
        Field<IdGraphType>("documentId").Description("PUSH_CONTENT: the document.").Resolve(ctx => ctx.Source.DocumentId is { } id ? GlobalId.Encode("Document", id) : null);
        Field<IdGraphType>("caseId").Description("PUSH_CONTENT: the approved case.").Resolve(ctx => ctx.Source.CaseId is { } id ? GlobalId.Encode("WonCase", id) : null);
        Field(a => a.PushTo, type: typeof(PushTargetType));
        Field(a => a.AssignTo, type: typeof(RuleAssigneeType)).Description("ASSIGN: to the named member or the next rep in turn of the lead's team.");
        Field(a => a.Points, nullable: true).Description("AWARD: points into the incentive ledger.");
        Field<DecimalStringGraphType>("amount").Description("AWARD: an incentive amount (CNY) into the incentive ledger.").Resolve(ctx => ctx.Source.Amount);
    }
}

public sealed class RuleScheduleType : ObjectGraphType<RuleSchedule>
{
    public RuleScheduleType()
    {
        Name = "RuleSchedule";
        Description = "Weekdays and a local time of the tenant's time zone.";
        Field("weekdays", new NonNullGraphType(new ListGraphType(new NonNullGraphType(new GraphQLTypeReference("Weekday"))))).Resolve(ctx => ctx.Source.Weekdays);
        Field(s => s.Time).Description("HH:mm.");
        Field<UtcDateTimeGraphType>("nextRunAt").Description("When it fires next (its pending durable timer).")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var ruleId = ((AutomationRule)ctx.Parent!.Source!).Id;
                return await db.ScheduledTimers.Where(t => t.Kind == RuleScheduling.TimerKind && t.SubjectId == ruleId && t.FiredAt == null)
                    .OrderBy(t => t.DueAt).Select(t => (DateTime?)t.DueAt).FirstOrDefaultAsync(ctx.CancellationToken);
            });
    }
}

public sealed class AutomationRuleType : NodeType<AutomationRule>
{
    public AutomationRuleType() : base("AutomationRule", "A no-code rule: a trigger, a typed condition over the event and its record (custom fields included), and actions.")
    {
        Field(r => r.Name);
        Field(r => r.TriggerKind, type: typeof(NonNullGraphType<RuleTriggerKindType>));
        Field(r => r.EventType).Description("The event that starts it; see `automationEvents`.");
        Field(r => r.UnlessEventType, nullable: true);
        Field(r => r.DelayMinutes).Description("DELAYED: working minutes in the owner's team calendar.");
        Field<RuleScheduleType>("schedule").Description("SCHEDULE: when it fires.").Resolve(ctx => ctx.Source.Schedule);
        Field<RuleCountType>("count").Description("Set when the rule counts events of its trigger type per record.").Resolve(ctx => ctx.Source.Counting);
        Field(r => r.Condition).Description("Empty: always.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RuleActionType>>>>("actions").Resolve(ctx => ctx.Source.Actions);
        Field(r => r.Enabled);
        Field(r => r.PausedReason, nullable: true).Description("Set when the engine paused the rule after repeated failures; `updateAutomationRule(resume: true)` clears it.");
        Field(r => r.ConsecutiveFailures);
        Field(r => r.MaxDepth).Description("Events caused by rules deeper than this do not start the rule (loop prevention).");
        Field(r => r.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class RuleExecutionType : ObjectGraphType<RuleExecution>
{
    public RuleExecutionType()
    {
        Name = "RuleExecution";
        Description = "One run of a rule for one event: its inputs, decision and outcome.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Give it to `dryRunAutomationRule` to replay its event.").Resolve(ctx => GlobalId.Encode("RuleExecution", ctx.Source.Id));
        Field<AutomationRuleType>("rule").Resolve(ctx => ctx.DataLoader<AutomationRuleByIdDataLoader>().LoadAsync(ctx.Source.RuleId));
        Field(e => e.EventType);
        Field(e => e.EventKey).Description("The event's identity; the rule runs once per event key.");
        Field<IdGraphType>("subjectId").Resolve(ctx => ctx.Source.SubjectKind is { } kind && ctx.Source.SubjectId is { } id ? GlobalId.Encode(kind.ToString(), id) : null);
        Field(e => e.Depth).Description("How many rule actions deep the event is.");
        Field(e => e.Inputs).Description("The facts the condition saw, as a JSON object (path → value).");
        Field(e => e.ConditionMet, nullable: true);
        Field(e => e.Outcome, type: typeof(NonNullGraphType<RuleOutcomeType>));
        Field(e => e.Detail).Description("What each action did, or why the run failed.");
        Field(e => e.StartedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(e => e.FinishedAt, type: typeof(UtcDateTimeGraphType));
    }
}

public sealed class AutomationNoticeType : ObjectGraphType<AutomationNotice>
{
    public AutomationNoticeType()
    {
        Name = "AutomationNotice";
        Description = "A notification, escalation or task a rule left for a member, or an alert that a rule was paused.";
        Field(n => n.Kind, type: typeof(NonNullGraphType<NoticeKindType>));
        Field<AutomationRuleType>("rule").Resolve(ctx => ctx.DataLoader<AutomationRuleByIdDataLoader>().LoadAsync(ctx.Source.RuleId));
        Field<MemberType>("recipient").Resolve(ctx => ctx.Source.RecipientId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<IdGraphType>("subjectId").Resolve(ctx => ctx.Source.SubjectKind is { } kind && ctx.Source.SubjectId is { } id ? GlobalId.Encode(kind.ToString(), id) : null);
        Field(n => n.Message);
        Field(n => n.DueAt, type: typeof(UtcDateTimeGraphType));
        Field(n => n.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

/// <summary>An event type of the catalog and the fields its rules' conditions may name.</summary>
public sealed record AutomationEventView(RuleEventCatalog.EventShape Shape, IReadOnlyDictionary<string, RuleValueType> Paths);

public sealed class RuleValueTypeType : EnumerationGraphType<RuleValueType>
{
    public RuleValueTypeType() => Name = "RuleValueType";
}

public sealed class AutomationFieldType : ObjectGraphType<KeyValuePair<string, RuleValueType>>
{
    public AutomationFieldType()
    {
        Name = "AutomationField";
        Field<NonNullGraphType<StringGraphType>>("path").Resolve(ctx => ctx.Source.Key);
        Field<NonNullGraphType<RuleValueTypeType>>("type").Resolve(ctx => ctx.Source.Value);
    }
}

public sealed class AutomationEventType : ObjectGraphType<AutomationEventView>
{
    public AutomationEventType()
    {
        Name = "AutomationEvent";
        Field<NonNullGraphType<StringGraphType>>("type").Resolve(ctx => ctx.Source.Shape.Type);
        Field<CustomFieldEntityType>("subject").Resolve(ctx => ctx.Source.Shape.Subject);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(ctx => ctx.Source.Shape.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AutomationFieldType>>>>("fields")
            .Description("What a condition of a rule on this event may name, the tenant's custom fields included.")
            .Resolve(ctx => ctx.Source.Paths.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}

public sealed class DryRunResult(RuleExecution execution)
{
    public RuleExecution Execution { get; } = execution;
}

public sealed class DryRunResultType : ObjectGraphType<DryRunResult>
{
    public DryRunResultType()
    {
        Name = "AutomationDryRun";
        Description = "What the rule would do for the event now: the facts, the decision and the actions, none of them performed.";
        Field<NonNullGraphType<StringGraphType>>("inputs").Resolve(ctx => ctx.Source.Execution.Inputs);
        Field<BooleanGraphType>("conditionMet").Resolve(ctx => ctx.Source.Execution.ConditionMet);
        Field<NonNullGraphType<StringGraphType>>("detail").Description("The actions it would take, one a line.").Resolve(ctx => ctx.Source.Execution.Detail);
    }
}

public sealed class ConditionErrorType : UserErrorType<ConditionError>
{
    public ConditionErrorType() : base("ConditionError", "The condition does not parse or type-check; `position` and `length` mark the offending part of its text.")
    {
        Field(e => e.Field);
        Field(e => e.Position).Description("Offset in the condition's text, from 0.");
        Field(e => e.Length);
        Field(e => e.Detail);
    }
}

public sealed class SelfTriggeringRuleErrorType : UserErrorType<SelfTriggeringRuleError>
{
    public SelfTriggeringRuleErrorType() : base("SelfTriggeringRuleError", "An action raises the event that starts the rule.")
    {
        Field(e => e.Field);
        Field(e => e.EventType);
    }
}

public sealed class AutomationRuleByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<AutomationRule>(databases);
