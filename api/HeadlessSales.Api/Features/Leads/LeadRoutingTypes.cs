using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Leads;

public sealed class AssignmentStrategyType : EnumerationGraphType<AssignmentStrategy>
{
    public AssignmentStrategyType()
    {
        Name = "AssignmentStrategy";
        Description = "How a rule picks the owner of a lead it matches.";
    }
}

public sealed class LeadHistoryKindType : EnumerationGraphType<LeadHistoryKind>
{
    public LeadHistoryKindType() => Name = "LeadHistoryKind";
}

public sealed class FirstResponseOutcomeType : EnumerationGraphType<FirstResponseOutcome>
{
    public FirstResponseOutcomeType()
    {
        Name = "FirstResponseOutcome";
        Description = "How the owner's first call went. NOT_INTERESTED and WRONG_NUMBER disqualify the lead.";
    }
}

public sealed class ProductMatchReasonType : EnumerationGraphType<ProductMatchReason>
{
    public ProductMatchReasonType() => Name = "ProductMatchReason";
}

public sealed class TerritoryOwnerType : ObjectGraphType<TerritoryOwner>
{
    public TerritoryOwnerType()
    {
        Name = "TerritoryOwner";
        Field(t => t.Province);
        Field<MemberType>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
    }
}

public sealed class AssignmentRuleType : NodeType<AssignmentRule>
{
    public AssignmentRuleType() : base("AssignmentRule", "A lead routing rule: conditions a lead must meet, and how it picks the owner.")
    {
        Field(r => r.Name);
        Field(r => r.Position).Description("Rules are tried in ascending position.");
        Field(r => r.Active);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IndustryType>>>>("industries").Resolve(ctx => ctx.Source.Industries);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("provinces").Resolve(ctx => ctx.Source.Provinces);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LeadSourceType>>>>("sources").Resolve(ctx => ctx.Source.Sources);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("productCodes").Resolve(ctx => ctx.Source.ProductCodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CompanySizeType>>>>("sizes").Resolve(ctx => ctx.Source.Sizes);
        Field(r => r.Strategy, type: typeof(NonNullGraphType<AssignmentStrategyType>));
        Field<TeamType>("team").Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field<MemberType>("member").Resolve(ctx => ctx.Source.MemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TerritoryOwnerType>>>>("territories").Resolve(ctx => ctx.Source.Territories);
        Field(r => r.FirstResponseDeadlineMinutes, nullable: true);
        Field(r => r.ReassignOnFirstResponseBreach, nullable: true)
            .Description("Whether a missed first response hands the lead to the team's next rep; null follows the tenant's setting.");
        Field(r => r.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class ScriptTemplateType : NodeType<ScriptTemplate>
{
    public ScriptTemplateType() : base("ScriptTemplate", "A first-call script with {{variables}}, for an industry, a product, both or neither.")
    {
        Field(t => t.Name);
        Field(t => t.Industry, type: typeof(IndustryType));
        Field(t => t.ProductCode, nullable: true);
        Field(t => t.Body);
        Field(t => t.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class LeadRoutingSettingsType : ObjectGraphType<LeadRoutingSettings>
{
    public LeadRoutingSettingsType()
    {
        Name = "LeadRoutingSettings";
        Description = "The tenant's routing defaults.";
        Field<TeamType>("defaultQueueTeam")
            .Description("The team whose queue takes leads no rule assigns; null keeps them in the tenant-wide queue.")
            .Resolve(ctx => ctx.Source.DefaultQueueTeamId is { } id ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field(s => s.AssignmentDeadlineMinutes).Description("Working minutes a new lead may wait for an owner.");
        Field(s => s.FirstResponseDeadlineMinutes).Description("Working minutes an owner has for the first call; a rule may override it.");
        Field(s => s.EscalationStepMinutes).Description("Working minutes an open escalation waits before it climbs a level.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EscalationLevelType>>>>("escalationChain").Resolve(ctx => ctx.Source.EscalationChain);
        Field(s => s.ReassignOnFirstResponseBreach)
            .Description("Whether a missed first response also hands the lead to the next rep of its team in turn; a rule may override it.");
    }
}

public sealed class LeadHistoryEntryType : ObjectGraphType<LeadHistoryEntry>
{
    public LeadHistoryEntryType()
    {
        Name = "LeadHistoryEntry";
        Description = "One step in a lead's life.";
        Field(h => h.Kind, type: typeof(NonNullGraphType<LeadHistoryKindType>));
        Field<MemberType>("owner").Description("The owner after this step.")
            .Resolve(ctx => ctx.Source.OwnerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<MemberType>("actor").Description("The member who took the step; null for a rule, a timer or an integration.")
            .Resolve(ctx => ctx.Source.ActorMemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(h => h.Detail, nullable: true);
        Field(h => h.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class ProductSuggestionType : ObjectGraphType<ProductSuggestion>
{
    public ProductSuggestionType()
    {
        Name = "ProductSuggestion";
        Field<NonNullGraphType<ProductType>>("product").Resolve(ctx => ctx.Source.Product);
        Field(s => s.Reason, type: typeof(NonNullGraphType<ProductMatchReasonType>));
    }
}

public sealed class FirstCallScriptType : ObjectGraphType<FirstCallScript>
{
    public FirstCallScriptType()
    {
        Name = "FirstCallScript";
        Description = "The script for the owner's first call, rendered for this lead.";
        Field<NonNullGraphType<ScriptTemplateType>>("template").Resolve(ctx => ctx.Source.Template);
        Field(s => s.Text);
    }
}

public sealed class TerritoryOwnerInputType : InputObjectGraphType
{
    public TerritoryOwnerInputType()
    {
        Name = "TerritoryOwnerInput";
        Field<NonNullGraphType<StringGraphType>>("province");
        Field<NonNullGraphType<IdGraphType>>("memberId").Description("A member of the rule's team.");
    }
}

public sealed class CreateAssignmentRuleInputType : InputObjectGraphType
{
    public CreateAssignmentRuleInputType()
    {
        Name = "CreateAssignmentRuleInput";
        Description = "An empty condition list matches every lead.";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<IntGraphType>>("position").Description("Rules are tried in ascending position.");
        Field<ListGraphType<NonNullGraphType<IndustryType>>>("industries");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("provinces");
        Field<ListGraphType<NonNullGraphType<LeadSourceType>>>("sources");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("productCodes");
        Field<ListGraphType<NonNullGraphType<CompanySizeType>>>("sizes");
        Field<NonNullGraphType<AssignmentStrategyType>>("strategy");
        Field<IdGraphType>("teamId").Description("Required for ROUND_ROBIN, WEIGHTED_BY_OPEN_WORKLOAD and TERRITORY.");
        Field<IdGraphType>("memberId").Description("Required for NAMED_MEMBER; a member of `teamId` when both are given.");
        Field<ListGraphType<NonNullGraphType<TerritoryOwnerInputType>>>("territories").Description("Required for TERRITORY: one owner per province.");
        Field<IntGraphType>("firstResponseDeadlineMinutes").Description("Overrides the tenant's first-response deadline for leads this rule assigns.");
        Field<BooleanGraphType>("reassignOnFirstResponseBreach").Description("Overrides the tenant's choice to reassign a lead whose first response is missed.");
    }
}

public sealed class UpdateAssignmentRuleInputType : InputObjectGraphType
{
    public UpdateAssignmentRuleInputType()
    {
        Name = "UpdateAssignmentRuleInput";
        Description = "Fields left out stay as they are; a list given replaces the rule's list, and null clears an override.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<IntGraphType>("position");
        Field<BooleanGraphType>("active").Description("An inactive rule is skipped.");
        Field<ListGraphType<NonNullGraphType<IndustryType>>>("industries");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("provinces");
        Field<ListGraphType<NonNullGraphType<LeadSourceType>>>("sources");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("productCodes");
        Field<ListGraphType<NonNullGraphType<CompanySizeType>>>("sizes");
        Field<AssignmentStrategyType>("strategy");
        Field<IdGraphType>("teamId");
        Field<IdGraphType>("memberId").Description("For NAMED_MEMBER; the rule's member is kept when the strategy stays NAMED_MEMBER and this is left out.");
        Field<ListGraphType<NonNullGraphType<TerritoryOwnerInputType>>>("territories");
        Field<IntGraphType>("firstResponseDeadlineMinutes");
        Field<BooleanGraphType>("reassignOnFirstResponseBreach");
    }
}

public sealed class DeleteAssignmentRuleInputType : InputObjectGraphType
{
    public DeleteAssignmentRuleInputType()
    {
        Name = "DeleteAssignmentRuleInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class UpdateLeadRoutingSettingsInputType : InputObjectGraphType
{
    public UpdateLeadRoutingSettingsInputType()
    {
        Name = "UpdateLeadRoutingSettingsInput";
        Description = "Fields left out stay unchanged. Minutes are working minutes of the team's calendar.";
        Field<IdGraphType>("defaultQueueTeamId").Description("Null keeps unmatched leads in the tenant-wide queue.");
        Field<IntGraphType>("assignmentDeadlineMinutes");
        Field<IntGraphType>("firstResponseDeadlineMinutes");
        Field<IntGraphType>("escalationStepMinutes");
        Field<ListGraphType<NonNullGraphType<EscalationLevelType>>>("escalationChain").Description("Each level at most once, at least one.");
        Field<BooleanGraphType>("reassignOnFirstResponseBreach");
    }
}

public sealed class CreateScriptTemplateInputType : InputObjectGraphType
{
    public CreateScriptTemplateInputType()
    {
        Name = "CreateScriptTemplateInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<IndustryType>("industry");
        Field<StringGraphType>("productCode");
        Field<NonNullGraphType<StringGraphType>>("body").Description($"Text with placeholders: {string.Join(", ", FirstCallScripts.Variables.Select(v => "{{" + v + "}}"))}.");
    }
}

public sealed class ReassignLeadInputType : InputObjectGraphType
{
    public ReassignLeadInputType()
    {
        Name = "ReassignLeadInput";
        Field<NonNullGraphType<IdGraphType>>("leadId");
        Field<NonNullGraphType<IdGraphType>>("ownerId").Description("An active rep or team lead.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Kept in the lead's history.");
    }
}

public sealed class RecordFirstResponseInputType : InputObjectGraphType
{
    public RecordFirstResponseInputType()
    {
        Name = "RecordFirstResponseInput";
        Field<NonNullGraphType<IdGraphType>>("leadId");
        Field<NonNullGraphType<FirstResponseOutcomeType>>("outcome");
        Field<StringGraphType>("note");
    }
}

public sealed class CreateAssignmentRuleErrorType() : MutationErrorUnion("createAssignmentRule", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(UnknownCodeErrorType));

public sealed class UpdateAssignmentRuleErrorType() : MutationErrorUnion("updateAssignmentRule", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(UnknownCodeErrorType));

public sealed class DeleteAssignmentRuleErrorType() : MutationErrorUnion("deleteAssignmentRule", typeof(NotFoundErrorType));

public sealed class UpdateLeadRoutingSettingsErrorType() : MutationErrorUnion("updateLeadRoutingSettings", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class CreateScriptTemplateErrorType() : MutationErrorUnion("createScriptTemplate", typeof(ValidationErrorType), typeof(UnknownCodeErrorType));

public sealed class ReassignLeadErrorType() : MutationErrorUnion("reassignLead", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class RecordFirstResponseErrorType() : MutationErrorUnion("recordFirstResponse", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class CreateAssignmentRulePayloadType() : PayloadType<AssignmentRuleType, AssignmentRule, CreateAssignmentRuleErrorType>("createAssignmentRule", "assignmentRule");

public sealed class UpdateAssignmentRulePayloadType() : PayloadType<AssignmentRuleType, AssignmentRule, UpdateAssignmentRuleErrorType>("updateAssignmentRule", "assignmentRule");

public sealed class DeleteAssignmentRulePayloadType() : PayloadType<AssignmentRuleType, AssignmentRule, DeleteAssignmentRuleErrorType>("deleteAssignmentRule", "assignmentRule");

public sealed class UpdateLeadRoutingSettingsPayloadType() : PayloadType<LeadRoutingSettingsType, LeadRoutingSettings, UpdateLeadRoutingSettingsErrorType>("updateLeadRoutingSettings", "settings");

public sealed class CreateScriptTemplatePayloadType() : PayloadType<ScriptTemplateType, ScriptTemplate, CreateScriptTemplateErrorType>("createScriptTemplate", "scriptTemplate");

public sealed class ReassignLeadPayloadType() : PayloadType<LeadType, Lead, ReassignLeadErrorType>("reassignLead", "lead");

public sealed class RecordFirstResponsePayloadType() : PayloadType<LeadType, Lead, RecordFirstResponseErrorType>("recordFirstResponse", "lead");

public sealed class EscalationActionInputType : InputObjectGraphType
{
    public EscalationActionInputType()
    {
        Name = "EscalationActionInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("note");
    }
}

public sealed class AcknowledgeEscalationErrorType() : MutationErrorUnion("acknowledgeEscalation", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(NotEscalationRecipientErrorType), typeof(InvalidStateErrorType));

public sealed class ResolveEscalationErrorType() : MutationErrorUnion("resolveEscalation", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(NotEscalationRecipientErrorType), typeof(InvalidStateErrorType));

public sealed class AcknowledgeEscalationPayloadType() : PayloadType<EscalationType, Escalation, AcknowledgeEscalationErrorType>("acknowledgeEscalation", "escalation");

public sealed class ResolveEscalationPayloadType() : PayloadType<EscalationType, Escalation, ResolveEscalationErrorType>("resolveEscalation", "escalation");
