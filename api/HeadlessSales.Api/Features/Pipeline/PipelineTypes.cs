using HeadlessSales.Api.Features.Approvals;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Values;

namespace HeadlessSales.Api.Features.Pipeline;

public sealed class StageEntryKindType : EnumerationGraphType<StageEntryKind>
{
    public StageEntryKindType()
    {
        Name = "StageEntryKind";
        Description = "How an opportunity came into a stage.";
    }
}

public sealed class OpportunityGateFieldType : EnumerationGraphType<OpportunityGateField>
{
    public OpportunityGateFieldType()
    {
        Name = "OpportunityGateField";
        Description = "An opportunity field a stage gate can require.";
    }
}

public sealed class StageGateNotMetErrorType : HeadlessSales.Api.GraphQL.Errors.UserErrorType<StageGateNotMetError>
{
    public StageGateNotMetErrorType() : base("StageGateNotMetError", "The next stage's gate is not met; lists exactly what is missing.")
    {
        Field<NonNullGraphType<PipelineStageType>>("stage").Description("The stage that cannot be entered yet.").Resolve(ctx => ctx.Source.Stage);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("missingDocumentKinds").Resolve(ctx => ctx.Source.Missing.DocumentKinds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpportunityGateFieldType>>>>("missingFields").Resolve(ctx => ctx.Source.Missing.Fields);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("missingApprovals").Description("Approval policy codes without an approved request.").Resolve(ctx => ctx.Source.Missing.Approvals);
    }
}

public sealed class SalesPipelineType : NodeType<SalesPipeline>
{
    public SalesPipelineType() : base("SalesPipeline", "A tenant's sales process: the ordered stages an opportunity moves through.")
    {
        Field(p => p.Code).Description("Unique within the tenant.");
        Field(p => p.Name);
        Field(p => p.EnglishName, nullable: true);
        Field(p => p.IsDefault).Description("Converted leads start in the default pipeline unless another is named.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PipelineStageType>>>>("stages")
            .Description("The stages in order.")
            .Resolve(ctx => new DeferredResult<List<PipelineStage>>(async cancellationToken =>
                await ctx.DataLoader<StagesByPipelineIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field(p => p.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class PipelineStageType : NodeType<PipelineStage>
{
    public PipelineStageType() : base("PipelineStage", "One step of a pipeline, e.g. 方案报价 (quotation).")
    {
        Field(s => s.Code).Description("Unique within the pipeline, e.g. QUOTATION.");
        Field(s => s.Name).Description("The name the tenant uses, e.g. 方案报价.");
        Field(s => s.EnglishName, nullable: true);
        Field(s => s.Position).Description("0 for the first stage.");
        Field(s => s.DefaultProbability).Description("Win probability in percent an opportunity takes on entering the stage.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("requiredDocumentKinds")
            .Description("Gate: document kinds an opportunity needs, one document of each, before it may enter the stage.")
            .Resolve(ctx => ctx.Source.RequiredDocumentKinds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpportunityGateFieldType>>>>("requiredFields")
            .Description("Gate: fields that must be filled in before an opportunity may enter the stage.")
            .Resolve(ctx => ctx.Source.RequiredFields);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("requiredApprovals")
            .Description("Gate: approval policy codes with an approved request for the opportunity before it may enter the stage.")
            .Resolve(ctx => ctx.Source.RequiredApprovals);
        Field<NonNullGraphType<SalesPipelineType>>("pipeline")
            .Resolve(ctx => ctx.DataLoader<SalesPipelineByIdDataLoader>().LoadAsync(ctx.Source.PipelineId));
    }
}

public sealed class OpportunityType : NodeType<Opportunity>
{
    public OpportunityType() : base("Opportunity", "A deal being worked with an account, moving through the stages of a pipeline.")
    {
        this.AddCustomFields(CustomFieldEntity.Opportunity);
        Field(o => o.Name);
        Field<AccountType>("account")
            .Description("Null only when the caller may see the opportunity but not its account.")
            .Resolve(ctx => ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(ctx.Source.AccountId));
        Field<ContactType>("contact")
            .Description("The customer's main person for this deal.")
            .Resolve(ctx => ctx.Source.ContactId is { } id ? ctx.DataLoader<ContactByIdDataLoader>().LoadAsync(id) : null);
        Field<NonNullGraphType<MemberType>>("owner")
            .Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.OwnerId));
        Field<NonNullGraphType<SalesPipelineType>>("pipeline")
            .Resolve(ctx => ctx.DataLoader<SalesPipelineByIdDataLoader>().LoadAsync(ctx.Source.PipelineId));
        Field<NonNullGraphType<PipelineStageType>>("stage")
            .Description("The stage the opportunity is in.")
            .Resolve(ctx => ctx.DataLoader<PipelineStageByIdDataLoader>().LoadAsync(ctx.Source.StageId));
        Field(o => o.StageEnteredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("When the opportunity entered its current stage.");
        Field<MoneyType>("amount")
            .Resolve(ctx => ctx.Source.Amount is { } amount && ctx.Source.AmountCurrency is { } currency ? new Money(amount, currency) : null);
        Field(o => o.ExpectedCloseDate, type: typeof(DateOnlyGraphType));
        Field(o => o.Probability).Description("Win probability in percent.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpportunityStageEntryType>>>>("stageHistory")
            .Description("Every stay in a stage, oldest first, with how it was entered and the time spent there.")
            .Resolve(ctx => new DeferredResult<List<OpportunityStageEntry>>(async cancellationToken =>
                await ctx.DataLoader<StageEntriesByOpportunityIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApprovalRequestType>>>>("approvalRequests")
            .Description("Approval requests for this opportunity the caller may see, newest first.")
            .Resolve(ctx => new DeferredResult<List<ApprovalRequest>>(async cancellationToken =>
                await ctx.DataLoader<ApprovalRequestsByOpportunityIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field(o => o.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(o => o.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class OpportunityStageEntryType : ObjectGraphType<OpportunityStageEntry>
{
    public OpportunityStageEntryType()
    {
        Name = "OpportunityStageEntry";
        Description = "One stay of an opportunity in a stage.";
        Field<NonNullGraphType<PipelineStageType>>("stage")
            .Resolve(ctx => ctx.DataLoader<PipelineStageByIdDataLoader>().LoadAsync(ctx.Source.StageId));
        Field<PipelineStageType>("fromStage")
            .Description("The stage it came from; null for the first.")
            .Resolve(ctx => ctx.Source.FromStageId is { } id ? ctx.DataLoader<PipelineStageByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.Kind, type: typeof(NonNullGraphType<StageEntryKindType>));
        Field(e => e.Reason, nullable: true).Description("Why it moved; always given for MOVED_BACK and OVERRIDDEN.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("overriddenRequirements")
            .Description("For OVERRIDDEN: what the gate still missed, e.g. DOCUMENT:COMPETITOR_ANALYSIS, FIELD:AMOUNT, APPROVAL:QUOTATION_REVIEW.")
            .Resolve(ctx => ctx.Source.OverriddenRequirements);
        Field<MemberType>("actor")
            .Description("The member who moved it; null for an integration.")
            .Resolve(ctx => ctx.Source.ActorMemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.EnteredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(e => e.LeftAt, type: typeof(UtcDateTimeGraphType)).Description("Null while the opportunity is still in the stage.");
        Field<NonNullGraphType<IntGraphType>>("secondsInStage")
            .Description("Time spent in the stage: until it left, or until now while it is still there.")
            .Resolve(ctx =>
            {
                var until = ctx.Source.LeftAt ?? ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                return (int)Math.Max(0, (until - ctx.Source.EnteredAt).TotalSeconds);
            });
    }
}
