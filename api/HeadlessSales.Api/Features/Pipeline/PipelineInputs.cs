using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Pipeline;

public sealed class ConvertLeadInputType : InputObjectGraphType
{
    public ConvertLeadInputType()
    {
        Name = "ConvertLeadInput";
        Description = "Turns a lead into an account (new, or the existing `accountId`), a contact and an opportunity in the first stage. The owner of the lead owns what it becomes.";
        Field<NonNullGraphType<IdGraphType>>("leadId");
        Field<IdGraphType>("accountId").Description("Attach to this existing account instead of creating one.");
        Field<StringGraphType>("accountName").Description("Name of the new account; the lead's company (else its name) when left out.");
        Field<OwnershipTypeType>("ownership").Description("Of the new account; PRIVATE when left out.");
        Field<CompanySizeType>("size").Description("Of the new account; the lead's estimated size (else SMALL) when left out.");
        Field<DecisionRoleType>("contactDecisionRole").Description("The lead person's part in the decision; INFLUENCER when left out.");
        Field<StringGraphType>("opportunityName").Description("The account name followed by 商机 when left out.");
        Field<IdGraphType>("pipelineId").Description("The tenant's default pipeline when left out.");
        Field<MoneyInputType>("amount");
        Field<DateOnlyGraphType>("expectedCloseDate");
    }
}

public sealed class CreateOpportunityInputType : InputObjectGraphType
{
    public CreateOpportunityInputType()
    {
        Name = "CreateOpportunityInput";
        Field<NonNullGraphType<IdGraphType>>("accountId");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<IdGraphType>("contactId").Description("A contact of the account.");
        Field<IdGraphType>("ownerId").Description("The calling member, else the account's owner, when left out.");
        Field<IdGraphType>("pipelineId").Description("The tenant's default pipeline when left out.");
        Field<MoneyInputType>("amount");
        Field<DateOnlyGraphType>("expectedCloseDate");
        this.AddCustomFieldValues();
    }
}

public sealed class UpdateOpportunityInputType : InputObjectGraphType
{
    public UpdateOpportunityInputType()
    {
        Name = "UpdateOpportunityInput";
        Description = "Fields left out stay unchanged; an explicit null clears an optional field. Stages change through advanceOpportunity and moveOpportunityBack.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<IdGraphType>("contactId");
        Field<MoneyInputType>("amount");
        Field<DateOnlyGraphType>("expectedCloseDate");
        Field<IntGraphType>("probability").Description("Percent, 0 to 100.");
        this.AddCustomFieldValues();
    }
}

public sealed class AdvanceOpportunityInputType : InputObjectGraphType
{
    public AdvanceOpportunityInputType()
    {
        Name = "AdvanceOpportunityInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class ForceAdvanceOpportunityInputType : InputObjectGraphType
{
    public ForceAdvanceOpportunityInputType()
    {
        Name = "ForceAdvanceOpportunityInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why the gate is overridden; kept in the stage history. At most 500 characters.");
    }
}

public sealed class ConfigureStageGateInputType : InputObjectGraphType
{
    public ConfigureStageGateInputType()
    {
        Name = "ConfigureStageGateInput";
        Description = "Replaces the gate of a stage: what an opportunity needs before it may enter it. Empty lists remove the gate.";
        Field<NonNullGraphType<IdGraphType>>("stageId");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("requiredDocumentKinds").Description("Codes of the tenant's document kind catalog; one document of each kind.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpportunityGateFieldType>>>>("requiredFields");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("requiredApprovals").Description("Codes of the tenant's approval policies; an approved request of each.");
    }
}

public sealed class MoveOpportunityBackInputType : InputObjectGraphType
{
    public MoveOpportunityBackInputType()
    {
        Name = "MoveOpportunityBackInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<IdGraphType>("toStageId").Description("An earlier stage of the same pipeline; the previous stage when left out.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why the deal went back; kept in the stage history. At most 500 characters.");
    }
}

public sealed class PipelineStageInputType : InputObjectGraphType
{
    public PipelineStageInputType()
    {
        Name = "PipelineStageInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Upper-case letters, digits and _; unique within the pipeline.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("englishName");
        Field<NonNullGraphType<IntGraphType>>("defaultProbability").Description("Percent, 0 to 100.");
    }
}

public sealed class CreatePipelineInputType : InputObjectGraphType
{
    public CreatePipelineInputType()
    {
        Name = "CreatePipelineInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Upper-case letters, digits and _; unique within the tenant.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("englishName");
        Field<BooleanGraphType>("isDefault").Description("Makes it the tenant's default pipeline in place of the current one.").DefaultValue(false);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PipelineStageInputType>>>>("stages").Description($"In order; 1 to {PipelineRules.MaxStages}.");
    }
}

public sealed class LeadAlreadyConvertedErrorType : UserErrorType<LeadAlreadyConvertedError>
{
    public LeadAlreadyConvertedErrorType() : base("LeadAlreadyConvertedError", "The lead was converted before; a lead converts once.")
    {
        Field<IdGraphType>("opportunityId")
            .Description("The opportunity the lead became.")
            .Resolve(ctx => ctx.Source.OpportunityId is { } id ? HeadlessSales.Api.GraphQL.Relay.GlobalId.Encode("Opportunity", id) : null);
    }
}

public sealed class ConvertLeadErrorType() : MutationErrorUnion("convertLead", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(DuplicateErrorType), typeof(InvalidStateErrorType), typeof(LeadAlreadyConvertedErrorType));

public sealed class CreateOpportunityErrorType() : MutationErrorUnion("createOpportunity", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(CustomFieldErrorType));

public sealed class UpdateOpportunityErrorType() : MutationErrorUnion("updateOpportunity", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(CustomFieldErrorType));

public sealed class AdvanceOpportunityErrorType() : MutationErrorUnion("advanceOpportunity", typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(StageGateNotMetErrorType));

public sealed class ForceAdvanceOpportunityErrorType() : MutationErrorUnion("forceAdvanceOpportunity", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class ConfigureStageGateErrorType() : MutationErrorUnion("configureStageGate", typeof(NotFoundErrorType), typeof(HeadlessSales.Api.Features.Leads.UnknownCodeErrorType));

public sealed class MoveOpportunityBackErrorType() : MutationErrorUnion("moveOpportunityBack", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class CreatePipelineErrorType() : MutationErrorUnion("createPipeline", typeof(ValidationErrorType), typeof(DuplicateErrorType));

/// <summary>What a conversion made.</summary>
public sealed record ConvertedLead(HeadlessSales.Api.Features.Leads.Lead Lead, Account Account, Contact Contact, Opportunity Opportunity);

public sealed class ConvertLeadPayloadType : ObjectGraphType<MutationPayload<ConvertedLead>>
{
    public ConvertLeadPayloadType()
    {
        Name = "ConvertLeadPayload";
        Field<HeadlessSales.Api.Features.Leads.LeadType>("lead").Description("The lead, now CONVERTED; null when the mutation failed.").Resolve(ctx => ctx.Source.Value?.Lead);
        Field<AccountType>("account").Description("The new or attached account.").Resolve(ctx => ctx.Source.Value?.Account);
        Field<ContactType>("contact").Description("The lead person as a contact of the account.").Resolve(ctx => ctx.Source.Value?.Contact);
        Field<OpportunityType>("opportunity").Resolve(ctx => ctx.Source.Value?.Opportunity);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ConvertLeadErrorType>>>>("errors")
            .Description("Why the mutation failed; empty on success.")
            .Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class CreateOpportunityPayloadType() : PayloadType<OpportunityType, Opportunity, CreateOpportunityErrorType>("createOpportunity", "opportunity");

public sealed class UpdateOpportunityPayloadType() : PayloadType<OpportunityType, Opportunity, UpdateOpportunityErrorType>("updateOpportunity", "opportunity");

public sealed class AdvanceOpportunityPayloadType() : PayloadType<OpportunityType, Opportunity, AdvanceOpportunityErrorType>("advanceOpportunity", "opportunity");

public sealed class ForceAdvanceOpportunityPayloadType() : PayloadType<OpportunityType, Opportunity, ForceAdvanceOpportunityErrorType>("forceAdvanceOpportunity", "opportunity");

public sealed class ConfigureStageGatePayloadType() : PayloadType<PipelineStageType, PipelineStage, ConfigureStageGateErrorType>("configureStageGate", "stage");

public sealed class MoveOpportunityBackPayloadType() : PayloadType<OpportunityType, Opportunity, MoveOpportunityBackErrorType>("moveOpportunityBack", "opportunity");

public sealed class CreatePipelinePayloadType() : PayloadType<SalesPipelineType, SalesPipeline, CreatePipelineErrorType>("createPipeline", "pipeline");
