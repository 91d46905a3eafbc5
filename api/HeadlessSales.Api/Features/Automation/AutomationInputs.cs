using GraphQL.Types;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Automation;

public sealed class RuleTriggerInputType : InputObjectGraphType
{
    public RuleTriggerInputType()
    {
        Name = "RuleTriggerInput";
        Field<StringGraphType>("event").Description("An event type of `automationEvents`, e.g. lead.assigned. Required unless `schedule` is given.");
        Field<IntGraphType>("delayMinutes").Description("Makes the rule DELAYED: it runs this many working minutes after the event.");
        Field<StringGraphType>("unlessEvent").Description("DELAYED: an event of the same record that, happening first, cancels the run (e.g. lead.first-response-recorded).");
        Field<RuleScheduleInputType>("schedule").Description("Makes the rule SCHEDULE: it runs on these weekdays at this local time of the tenant's time zone, for the tenant (no record: actions that need none, e.g. NOTIFY_MEMBER to a MEMBER, CALL_WEBHOOK).");
        Field<RuleCountInputType>("count").Description("Makes the rule count: it acts on the `times`-th event of this type (meeting the condition) for the same record within `withinMinutes`, e.g. the third view of a technical document in 7 days.");
    }
}

public sealed class RuleScheduleInputType : InputObjectGraphType
{
    public RuleScheduleInputType()
    {
        Name = "RuleScheduleInput";
        // The Weekday enum is Insights' (the rhythm's); named here so that Automation need not depend on Insights.
        Field("weekdays", new NonNullGraphType(new ListGraphType(new NonNullGraphType(new GraphQLTypeReference("Weekday"))))).Description("At least one.");
        Field<NonNullGraphType<StringGraphType>>("time").Description("HH:mm, 00:00 to 23:59, in the tenant's time zone.");
    }
}

public sealed class RuleCountInputType : InputObjectGraphType
{
    public RuleCountInputType()
    {
        Name = "RuleCountInput";
        Field<NonNullGraphType<IntGraphType>>("times").Description($"2 to {RuleCounting.MaxTimes}.");
        Field<NonNullGraphType<IntGraphType>>("withinMinutes").Description($"The window, 1 to {RuleCounting.MaxWindowMinutes} minutes (7 days: 10080).");
    }
}

public sealed class RuleActionInputType : InputObjectGraphType
{
    public RuleActionInputType()
    {
        Name = "RuleActionInput";
        Field<NonNullGraphType<RuleActionKindType>>("kind");
        Field<RuleRecipientType>("recipient").Description("NOTIFY_MEMBER and CREATE_TASK: whom it reaches.");
        Field<IdGraphType>("memberId").Description("With recipient MEMBER.");
        Field<StringGraphType>("message").Description("May name facts in braces, e.g. `{record.name}`.");
        Field<StringGraphType>("fieldKey").Description("SET_FIELD: a custom field of the record.");
        Field<StringGraphType>("value").Description("SET_FIELD: the value as text; null clears.");
        Field<IntGraphType>("dueInMinutes").Description("CREATE_TASK: minutes until due.");
        Field<IdGraphType>("webhookEndpointId").Description("CALL_WEBHOOK: the registered endpoint to call (signed, retried and logged like every delivery).");
        Field<IdGraphType>("documentId").Description("PUSH_CONTENT: the document to push or share.");
        Field<IdGraphType>("caseId").Description("PUSH_CONTENT: an approved won case to push to the owner.");
        Field<PushTargetType>("pushTo").Description("PUSH_CONTENT: OWNER (default) or CUSTOMER (a share link for the event's contact).");
        Field<RuleAssigneeType>("assignTo").Description("ASSIGN: MEMBER (with `memberId`, a rep or team lead) or TEAM_ROTATION (a lead: the next rep in turn of its team).");
        Field<IntGraphType>("points").Description($"AWARD: contribution points into the incentive ledger, 1 to {RuleAward.MaxPoints}.");
        Field<DecimalStringGraphType>("amount").Description("AWARD: an incentive amount (CNY) into the incentive ledger, instead of points. To the record's OWNER (default) or a MEMBER (`recipient`).");
    }
}

public sealed class CreateAutomationRuleInputType : InputObjectGraphType
{
    public CreateAutomationRuleInputType()
    {
        Name = "CreateAutomationRuleInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<RuleTriggerInputType>>("trigger");
        Field<StringGraphType>("condition").Description("A typed expression over `event.*` and `record.*` (custom fields as `record.custom.<key>`), e.g. `record.industry == 'NEW_ENERGY' and record.custom.budget >= 100000`. Checked when saved.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RuleActionInputType>>>>("actions");
        Field<IntGraphType>("maxDepth").DefaultValue(AutomationRule.DefaultMaxDepth);
    }
}

public sealed class UpdateAutomationRuleInputType : InputObjectGraphType
{
    public UpdateAutomationRuleInputType()
    {
        Name = "UpdateAutomationRuleInput";
        Description = "Fields left out stay unchanged; the whole rule is checked again.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<RuleTriggerInputType>("trigger");
        Field<StringGraphType>("condition");
        Field<ListGraphType<NonNullGraphType<RuleActionInputType>>>("actions");
        Field<IntGraphType>("maxDepth");
        Field<BooleanGraphType>("enabled");
        Field<BooleanGraphType>("resume").Description("True: clears a pause the engine set after repeated failures.");
    }
}

public sealed class RuleEventDataInputType : InputObjectGraphType
{
    public RuleEventDataInputType()
    {
        Name = "RuleEventDataInput";
        Description = "One data field of an event, in the part of its type.";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("text");
        Field<DecimalStringGraphType>("number");
        Field<BooleanGraphType>("boolean");
    }
}

public sealed class DryRunAutomationRuleInputType : InputObjectGraphType
{
    public DryRunAutomationRuleInputType()
    {
        Name = "DryRunAutomationRuleInput";
        Description = "Replays a recorded run's event (`executionId`), or an event described here (`subjectId` and `data`), against the rule as saved and the record as it is now.";
        Field<NonNullGraphType<IdGraphType>>("ruleId");
        Field<IdGraphType>("executionId");
        Field<IdGraphType>("subjectId").Description("The record the described event happened to.");
        Field<ListGraphType<NonNullGraphType<RuleEventDataInputType>>>("data");
    }
}

public sealed class CreateAutomationRuleErrorType() : MutationErrorUnion("createAutomationRule", typeof(ValidationErrorType), typeof(ConditionErrorType), typeof(SelfTriggeringRuleErrorType), typeof(CustomFieldErrorType), typeof(NotFoundErrorType));

public sealed class UpdateAutomationRuleErrorType() : MutationErrorUnion("updateAutomationRule", typeof(ValidationErrorType), typeof(ConditionErrorType), typeof(SelfTriggeringRuleErrorType), typeof(CustomFieldErrorType), typeof(NotFoundErrorType));

public sealed class DryRunAutomationRuleErrorType() : MutationErrorUnion("dryRunAutomationRule", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class CreateAutomationRulePayloadType() : PayloadType<AutomationRuleType, AutomationRule, CreateAutomationRuleErrorType>("createAutomationRule", "rule");

public sealed class UpdateAutomationRulePayloadType() : PayloadType<AutomationRuleType, AutomationRule, UpdateAutomationRuleErrorType>("updateAutomationRule", "rule");

public sealed class DryRunAutomationRulePayloadType() : PayloadType<DryRunResultType, DryRunResult, DryRunAutomationRuleErrorType>("dryRunAutomationRule", "dryRun");
