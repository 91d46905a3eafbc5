using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

public sealed class DecisionSignalSourceType : EnumerationGraphType<DecisionSignalSource>
{
    public DecisionSignalSourceType()
    {
        Name = "DecisionSignalSource";
        Description = "DOCUMENT: a document of the kind `sourceCode` uploaded on the opportunity; STAGE: the opportunity enters the stage `sourceCode`; "
            + "TAG: a follow-up on the opportunity carries the tag `sourceCode`; API: only `recordDecisionSignal`.";
    }
}

public sealed class WeekdayType : EnumerationGraphType<DayOfWeek>
{
    public WeekdayType() => Name = "Weekday";
}

public sealed class DecisionSignalDefinitionType : ObjectGraphType<DecisionSignalDefinition>
{
    public DecisionSignalDefinitionType()
    {
        Name = "DecisionSignalDefinition";
        Description = "A tenant's kind of decision signal (技术方案签署, 样品测试通过, …): where it is read from and its maturity points.";
        Field(d => d.Code);
        Field(d => d.Name);
        Field<NonNullGraphType<DecisionSignalSourceType>>("source").Resolve(ctx => ctx.Source.Source);
        Field(d => d.SourceCode, nullable: true).Description("The document kind, stage or tag code; null for API.");
        Field(d => d.Weight).Description("Maturity points on the to-sign list.");
        Field(d => d.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class DecisionSignalType : ObjectGraphType<DecisionSignal>
{
    public DecisionSignalType()
    {
        Name = "DecisionSignal";
        Description = "A decision signal seen on an opportunity: it is ready to sign.";
        Field(s => s.Code);
        Field<NonNullGraphType<DecisionSignalSourceType>>("source").Resolve(ctx => ctx.Source.Source);
        Field(s => s.Weight);
        Field(s => s.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field<OpportunityType>("opportunity").Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.OpportunityId));
    }
}

public sealed class SigningReminderType : ObjectGraphType<SigningReminder>
{
    public SigningReminderType()
    {
        Name = "SigningReminder";
        Description = "\"Push for signature now\": stored for the opportunity's owner when a decision signal came.";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field<MemberType>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field<NonNullGraphType<IdGraphType>>("opportunityId").Resolve(ctx => GlobalId.Encode("Opportunity", ctx.Source.OpportunityId));
        Field<OpportunityType>("opportunity").Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.OpportunityId));
        Field(r => r.SignalCode);
        Field(r => r.SignalName);
        Field(r => r.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class SigningReminderRaisedEventType : ObjectGraphType<SigningReminderRaised>
{
    public SigningReminderRaisedEventType()
    {
        Name = "SigningReminderRaisedEvent";
        Description = "A decision signal came on an opportunity: its owner should push for signature.";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field<NonNullGraphType<IdGraphType>>("opportunityId").Resolve(ctx => GlobalId.Encode("Opportunity", ctx.Source.OpportunityId));
        Field<OpportunityType>("opportunity")
            .Description("Loaded with the subscriber's permissions when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.OpportunityId));
        Field(e => e.SignalCode);
        Field(e => e.SignalName);
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class MaturityPartType : ObjectGraphType<MaturityPart>
{
    public MaturityPartType()
    {
        Name = "MaturityPart";
        Description = "One reason for a maturity score: a decision signal's points, or the recent follow-ups' (2 each, at most 10).";
        Field(p => p.Code).Description("The signal's code, or FOLLOW_UPS.");
        Field(p => p.Reason);
        Field(p => p.Points);
    }
}

public sealed class ToSignItemType : ObjectGraphType<ToSignItem>
{
    public ToSignItemType()
    {
        Name = "ToSignItem";
        Description = "An opportunity ready to sign, ranked by decision maturity, with why and when best to close it.";
        Field(i => i.Rank).Description("1 for the most mature.");
        Field<NonNullGraphType<IdGraphType>>("opportunityId").Resolve(ctx => GlobalId.Encode("Opportunity", ctx.Source.OpportunityId));
        Field<OpportunityType>("opportunity").Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.OpportunityId));
        Field(i => i.Maturity).Description("The sum of the explanation's points.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MaturityPartType>>>>("explanation").Resolve(ctx => ctx.Source.Explanation);
        Field(i => i.WindowFrom, type: typeof(NonNullGraphType<DateOnlyGraphType>)).Description("The best signing window's first day (tenant's calendar).");
        Field(i => i.WindowTo, type: typeof(NonNullGraphType<DateOnlyGraphType>)).Description("Its last day, inclusive.");
        Field(i => i.WindowReason);
    }
}

public sealed record ToSignList(long MemberId, DateOnly? WeekOf, IReadOnlyList<ToSignItem> Items);

public sealed class ToSignListType : ObjectGraphType<ToSignList>
{
    public ToSignListType()
    {
        Name = "ToSignList";
        Description = "A rep's to-sign list: as the weekly job delivered it (`weekOf`), or as it stands now (`weekOf` null).";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field(l => l.WeekOf, type: typeof(DateOnlyGraphType)).Description("The day the list went out; null for a live list.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ToSignItemType>>>>("items").Resolve(ctx => ctx.Source.Items);
    }
}

public sealed class ToSignListReadyEventType : ObjectGraphType<ToSignListReady>
{
    public ToSignListReadyEventType()
    {
        Name = "ToSignListReadyEvent";
        Description = "The week's to-sign list of a rep went out; read it with `toSignList(memberId:, weekOf:)`.";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field(e => e.WeekOf, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(e => e.Opportunities).Description("How many opportunities the list holds.");
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class RhythmSettingsType : ObjectGraphType<RhythmSettings>
{
    public RhythmSettingsType()
    {
        Name = "RhythmSettings";
        Description = "The tenant's signing rhythm: when the to-sign lists go out, the rhythm bonus, the month-end spike alert.";
        Field<NonNullGraphType<WeekdayType>>("toSignListWeekday").Resolve(ctx => ctx.Source.ToSignListWeekday);
        Field(s => s.ToSignListHour).Description("Local hour (tenant's time zone).");
        Field<NonNullGraphType<DecimalStringGraphType>>("bonusRate").Description("Share of the contract amount, e.g. 0.015; 0 pays none.").Resolve(ctx => ctx.Source.BonusRate);
        Field(s => s.BonusFromDay).Description("First day of the month (inclusive) a signature earns the bonus.");
        Field(s => s.BonusToDay).Description("Last day (inclusive).");
        Field(s => s.SpikeShare).Description("The month-end spike alert is raised when this share of the ready-to-sign forecast falls in the month's last 3 days.");
    }
}

public sealed class DaySigningsType : ObjectGraphType<DaySignings>
{
    public DaySigningsType()
    {
        Name = "DaySignings";
        Field(d => d.Day).Description("Day of the month, tenant's calendar.");
        Field(d => d.Signings);
        Field<NonNullGraphType<DecimalStringGraphType>>("amount").Resolve(ctx => ctx.Source.Amount);
    }
}

public sealed class MonthEndSpikeType : ObjectGraphType<MonthEndSpike>
{
    public MonthEndSpikeType()
    {
        Name = "MonthEndSpike";
        Description = "The month-end spike alert of a month not yet over, from the ready-to-sign forecast (open opportunities with a decision signal, expected to close in the month).";
        Field(s => s.Raised);
        Field(s => s.ReadyToSign);
        Field(s => s.LateReadyToSign).Description("Of them, expected in the month's last 3 days.");
        Field(s => s.LateShare);
        Field(s => s.Message);
    }
}

public sealed class RhythmMonthType : ObjectGraphType<RhythmMonth>
{
    public RhythmMonthType()
    {
        Name = "RhythmMonth";
        Description = "The signing rhythm of a month over the contracts the caller sees.";
        Field(m => m.Year);
        Field(m => m.Month);
        Field(m => m.Signings);
        Field<NonNullGraphType<DecimalStringGraphType>>("amount").Resolve(ctx => ctx.Source.Amount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DaySigningsType>>>>("perDay").Description("Every day of the month, days without a signing included.").Resolve(ctx => ctx.Source.PerDay);
        Field(m => m.LastThreeDaysShare).Description("Share of the month's signings made in its last 3 days.");
        Field(m => m.LastThreeDaysAmountShare).Description("The same, by amount.");
        Field(m => m.LinearityGini).Description("Gini coefficient of the signings per day over all the month's days: 0 = the same every day, (n−1)/n = all on one day.");
        Field(m => m.SignalToSignatureLagDays, nullable: true).Description("Mean days from an opportunity's first decision signal to its signature.");
        Field(m => m.ApprovalCycleDays, nullable: true).Description("Mean days from requesting a contract's approval to its approval, over the month's signed contracts.");
        Field<MonthEndSpikeType>("monthEndSpike").Description("Only while the month is not over.").Resolve(ctx => ctx.Source.MonthEndSpike);
    }
}

public sealed class DefineDecisionSignalErrorType() : MutationErrorUnion("defineDecisionSignal", typeof(ValidationErrorType), typeof(DuplicateErrorType));

public sealed class DefineDecisionSignalPayloadType() : PayloadType<DecisionSignalDefinitionType, DecisionSignalDefinition, DefineDecisionSignalErrorType>("defineDecisionSignal", "definition");

public sealed class RecordDecisionSignalErrorType() : MutationErrorUnion("recordDecisionSignal", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(DuplicateErrorType));

public sealed class RecordDecisionSignalPayloadType() : PayloadType<DecisionSignalType, DecisionSignal, RecordDecisionSignalErrorType>("recordDecisionSignal", "signal");

public sealed class UpdateRhythmSettingsErrorType() : MutationErrorUnion("updateRhythmSettings", typeof(ValidationErrorType));

public sealed class UpdateRhythmSettingsPayloadType() : PayloadType<RhythmSettingsType, RhythmSettings, UpdateRhythmSettingsErrorType>("updateRhythmSettings", "settings");

public sealed class DefineDecisionSignalInputType : InputObjectGraphType
{
    public DefineDecisionSignalInputType()
    {
        Name = "DefineDecisionSignalInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Unique in the tenant, e.g. TECH_PROPOSAL_SIGNED.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<DecisionSignalSourceType>>("source");
        Field<StringGraphType>("sourceCode").Description("Required unless the source is API: the document kind, stage or tag code.");
        Field<IntGraphType>("weight").Description("Maturity points, 1 to 100 (default 30).");
    }
}

public sealed class RecordDecisionSignalInputType : InputObjectGraphType
{
    public RecordDecisionSignalInputType()
    {
        Name = "RecordDecisionSignalInput";
        Field<NonNullGraphType<IdGraphType>>("opportunityId");
        Field<NonNullGraphType<StringGraphType>>("code").Description("A defined signal's code, of any source.");
        Field<UtcDateTimeGraphType>("occurredAt").Description("Defaults to now; not in the future.");
    }
}

public sealed class RhythmSettingsInputType : InputObjectGraphType
{
    public RhythmSettingsInputType()
    {
        Name = "RhythmSettingsInput";
        Description = "A field left out keeps its value.";
        Field<WeekdayType>("toSignListWeekday");
        Field<IntGraphType>("toSignListHour").Description("0 to 23.");
        Field<DecimalStringGraphType>("bonusRate").Description("0 to 0.2.");
        Field<IntGraphType>("bonusFromDay").Description("1 to 31.");
        Field<IntGraphType>("bonusToDay").Description("bonusFromDay to 31.");
        Field<FloatGraphType>("spikeShare").Description("Above 0, at most 1.");
    }
}

public sealed class MonthEndSpikeAlertType : ObjectGraphType<MonthEndSpikeAlertRaised>
{
    public MonthEndSpikeAlertType()
    {
        Name = "MonthEndSpikeAlert";
        Description = "月末签约扎堆预警: the daily judge found the month's ready-to-sign forecast clustering in its last 3 days, before the month ended. Once per month and scope.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode("MonthEndSpikeAlert", ctx.Source.AlertId));
        Field(a => a.Year);
        Field(a => a.Month);
        Field(a => a.Scope).Description("TENANT: the whole tenant's forecast.");
        Field(a => a.ReadyToSign).Description("Open opportunities with a decision signal expected to close in the month, when judged.");
        Field(a => a.LateReadyToSign).Description("Of those, expected in the month's last 3 days.");
        Field(a => a.LateShare);
        Field(a => a.Message);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("raisedAt").Resolve(ctx => ctx.Source.OccurredAt);
    }
}
