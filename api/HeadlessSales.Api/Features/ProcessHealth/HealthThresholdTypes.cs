using GraphQL.Types;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.ProcessHealth;

public sealed class ProcessHealthSettingsType : ObjectGraphType<ProcessHealthSettings>
{
    public ProcessHealthSettingsType()
    {
        Name = "ProcessHealthSettings";
        Description = "How the tenant judges its process. Rates are shares from 0 to 1.";
        Field(s => s.AssignmentRateTarget).Description("30分钟分配率 target.");
        Field(s => s.ResponseRateTarget).Description("线索响应率 target.");
        Field(s => s.FollowUpRateTarget).Description("3日跟进完成率 target.");
        Field(s => s.TagCoverageTarget).Description("跟进标签覆盖率 target.");
        Field<NonNullGraphType<FloatGraphType>>("rateWarningBand").Description("How far below its target a rate may fall and only warn.").Resolve(ctx => ctx.Source.WarningBand);
        Field(s => s.FollowUpWindowDays).Description("Calendar days a new lead or opportunity has for its first follow-up.");
        Field(s => s.StageDwellTargetDays).Description("商机阶段停留时长 target: the median days in a stage at most.");
        Field(s => s.StageDwellWarningDays).Description("Days above the dwell target that only warn.");
        Field(s => s.VideoDemoTarget).Description("视频演示频次 target: video demos per active rep per week.");
        Field(s => s.VideoDemoWarningBand).Description("Demos per rep per week below the target that only warn.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("requiredTagCodes")
            .Description("Tags any of which makes a follow-up count for 跟进标签覆盖率; null means the tags that complete a follow-up step.")
            .Resolve(ctx => ctx.Source.RequiredTagCodes);
        Field(s => s.LowestContributors).Description("How many lowest contributors the dashboard names per metric.");
    }
}

public sealed class HealthThresholdType : ObjectGraphType<HealthThreshold>
{
    public HealthThresholdType()
    {
        Name = "HealthThreshold";
        Description = "A metric's target and warning band for one member, team or region.";
        Field<NonNullGraphType<ProcessMetricType>>("metric").Resolve(ctx => ctx.Source.Metric);
        Field<NonNullGraphType<HealthScopeKindType>>("scopeKind").Resolve(ctx => ctx.Source.ScopeKind);
        Field<MemberType>("member")
            .Resolve(ctx => ctx.Source.ScopeKind == HealthScopeKind.Member ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.ScopeId) : null);
        Field<TeamType>("team")
            .Resolve(ctx => ctx.Source.ScopeKind == HealthScopeKind.Team ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(ctx.Source.ScopeId) : null);
        Field<RegionType>("region")
            .Resolve(ctx => ctx.Source.ScopeKind == HealthScopeKind.Region ? ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(ctx.Source.ScopeId) : null);
        Field(t => t.Target).Description("In the metric's unit.");
        Field(t => t.WarningBand).Description("How far worse than the target the metric may be and only warn.");
        Field(t => t.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class UpdateProcessHealthSettingsInputType : InputObjectGraphType
{
    public UpdateProcessHealthSettingsInputType()
    {
        Name = "UpdateProcessHealthSettingsInput";
        Description = "Fields left out (or null) keep their values. Rates and their band are shares from 0 to 1.";
        Field<FloatGraphType>("assignmentRateTarget");
        Field<FloatGraphType>("responseRateTarget");
        Field<FloatGraphType>("followUpRateTarget");
        Field<FloatGraphType>("tagCoverageTarget");
        Field<FloatGraphType>("rateWarningBand");
        Field<IntGraphType>("followUpWindowDays").Description($"1 to {HealthLimits.MaxFollowUpWindowDays} calendar days.");
        Field<FloatGraphType>("stageDwellTargetDays").Description($"Above 0, at most {HealthLimits.Days}.");
        Field<FloatGraphType>("stageDwellWarningDays");
        Field<FloatGraphType>("videoDemoTarget").Description($"Demos per rep per week, above 0, at most {HealthLimits.PerRepPerWeek}.");
        Field<FloatGraphType>("videoDemoWarningBand");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("requiredTagCodes")
            .Description("Active catalog tag codes; null or an empty list goes back to the tags that complete a follow-up step.");
        Field<IntGraphType>("lowestContributors").Description($"0 to {HealthLimits.MaxLowestContributors}.");
    }
}

public sealed class SetHealthThresholdInputType : InputObjectGraphType
{
    public SetHealthThresholdInputType()
    {
        Name = "SetHealthThresholdInput";
        Field<NonNullGraphType<ProcessMetricType>>("metric");
        Field<NonNullGraphType<ProcessHealthScopeInputType>>("scope").Description("A member, a team or a region.");
        Field<NonNullGraphType<FloatGraphType>>("target").Description("In the metric's unit: a share up to 1, days up to 365, demos per rep per week up to 50.");
        Field<FloatGraphType>("warningBand").Description("Left out: the threshold's current band, or the tenant's band for the metric.");
    }
}

public sealed class RemoveHealthThresholdInputType : InputObjectGraphType
{
    public RemoveHealthThresholdInputType()
    {
        Name = "RemoveHealthThresholdInput";
        Field<NonNullGraphType<ProcessMetricType>>("metric");
        Field<NonNullGraphType<ProcessHealthScopeInputType>>("scope").Description("A member, a team or a region.");
    }
}

public sealed class UpdateProcessHealthSettingsErrorType() : MutationErrorUnion("updateProcessHealthSettings", typeof(ValidationErrorType), typeof(UnknownCodeErrorType));

public sealed class SetHealthThresholdErrorType() : MutationErrorUnion("setHealthThreshold", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class RemoveHealthThresholdErrorType() : MutationErrorUnion("removeHealthThreshold", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class UpdateProcessHealthSettingsPayloadType() : PayloadType<ProcessHealthSettingsType, ProcessHealthSettings, UpdateProcessHealthSettingsErrorType>("updateProcessHealthSettings", "settings");

public sealed class SetHealthThresholdPayloadType() : PayloadType<HealthThresholdType, HealthThreshold, SetHealthThresholdErrorType>("setHealthThreshold", "threshold");

public sealed class RemoveHealthThresholdPayloadType() : PayloadType<HealthThresholdType, HealthThreshold, RemoveHealthThresholdErrorType>("removeHealthThreshold", "threshold");
