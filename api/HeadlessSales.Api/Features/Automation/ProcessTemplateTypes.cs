using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Automation;

public sealed class TemplateItemKindType : EnumerationGraphType<TemplateItemKind>
{
    public TemplateItemKindType()
    {
        Name = "ProcessTemplateItemKind";
        Description = "TAG: a follow-up tag. PIPELINE: a pipeline with its stages in order. STAGE_GATE: what entering a stage needs. HEALTH_TARGET: a process-health metric's tenant target. RULE: an automation rule.";
    }
}

public sealed class TemplateItemOutcomeType : EnumerationGraphType<TemplateItemOutcome>
{
    public TemplateItemOutcomeType()
    {
        Name = "ProcessTemplateItemOutcome";
        Description = "CREATE: missing, so installing adds it (in an install's answer: added now). PRESENT: there as the template has it. CONFLICT: there differently; the tenant's version is kept, never overwritten.";
    }
}

public sealed class TemplateItemType : ObjectGraphType<TemplateItem>
{
    public TemplateItemType()
    {
        Name = "ProcessTemplateItem";
        Description = "One thing a template installs.";
        Field(i => i.Kind, type: typeof(NonNullGraphType<TemplateItemKindType>));
        Field(i => i.Key).Description("Its identity: a tag or pipeline code, `PIPELINE/STAGE` for a gate, the metric for a target, `TEMPLATE.RULE` for a rule.");
        Field(i => i.Name);
        Field(i => i.Summary).Description("What it is, in a line.");
    }
}

public sealed class ProcessTemplateType : ObjectGraphType<ProcessTemplate>
{
    public ProcessTemplateType()
    {
        Name = "ProcessTemplate";
        Description = "An industry's process as one bundle: follow-up tags, a pipeline with stages and gates, process-health targets and automation rules.";
        Field(t => t.Code).Description("Give it to `previewProcessTemplate` and `installProcessTemplate`.");
        Field(t => t.Name);
        Field(t => t.Industry, type: typeof(NonNullGraphType<IndustryType>));
        Field(t => t.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TemplateItemType>>>>("items").Description("Everything it installs.").Resolve(ctx => ctx.Source.Items.ToList());
    }
}

public sealed class TemplateItemPlanType : ObjectGraphType<TemplateItemPlan>
{
    public TemplateItemPlanType()
    {
        Name = "ProcessTemplateItemPlan";
        Description = "One item compared with the tenant.";
        Field<NonNullGraphType<TemplateItemType>>("item").Resolve(ctx => ctx.Source.Item);
        Field(p => p.Outcome, type: typeof(NonNullGraphType<TemplateItemOutcomeType>));
        Field(p => p.Detail).Description("Why: what is added, what is already there, or how the tenant's version differs (and that it is kept).");
        Field(p => p.InstalledBy, nullable: true).Description("The template that added the tenant's item, if one did.");
    }
}

public sealed class TemplatePlanType : ObjectGraphType<TemplatePlan>
{
    public TemplatePlanType()
    {
        Name = "ProcessTemplatePlan";
        Description = "A template compared item by item with the tenant: before an install what it would do, after one what it did.";
        Field<NonNullGraphType<ProcessTemplateType>>("template").Resolve(ctx => ctx.Source.Template);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TemplateItemPlanType>>>>("items").Resolve(ctx => ctx.Source.Items);
        Field<NonNullGraphType<IntGraphType>>("created").Description("Items missing (preview) or added (install).").Resolve(ctx => ctx.Source.Count(TemplateItemOutcome.Create));
        Field<NonNullGraphType<IntGraphType>>("present").Resolve(ctx => ctx.Source.Count(TemplateItemOutcome.Present));
        Field<NonNullGraphType<IntGraphType>>("conflicts").Resolve(ctx => ctx.Source.Count(TemplateItemOutcome.Conflict));
    }
}

public sealed class InstallProcessTemplateInputType : InputObjectGraphType
{
    public InstallProcessTemplateInputType()
    {
        Name = "InstallProcessTemplateInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("A template's code, from `processTemplates`.");
    }
}

public sealed class InstallProcessTemplateErrorType() : MutationErrorUnion("installProcessTemplate", typeof(UnknownCodeErrorType));

public sealed class InstallProcessTemplatePayloadType() : PayloadType<TemplatePlanType, TemplatePlan, InstallProcessTemplateErrorType>("installProcessTemplate", "installation");
