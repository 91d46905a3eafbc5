using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Targets;

public sealed class TargetMetricInputType : InputObjectGraphType
{
    public TargetMetricInputType()
    {
        Name = "TargetMetricInput";
        Field<NonNullGraphType<TargetMetricKindType>>("kind");
        Field<StringGraphType>("processMetric").Description("For PROCESS_HEALTH only: AssignmentRate, ResponseRate, FollowUpRate, StageDwell, TagCoverage or VideoDemoFrequency.");
        Field<NonNullGraphType<DecimalStringGraphType>>("goal").Description("CNY for amounts, a count, a share 0–1 for rates, the metric's unit for process health.");
        Field<NonNullGraphType<IntGraphType>>("weight").Description("Percent of its track; a track's metrics sum to 100.");
        Field<IntGraphType>("capPercent").Description($"The most credit, in percent of the goal; {TargetRules.DefaultCapPercent} when omitted.");
        Field<IntGraphType>("floorPercent").Description("No credit below this attainment; 0 when omitted.");
    }
}

public sealed class CreateSalesTargetInputType : InputObjectGraphType
{
    public CreateSalesTargetInputType()
    {
        Name = "CreateSalesTargetInput";
        Description = "Name at most one of regionId, teamId and memberId; none is the company. A child target names its parent, one level up, same period.";
        Field<IdGraphType>("parentId");
        Field<IdGraphType>("regionId");
        Field<IdGraphType>("teamId");
        Field<IdGraphType>("memberId");
        Field<NonNullGraphType<TargetPeriodKindType>>("periodKind");
        Field<NonNullGraphType<DateOnlyGraphType>>("periodStart").Description("The first day of the month or quarter.");
        Field<IntGraphType>("resultWeight").Description($"{TargetRules.DefaultResultWeight} when omitted.");
        Field<IntGraphType>("processWeight").Description($"{TargetRules.DefaultProcessWeight} when omitted.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetMetricInputType>>>>("metrics");
        Field<StringGraphType>("overrideReason").Description("Allows the children's goals to exceed the parent's; kept with the target.");
    }
}

public sealed class WeeklyPlanItemInputType : InputObjectGraphType
{
    public WeeklyPlanItemInputType()
    {
        Name = "WeeklyPlanItemInput";
        Field<IdGraphType>("accountId").Description("One of the rep's own accounts.");
        Field<IdGraphType>("opportunityId").Description("One of the rep's own opportunities.");
        Field<NonNullGraphType<StringGraphType>>("keyAction").Description("What the rep commits to do; at most 300 characters.");
    }
}

public sealed class CreateWeeklyPlanInputType : InputObjectGraphType
{
    public CreateWeeklyPlanInputType()
    {
        Name = "CreateWeeklyPlanInput";
        Field<NonNullGraphType<IdGraphType>>("targetId").Description("A member target.");
        Field<NonNullGraphType<DateOnlyGraphType>>("weekStart").Description("A Monday within the target's period.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WeeklyPlanItemInputType>>>>("items");
    }
}

public sealed class CompleteWeeklyPlanItemInputType : InputObjectGraphType
{
    public CompleteWeeklyPlanItemInputType()
    {
        Name = "CompleteWeeklyPlanItemInput";
        Field<NonNullGraphType<IdGraphType>>("planId");
        Field<NonNullGraphType<IdGraphType>>("itemId");
    }
}

public sealed class CalibrateProcessBaselineInputType : InputObjectGraphType
{
    public CalibrateProcessBaselineInputType()
    {
        Name = "CalibrateProcessBaselineInput";
        Field<NonNullGraphType<IdGraphType>>("regionId");
        Field<NonNullGraphType<TargetMetricKindType>>("metricKind").Description("A process-track metric.");
        Field<StringGraphType>("processMetric").Description("For PROCESS_HEALTH.");
        Field<NonNullGraphType<DecimalStringGraphType>>("goal").Description("The new baseline.");
        Field<NonNullGraphType<CalibrationReasonType>>("reason");
        Field<NonNullGraphType<StringGraphType>>("reasonText");
        Field<NonNullGraphType<DateOnlyGraphType>>("effectiveFrom").Description("Targets whose period ends after this day take the new goal.");
    }
}

public sealed class SetStrategicAccountInputType : InputObjectGraphType
{
    public SetStrategicAccountInputType()
    {
        Name = "SetStrategicAccountInput";
        Field<NonNullGraphType<IdGraphType>>("accountId");
        Field<NonNullGraphType<BooleanGraphType>>("strategic");
    }
}

public sealed class UpdateTargetSettingsInputType : InputObjectGraphType
{
    public UpdateTargetSettingsInputType()
    {
        Name = "UpdateTargetSettingsInput";
        Description = "Omitted fields keep their value.";
        Field<DecimalStringGraphType>("qualityOpportunityMinAmount").Description("CNY.");
        Field<IntGraphType>("qualityOpportunityMinProbability").Description("0 to 100.");
        Field<StringGraphType>("proposalStageCode").Description("The stage whose exits judge the technical proposal.");
    }
}

public sealed class TargetSettingsType : ObjectGraphType<TargetSettings>
{
    public TargetSettingsType()
    {
        Name = "TargetSettings";
        Description = "The tenant's definitions behind the target metrics.";
        Field<NonNullGraphType<DecimalStringGraphType>>("qualityOpportunityMinAmount").Resolve(ctx => ctx.Source.QualityOpportunityMinAmount);
        Field(s => s.QualityOpportunityMinProbability);
        Field(s => s.ProposalStageCode);
    }
}

public sealed class CreateSalesTargetErrorType() : MutationErrorUnion("createSalesTarget", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType),
    typeof(WeightsNotSummingTo100ErrorType), typeof(ClosedPeriodErrorType), typeof(OverlappingTargetErrorType), typeof(AllocationExceedsParentErrorType));

public sealed class CreateWeeklyPlanErrorType() : MutationErrorUnion("createWeeklyPlan", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(DuplicateErrorType),
    typeof(ClosedPeriodErrorType), typeof(NotTheRepsRecordErrorType));

public sealed class CompleteWeeklyPlanItemErrorType() : MutationErrorUnion("completeWeeklyPlanItem", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class CalibrateProcessBaselineErrorType() : MutationErrorUnion("calibrateProcessBaseline", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType),
    typeof(ClosedPeriodErrorType));

public sealed class SetStrategicAccountErrorType() : MutationErrorUnion("setStrategicAccount", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class UpdateTargetSettingsErrorType() : MutationErrorUnion("updateTargetSettings", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class CreateSalesTargetPayloadType() : PayloadType<SalesTargetType, SalesTarget, CreateSalesTargetErrorType>("createSalesTarget", "target");

public sealed class CreateWeeklyPlanPayloadType() : PayloadType<WeeklyPlanType, WeeklyPlan, CreateWeeklyPlanErrorType>("createWeeklyPlan", "plan");

public sealed class CompleteWeeklyPlanItemPayloadType() : PayloadType<WeeklyPlanType, WeeklyPlan, CompleteWeeklyPlanItemErrorType>("completeWeeklyPlanItem", "plan");

public sealed class CalibrateProcessBaselinePayloadType() : PayloadType<TargetCalibrationType, TargetCalibration, CalibrateProcessBaselineErrorType>("calibrateProcessBaseline", "calibration");

public sealed class SetStrategicAccountPayloadType() : PayloadType<AccountType, Account, SetStrategicAccountErrorType>("setStrategicAccount", "account");

public sealed class UpdateTargetSettingsPayloadType() : PayloadType<TargetSettingsType, TargetSettings, UpdateTargetSettingsErrorType>("updateTargetSettings", "settings");
