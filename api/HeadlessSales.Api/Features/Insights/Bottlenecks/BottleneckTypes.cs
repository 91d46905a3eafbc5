using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Bottlenecks;

public sealed class SuggestedHelperType : ObjectGraphType<SuggestedHelper>
{
    public SuggestedHelperType()
    {
        Name = "SuggestedHelper";
        Description = "A rep who moved similar opportunities (same stage; account of the same industry, size and ownership) past the stage, with their record there.";
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(h => h.Moves).Description("Similar opportunities they moved past the stage (stays ended by an advance).");
        Field(h => h.MeanDays).Description("Their mean days in the stage over those moves.");
        Field(h => h.FastestDays);
    }
}

public sealed class BottleneckHelpRecordType : ObjectGraphType<HelpOutcome>
{
    public BottleneckHelpRecordType()
    {
        Name = "BottleneckHelp";
        Description = "Help given on an opportunity's stay in a stage, with the time stuck before it and the time to break through after it.";
        Field<OpportunityType>("opportunity").Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.Help.OpportunityId));
        Field<NonNullGraphType<PipelineStageType>>("stage").Resolve(ctx => ctx.DataLoader<PipelineStageByIdDataLoader>().LoadAsync(ctx.Source.Help.StageId));
        Field<NonNullGraphType<MemberType>>("helper").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.Help.HelperId));
        Field<NonNullGraphType<UtcDateTimeGraphType>>("markedAt").Resolve(ctx => ctx.Source.Help.MarkedAt);
        Field(h => h.DaysBeforeHelp).Description("Days in the stage before help was marked.");
        Field(h => h.DaysToBreakthroughAfterHelp, nullable: true).Description("Days from help to leaving the stage; null while still in it.");
    }
}

public sealed class StageBottleneckType : ObjectGraphType<StageBottleneck>
{
    public StageBottleneckType()
    {
        Name = "StageBottleneck";
        Description = "An opportunity in the same stage for longer than the threshold, with the reps who moved similar ones past that stage fastest.";
        Field<NonNullGraphType<OpportunityType>>("opportunity").Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.OpportunityId));
        Field<NonNullGraphType<PipelineStageType>>("stage").Resolve(ctx => ctx.DataLoader<PipelineStageByIdDataLoader>().LoadAsync(ctx.Source.StageId));
        Field(b => b.StuckSince, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("When it entered the stage.");
        Field(b => b.DaysInStage);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SuggestedHelperType>>>>("suggestedHelpers")
            .Description($"Up to {StageBottleneckAnalysis.HelpersPerBottleneck}, fastest mean first; the opportunity's owner is left out.").Resolve(ctx => ctx.Source.Helpers);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BottleneckHelpRecordType>>>>("help").Description("Help marked on this opportunity so far.").Resolve(ctx => ctx.Source.Help);
    }
}

public sealed class HelpOutcomeSummaryType : ObjectGraphType<HelpOutcomeSummary>
{
    public HelpOutcomeSummaryType()
    {
        Name = "BottleneckHelpOutcome";
        Description = "Help marks of a period that the caller sees: days stuck before help against days to break through after it.";
        Field(s => s.Marks);
        Field(s => s.BrokeThrough).Description("Marks whose stay has ended.");
        Field(s => s.MeanDaysBeforeHelp, nullable: true);
        Field(s => s.MeanDaysToBreakthroughAfterHelp, nullable: true).Description("Over the marks that broke through.");
        Field(s => s.MeanDaysUnhelpedStays, nullable: true).Description("For comparison: mean days of the stays in the same stages that ended in the period without help.");
    }
}

public sealed class StageBottleneckFilterType : InputObjectGraphType
{
    public StageBottleneckFilterType()
    {
        Name = "StageBottleneckFilter";
        Field<IntGraphType>("thresholdDays").Description($"Days in the same stage that make an opportunity stuck, 1 to 365; {StageBottleneckAnalysis.DefaultThresholdDays} when left out.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("stageIds");
    }
}

public sealed class MarkBottleneckHelpInputType : InputObjectGraphType
{
    public MarkBottleneckHelpInputType()
    {
        Name = "MarkBottleneckHelpInput";
        Field<NonNullGraphType<IdGraphType>>("opportunityId");
        Field<NonNullGraphType<IdGraphType>>("helperId").Description("The member who helps, usually one of the suggested helpers.");
    }
}

public sealed class MarkBottleneckHelpErrorType() : MutationErrorUnion("markBottleneckHelp", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class MarkBottleneckHelpPayloadType() : PayloadType<BottleneckHelpRecordType, HelpOutcome, MarkBottleneckHelpErrorType>("markBottleneckHelp", "help");
