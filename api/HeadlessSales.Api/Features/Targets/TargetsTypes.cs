using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.Targets.Diagnosis;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

public sealed class TargetNodeKindType : EnumerationGraphType<TargetNodeKind>
{
    public TargetNodeKindType() => Name = "TargetNodeKind";
}

public sealed class TargetPeriodKindType : EnumerationGraphType<TargetPeriodKind>
{
    public TargetPeriodKindType() => Name = "TargetPeriodKind";
}

public sealed class TargetTrackType : EnumerationGraphType<TargetTrack>
{
    public TargetTrackType() => Name = "TargetTrack";
}

public sealed class TargetMetricKindType : EnumerationGraphType<TargetMetricKind>
{
    public TargetMetricKindType()
    {
        Name = "TargetMetricKind";
        Description = "COLLECTIONS (回款, CNY), SIGNED_CONTRACT_AMOUNT (CNY) and STRATEGIC_SIGNINGS are the result track; QUALITY_OPPORTUNITIES, "
            + "PROPOSAL_PASS_RATE (0–1) and PROCESS_HEALTH (one process-health metric, in its own unit) the process track.";
    }
}

public sealed class CalibrationReasonType : EnumerationGraphType<CalibrationReason>
{
    public CalibrationReasonType() => Name = "CalibrationReason";
}

public sealed class SalesTargetType : NodeType<SalesTarget>
{
    public SalesTargetType() : base("SalesTarget", "A dual-track target of one org node for a month or a quarter; its attainment is computed from the records.")
    {
        Field(t => t.NodeKind, type: typeof(NonNullGraphType<TargetNodeKindType>));
        Field<RegionType>("region").Resolve(ctx => ctx.Source.RegionId is { } id ? ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(id) : null);
        Field<TeamType>("team").Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field<MemberType>("member").Resolve(ctx => ctx.Source.MemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<SalesTargetType>("parent")
            .Description("The target this one was allocated from; null for a root, or when the caller cannot see it.")
            .Resolve(ctx => ctx.Source.ParentId is not { } id ? null
                : TargetTreeReads.Of(ctx.Source)?.Target(id) is { } read ? (object)read
                : ctx.DataLoader<SalesTargetByIdDataLoader>().LoadAsync(id));
        Field(t => t.PeriodKind, type: typeof(NonNullGraphType<TargetPeriodKindType>));
        Field(t => t.PeriodStart, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(t => t.PeriodEnd, type: typeof(NonNullGraphType<DateOnlyGraphType>)).Description("Exclusive: the first day after the period.");
        Field(t => t.ResultWeight).Description("Percent of the score the result track carries.");
        Field(t => t.ProcessWeight);
        Field(t => t.AllocationOverrideReason, nullable: true).Description("Why the allocation below (or of this target) may exceed its parent's.");
        // A target holds a handful of metrics, weekly plans and gaps: the analyzer's default of five rows per list, multiplied
        // through the tree, refused the SDK's own GetTargetTree.
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetMetricType>>>>("metrics")
            .WithComplexityImpact(1, 2)
            .Resolve(ctx =>
            {
                if (TargetTreeReads.Of(ctx.Source) is { } tree)
                {
                    return tree.MetricsOf(ctx.Source.Id);
                }

                // Queued now, awaited later: every sibling's key joins the one batch.
                var pending = ctx.DataLoader<TargetMetricsByTargetIdDataLoader>().LoadAsync(ctx.Source.Id);
                return new DeferredResult<List<TargetMetric>>(async cancellationToken => await pending.GetResultAsync(cancellationToken) ?? []);
            });
        Field<NonNullGraphType<TargetAttainmentType>>("attainment")
            .Description("Per metric, per track and the weighted score, from contracts, collections, opportunities and process-health figures.")
            .Resolve(ctx => ctx.DataLoader<TargetAttainmentByTargetDataLoader>().LoadAsync(ctx.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SalesTargetType>>>>("children")
            .Description("The targets allocated from this one that the caller sees.")
            .Resolve(ctx =>
            {
                if (TargetTreeReads.Of(ctx.Source) is { } tree)
                {
                    return tree.ChildrenOf(ctx.Source.Id);
                }

                // Queued now, awaited later: every sibling's key joins the one batch.
                var pending = ctx.DataLoader<TargetsByParentIdDataLoader>().LoadAsync(ctx.Source.Id);
                return new DeferredResult<List<SalesTarget>>(async cancellationToken => await pending.GetResultAsync(cancellationToken) ?? []);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AllocationGapType>>>>("allocationGaps")
            .WithComplexityImpact(1, 2)
            .Description("For each metric split down (amounts and counts): the parent's goal against the sum of its children's; a positive gap is unallocated, a negative one over-allocated (under an override).")
            .Resolve(ctx =>
            {
                var pending = ctx.DataLoader<AllocationGapsByTargetDataLoader>().LoadAsync(ctx.Source);
                return new DeferredResult<List<AllocationGap>>(async cancellationToken => await pending.GetResultAsync(cancellationToken) ?? []);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WeeklyPlanType>>>>("weeklyPlans")
            .WithComplexityImpact(1, 2)
            .Description("A member target's weekly plans, by week; empty above the member level.")
            .Resolve(ctx =>
            {
                // Queued now, awaited later: every sibling's key joins the one batch.
                var pending = ctx.DataLoader<WeeklyPlansByTargetIdDataLoader>().LoadAsync(ctx.Source.Id);
                return new DeferredResult<List<WeeklyPlan>>(async cancellationToken => await pending.GetResultAsync(cancellationToken) ?? []);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetHealthFindingType>>>>("openFindings")
            .WithComplexityImpact(1, 2)
            .Description("The open target-health findings of the people under this node that the caller sees, newest first: where the number may not be healthy. One query for a whole tree.")
            .Resolve(ctx =>
            {
                var pending = ctx.DataLoader<OpenFindingsByTargetDataLoader>().LoadAsync(ctx.Source);
                return new DeferredResult<List<TargetHealthFinding>>(async cancellationToken => await pending.GetResultAsync(cancellationToken) ?? []);
            });
        Field<NonNullGraphType<ConnectionType<ContractType>>>("contributingContracts")
            .Description("What stands behind the result track: contracts signed or collected in the period by the people under the node, as far as the caller sees them.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await TargetContributions.Contracts(db, ctx.Source).AsNoTracking()
                    .ToConnectionAsync(SortOrder<Contract>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
        Field<NonNullGraphType<ConnectionType<OpportunityType>>>("contributingOpportunities")
            .Description("Opportunities created in the period by the people under the node, as far as the caller sees them.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await TargetContributions.Opportunities(db, ctx.Source).AsNoTracking()
                    .ToConnectionAsync(SortOrder<Opportunity>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
        Field<NonNullGraphType<ConnectionType<AccountType>>>("contributingAccounts")
            .Description("The customers of the contributing contracts, as far as the caller sees them.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await TargetContributions.Accounts(db, ctx.Source).AsNoTracking()
                    .ToConnectionAsync(SortOrder<Account>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
        Field(t => t.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class TargetMetricType : ObjectGraphType<TargetMetric>
{
    public TargetMetricType()
    {
        Name = "TargetMetric";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode("TargetMetric", ctx.Source.Id));
        Field(m => m.Kind, type: typeof(NonNullGraphType<TargetMetricKindType>));
        Field(m => m.Track, type: typeof(NonNullGraphType<TargetTrackType>));
        Field(m => m.ProcessMetric, nullable: true).Description("For PROCESS_HEALTH: the process-health metric, e.g. FollowUpRate.");
        Field<NonNullGraphType<DecimalStringGraphType>>("goal").Resolve(ctx => ctx.Source.Goal);
        Field(m => m.Weight).Description("Percent of its track.");
        Field(m => m.CapPercent).Description("The most credit it earns, in percent of the goal.");
        Field(m => m.FloorPercent).Description("Below this attainment (percent of the goal) it earns nothing.");
    }
}

public sealed class TargetAttainmentType : ObjectGraphType<TargetAttainment>
{
    public TargetAttainmentType()
    {
        Name = "TargetAttainment";
        Description = "1.0 is the target met exactly; every metric's credit is cut at its cap and zero below its floor.";
        Field(a => a.Score).Description("The tracks' attainments weighted by the target's track weights.");
        Field(a => a.Result, type: typeof(NonNullGraphType<TrackAttainmentType>));
        Field(a => a.Process, type: typeof(NonNullGraphType<TrackAttainmentType>));
    }
}

public sealed class TrackAttainmentType : ObjectGraphType<TrackAttainment>
{
    public TrackAttainmentType()
    {
        Name = "TrackAttainment";
        Field(a => a.Track, type: typeof(NonNullGraphType<TargetTrackType>));
        Field(a => a.Weight);
        Field(a => a.Attainment).Description("The metrics' credits weighted by their weights within the track.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricAttainmentType>>>>("metrics").WithComplexityImpact(1, 2).Resolve(ctx => ctx.Source.Metrics);
    }
}

public sealed class MetricAttainmentType : ObjectGraphType<MetricAttainment>
{
    public MetricAttainmentType()
    {
        Name = "MetricAttainment";
        Field(a => a.Metric, type: typeof(NonNullGraphType<TargetMetricType>));
        Field(a => a.Actual, nullable: true).Description("The measured figure in the metric's unit; null when there was nothing to measure.");
        Field(a => a.Attainment, nullable: true).Description("Actual against goal (goal against actual where lower is better), uncapped.");
        Field(a => a.Credit).Description("What the metric contributes: the attainment within cap and floor.");
    }
}

public sealed record AllocationGap(TargetMetricKind Kind, string? ProcessMetric, decimal ParentGoal, decimal Allocated)
{
    public decimal Gap => ParentGoal - Allocated;

    public static List<AllocationGap> Of(List<TargetMetric> parent, List<TargetMetric> children) =>
        parent.Where(m => TargetRules.IsSplit(m.Kind))
            .Select(m => new AllocationGap(m.Kind, m.ProcessMetric, m.Goal, children.Where(c => c.Kind == m.Kind && c.ProcessMetric == m.ProcessMetric).Sum(c => c.Goal)))
            .ToList();
}

public sealed class AllocationGapType : ObjectGraphType<AllocationGap>
{
    public AllocationGapType()
    {
        Name = "AllocationGap";
        Field(g => g.Kind, type: typeof(NonNullGraphType<TargetMetricKindType>));
        Field(g => g.ProcessMetric, nullable: true);
        Field<NonNullGraphType<DecimalStringGraphType>>("parentGoal").Resolve(ctx => ctx.Source.ParentGoal);
        Field<NonNullGraphType<DecimalStringGraphType>>("allocated").Resolve(ctx => ctx.Source.Allocated);
        Field<NonNullGraphType<DecimalStringGraphType>>("gap").Resolve(ctx => ctx.Source.Gap);
    }
}

public sealed class WeeklyPlanType : NodeType<WeeklyPlan>
{
    public WeeklyPlanType() : base("WeeklyPlan", "What a rep commits to in one week under their member target.")
    {
        Field<SalesTargetType>("target").Resolve(ctx => ctx.DataLoader<SalesTargetByIdDataLoader>().LoadAsync(ctx.Source.TargetId));
        Field<MemberType>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(p => p.WeekStart, type: typeof(NonNullGraphType<DateOnlyGraphType>)).Description("The Monday the week starts on.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WeeklyPlanItemType>>>>("items")
            .Resolve(ctx =>
            {
                // Queued now, awaited later: every sibling's key joins the one batch.
                var pending = ctx.DataLoader<WeeklyPlanItemsByPlanIdDataLoader>().LoadAsync(ctx.Source.Id);
                return new DeferredResult<List<WeeklyPlanItem>>(async cancellationToken => await pending.GetResultAsync(cancellationToken) ?? []);
            });
        Field(p => p.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class WeeklyPlanItemType : ObjectGraphType<WeeklyPlanItem>
{
    public WeeklyPlanItemType()
    {
        Name = "WeeklyPlanItem";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode("WeeklyPlanItem", ctx.Source.Id));
        Field<AccountType>("account").Resolve(ctx => ctx.Source.AccountId is { } id ? ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(id) : null);
        Field<OpportunityType>("opportunity").Resolve(ctx => ctx.Source.OpportunityId is { } id ? ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(id) : null);
        Field(i => i.KeyAction);
        Field(i => i.DoneAt, type: typeof(UtcDateTimeGraphType)).Description("Null while the item is open.");
    }
}

public sealed class TargetCalibrationType : NodeType<TargetCalibration>
{
    public TargetCalibrationType() : base("TargetCalibration", "One calibration of a region's process baseline: who, when, before, after, why. Never changed.")
    {
        Field<RegionType>("region").Resolve(ctx => ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(ctx.Source.RegionId));
        Field(c => c.MetricKind, type: typeof(NonNullGraphType<TargetMetricKindType>));
        Field(c => c.ProcessMetric, nullable: true);
        Field<DecimalStringGraphType>("before").Description("The region target's goal before; null when the region had no target with the metric.").Resolve(ctx => ctx.Source.Before);
        Field<NonNullGraphType<DecimalStringGraphType>>("after").Resolve(ctx => ctx.Source.After);
        Field(c => c.Reason, type: typeof(NonNullGraphType<CalibrationReasonType>));
        Field(c => c.ReasonText);
        Field(c => c.EffectiveFrom, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(c => c.AffectedMetrics).Description("How many target metrics took the new goal.");
        Field<MemberType>("calibratedBy").Resolve(ctx => ctx.Source.CalibratedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(c => c.CalibratedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class WeightsNotSummingTo100ErrorType : UserErrorType<WeightsNotSummingTo100Error>
{
    public WeightsNotSummingTo100ErrorType() : base("WeightsNotSummingTo100Error", "The track weights, or a track's metric weights, do not sum to 100.")
    {
        Field(e => e.Track).Description("Which weights: the tracks, the result track or the process track.");
        Field(e => e.Sum);
    }
}

public sealed class ClosedPeriodErrorType : UserErrorType<ClosedPeriodError>
{
    public ClosedPeriodErrorType() : base("ClosedPeriodError", "The period has ended; it takes no target and no calibration.")
    {
        Field(e => e.PeriodEnd, type: typeof(NonNullGraphType<DateOnlyGraphType>));
    }
}

public sealed class OverlappingTargetErrorType : UserErrorType<OverlappingTargetError>
{
    public OverlappingTargetErrorType() : base("OverlappingTargetError", "The node already has a target for an overlapping period.")
    {
        Field<NonNullGraphType<IdGraphType>>("targetId").Resolve(ctx => GlobalId.Encode("SalesTarget", ctx.Source.TargetId));
        Field(e => e.PeriodStart, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(e => e.PeriodEnd, type: typeof(NonNullGraphType<DateOnlyGraphType>));
    }
}

public sealed class AllocationExceedsParentErrorType : UserErrorType<AllocationExceedsParentError>
{
    public AllocationExceedsParentErrorType() : base("AllocationExceedsParentError", "The children's goals would exceed the parent's; an override reason allows it.")
    {
        Field(e => e.Metric, type: typeof(NonNullGraphType<TargetMetricKindType>));
        Field(e => e.ProcessMetric, nullable: true);
        Field<NonNullGraphType<DecimalStringGraphType>>("parentGoal").Resolve(ctx => ctx.Source.ParentGoal);
        Field<NonNullGraphType<DecimalStringGraphType>>("childrenGoal").Resolve(ctx => ctx.Source.ChildrenGoal);
    }
}

public sealed class NotTheRepsRecordErrorType : UserErrorType<NotTheRepsRecordError>
{
    public NotTheRepsRecordErrorType() : base("NotTheRepsRecordError", "A weekly plan names only the rep's own accounts and opportunities.")
    {
        Field(e => e.Field);
    }
}
