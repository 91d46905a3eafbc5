using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.ProcessHealth;

public sealed class HealthStatusType : EnumerationGraphType<HealthStatus>
{
    public HealthStatusType() => Name = "HealthStatus";
}

public sealed class ProcessMetricType : EnumerationGraphType<ProcessMetric>
{
    public ProcessMetricType()
    {
        Name = "ProcessMetric";
        Description = "ASSIGNMENT_RATE is 30分钟分配率, RESPONSE_RATE is 线索响应率, FOLLOW_UP_RATE is 3日跟进完成率, STAGE_DWELL is 商机阶段停留时长, "
            + "TAG_COVERAGE is 跟进标签覆盖率, VIDEO_DEMO_FREQUENCY is 视频演示频次.";
    }
}

public sealed class MetricUnitType : EnumerationGraphType<MetricUnit>
{
    public MetricUnitType()
    {
        Name = "MetricUnit";
        Description = "RATIO: a share from 0 to 1. DAYS: days with fractions. PER_REP_PER_WEEK: events per active rep per week.";
    }
}

public sealed class MetricDirectionType : EnumerationGraphType<MetricDirection>
{
    public MetricDirectionType()
    {
        Name = "MetricDirection";
        Description = "Which way is good: a rate or a frequency should be high, a dwell time low.";
    }
}

public sealed class HealthScopeKindType : EnumerationGraphType<HealthScopeKind>
{
    public HealthScopeKindType()
    {
        Name = "HealthScopeKind";
        Description = "A member, a team, a region or the whole tenant.";
    }
}

public sealed class ProcessHealthScopeInputType : InputObjectGraphType
{
    public ProcessHealthScopeInputType()
    {
        Name = "ProcessHealthScopeInput";
        Description = "Exactly one of: a member, a team, a region, or `tenant: true`.";
        Field<IdGraphType>("memberId");
        Field<IdGraphType>("teamId");
        Field<IdGraphType>("regionId");
        Field<BooleanGraphType>("tenant");
    }
}

public sealed class HealthContributorType : ObjectGraphType<HealthContributor>
{
    public HealthContributorType()
    {
        Name = "HealthContributor";
        Description = "A member (in a member or team scope) or a team (in a region or tenant scope) and its own figure.";
        Field<MemberType>("member")
            .Resolve(ctx => ctx.Source.MemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<TeamType>("team")
            .Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field<FloatGraphType>("value").Description("In the metric's unit; for STAGE_DWELL the contributor's mean, not median.").Resolve(ctx => ctx.Source.Figure.Value);
        Field<NonNullGraphType<IntGraphType>>("total")
            .Description("Cases judged (rates), stays measured (STAGE_DWELL), active reps (VIDEO_DEMO_FREQUENCY).")
            .Resolve(ctx => ctx.Source.Figure.Total);
        Field<IntGraphType>("met").Description("Cases that met the standard; null for metrics that are not rates.").Resolve(ctx => ctx.Source.Figure.Met);
    }
}

public sealed class StageDwellFigureType : ObjectGraphType<StageDwellFigure>
{
    public StageDwellFigureType()
    {
        Name = "StageDwell";
        Description = "How long opportunities stayed in one stage, over the stays that ended in the period.";
        Field<NonNullGraphType<PipelineStageType>>("stage")
            .Resolve(ctx => ctx.DataLoader<PipelineStageByIdDataLoader>().LoadAsync(ctx.Source.StageId));
        Field<NonNullGraphType<IntGraphType>>("stays").Description("Stays that ended in the period.").Resolve(ctx => ctx.Source.Stays);
        Field<NonNullGraphType<FloatGraphType>>("meanDays").Resolve(ctx => ctx.Source.MeanDays);
        Field<NonNullGraphType<FloatGraphType>>("medianDays").Resolve(ctx => ctx.Source.MedianDays);
    }
}

public sealed class MetricReportType : ObjectGraphType<MetricReport>
{
    public MetricReportType()
    {
        Name = "ProcessMetricReport";
        Description = "One metric of a scope for a period.";
        Field<NonNullGraphType<ProcessMetricType>>("metric").Resolve(ctx => ctx.Source.Metric);
        Field<FloatGraphType>("value").Description("In `unit`; null when there was nothing to judge.").Resolve(ctx => ctx.Source.Current.Value);
        Field<NonNullGraphType<MetricUnitType>>("unit").Resolve(ctx => ctx.Source.Unit);
        Field<NonNullGraphType<MetricDirectionType>>("direction").Resolve(ctx => ctx.Source.Direction);
        Field<NonNullGraphType<IntGraphType>>("total")
            .Description("Rates: cases judged (a case whose deadline is still running and not yet met is left out). STAGE_DWELL: stays that ended. VIDEO_DEMO_FREQUENCY: demos given.")
            .Resolve(ctx => ctx.Source.Current.Total);
        Field<IntGraphType>("met").Description("Rates: cases that met the standard; null for metrics that are not rates.").Resolve(ctx => ctx.Source.Current.Met);
        Field<NonNullGraphType<FloatGraphType>>("threshold").Description("The target, in `unit`: at or better than it the metric is OK.").Resolve(ctx => ctx.Source.Target);
        Field<NonNullGraphType<FloatGraphType>>("warningLimit")
            .Description("Worse than the target but not past this it warns; past it (below when HIGHER_IS_BETTER, above when LOWER_IS_BETTER) it is breached.")
            .Resolve(ctx => ctx.Source.WarningLimit);
        Field<FloatGraphType>("warningBelow")
            .Description("The warning limit of a HIGHER_IS_BETTER metric; null for a LOWER_IS_BETTER one.")
            .DeprecationReason("Use `warningLimit` with `direction`.")
            .Resolve(ctx => ctx.Source.Direction == MetricDirection.HigherIsBetter ? ctx.Source.WarningLimit : null);
        Field<NonNullGraphType<HealthScopeKindType>>("thresholdScope")
            .Description("Whose threshold applies: the scope's own or the nearest above it (member → team → region → tenant).")
            .Resolve(ctx => ctx.Source.ThresholdScope);
        Field<NonNullGraphType<HealthStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field<FloatGraphType>("previousValue").Description("The value in the period of the same length just before.").Resolve(ctx => ctx.Source.PreviousValue);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HealthContributorType>>>>("lowestContributors")
            .Description("The members or teams worse than the target, worst first.")
            .Resolve(ctx => ctx.Source.LowestContributors);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StageDwellFigureType>>>>("stages")
            .Description("STAGE_DWELL per stage (stages with a stay that ended in the period); empty for the other metrics.")
            .Resolve(ctx => ctx.Source.Current.ByStage);
    }
}

public sealed class ProcessHealthReportType : ObjectGraphType<ProcessHealthReport>
{
    public ProcessHealthReportType()
    {
        Name = "ProcessHealth";
        Description = "Whether the sales process is being followed in a scope and period.";
        Field<NonNullGraphType<UtcDateTimeGraphType>>("from").Resolve(ctx => ctx.Source.From);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("to").Resolve(ctx => ctx.Source.To);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("previousFrom").Description("Start of the previous period, which ends at `from`.").Resolve(ctx => ctx.Source.PreviousFrom);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricReportType>>>>("metrics").Resolve(ctx => ctx.Source.Metrics);
    }
}
