using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

public sealed class TargetHealthRuleType : EnumerationGraphType<TargetHealthRule>
{
    public TargetHealthRuleType() => Name = "TargetHealthRule";
}

public sealed class TargetHealthChangeType : EnumerationGraphType<TargetHealthChange>
{
    public TargetHealthChangeType() => Name = "TargetHealthChange";
}

/// <summary>Loads findings for <c>node(id:)</c>, lists' children and events, under the caller's row visibility.</summary>
public sealed class TargetHealthFindingByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<TargetHealthFinding>(databases);

/// <summary>
/// The open findings under many targets' nodes (the member's; the team's or region's reps', as recorded when raised; the
/// whole tenant's for the company), as the caller sees them, newest first: one query for a whole tree.
/// </summary>
public sealed class OpenFindingsByTargetDataLoader(SalesDbContextFactory databases) : BatchDataLoader<SalesTarget, List<TargetHealthFinding>>
{
    protected override async Task<IReadOnlyDictionary<SalesTarget, List<TargetHealthFinding>>> FetchAsync(IReadOnlyCollection<SalesTarget> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var open = await db.TargetHealthFindings.AsNoTracking().Where(f => f.ResolvedAt == null)
            .OrderByDescending(f => f.RaisedAt).ThenByDescending(f => f.Id).ToListAsync(cancellationToken);
        return keys.ToDictionary(key => key, key => open.Where(f => key.NodeKind switch
        {
            TargetNodeKind.Member => f.MemberId == key.MemberId,
            TargetNodeKind.Team => f.TeamId == key.TeamId,
            TargetNodeKind.Region => f.RegionId == key.RegionId,
            _ => true,
        }).ToList());
    }
}

public sealed class TargetHealthFindingType : NodeType<TargetHealthFinding>
{
    public TargetHealthFindingType() : base("TargetHealthFinding", "An unhealthy pattern behind a rep's numbers, with its evidence and a coaching suggestion: raised once per episode, resolved when the pattern no longer holds.")
    {
        Field(f => f.Rule, type: typeof(NonNullGraphType<TargetHealthRuleType>));
        Field<NonNullGraphType<MemberType>>("member").Description("The rep the pattern is about.")
            .Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field<TeamType>("team").Description("The rep's team when the finding was raised.")
            .Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field<RegionType>("region").Resolve(ctx => ctx.Source.RegionId is { } id ? ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(id) : null);
        Field(f => f.Summary).Description("What was found, with its figures.");
        Field(f => f.Suggestion).Description("What a manager could coach.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetHealthEvidenceType>>>>("evidence")
            .Description("The records behind the finding (contracts, collections, opportunities, accounts); `node(id:)` reads each as the caller may.")
            .Resolve(ctx => ctx.Source.Records);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetHealthFigureType>>>>("figures").Resolve(ctx => ctx.Source.Figures);
        Field(f => f.WindowFrom, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("Start of the period the rule judged.");
        Field(f => f.WindowTo, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("End of that period (exclusive).");
        Field(f => f.RaisedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(f => f.ResolvedAt, type: typeof(UtcDateTimeGraphType)).Description("Null while open.");
        Field<NonNullGraphType<BooleanGraphType>>("open").Resolve(ctx => ctx.Source.IsOpen);
    }
}

public sealed class TargetHealthEvidenceType : ObjectGraphType<FindingRecord>
{
    public TargetHealthEvidenceType()
    {
        Name = "TargetHealthEvidence";
        Description = "One record behind a finding.";
        Field<NonNullGraphType<StringGraphType>>("type").Description("The record's type: Contract, PaymentCollection, Opportunity or Account.").Resolve(ctx => ctx.Source.Type);
        Field<NonNullGraphType<IdGraphType>>("recordId").Resolve(ctx => GlobalId.Encode(ctx.Source.Type, ctx.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(ctx => ctx.Source.Label);
    }
}

public sealed class TargetHealthFigureType : ObjectGraphType<FindingFigure>
{
    public TargetHealthFigureType()
    {
        Name = "TargetHealthFigure";
        Description = "A named figure behind a finding: a count, a share from 0 to 1, or an amount in CNY.";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(ctx => ctx.Source.Name);
        Field<NonNullGraphType<FloatGraphType>>("value").Resolve(ctx => ctx.Source.Value);
    }
}

public sealed class TargetHealthAlertEventType : ObjectGraphType<TargetHealthAlerted>
{
    public TargetHealthAlertEventType()
    {
        Name = "TargetHealthAlertEvent";
        Description = "A target-health finding was raised or resolved.";
        Field(e => e.Change, type: typeof(NonNullGraphType<TargetHealthChangeType>));
        Field<NonNullGraphType<IdGraphType>>("findingId").Resolve(ctx => GlobalId.Encode("TargetHealthFinding", ctx.Source.FindingId));
        Field<TargetHealthFindingType>("finding")
            .Description("The finding as it is now, loaded when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<TargetHealthFindingByIdDataLoader>().LoadAsync(ctx.Source.FindingId));
        Field(e => e.Rule, type: typeof(NonNullGraphType<TargetHealthRuleType>));
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class TargetHealthThresholdsType : ObjectGraphType<TargetHealthThresholds>
{
    public TargetHealthThresholdsType()
    {
        Name = "TargetHealthThresholds";
        Description = "Where each diagnosis rule draws its line, for the tenant.";
        Field(t => t.ConsecutiveWeeks).Description("Opportunities without conversion: complete weeks in a row on the weekly opportunity goal.");
        Field(t => t.WeeklyOpportunityGoal).Description("New opportunities a week that count as on goal.");
        Field(t => t.ConversionShareOfTeamMean).Description("The rep's conversion below this share of the team's mean is low.");
        Field(t => t.ConversionLookbackWeeks).Description("Weeks over which conversion (contracts signed / opportunities created) is measured.");
        Field(t => t.SplitWindowDays).Description("Contract splitting: the window in days.");
        Field(t => t.SplitMinContracts).Description("Contracts of one account in the window that make a split.");
        Field<NonNullGraphType<DecimalStringGraphType>>("splitAmountBelow").Description("CNY: each contract under it, together at least it.").Resolve(ctx => ctx.Source.SplitAmountBelow);
        Field(t => t.SlipDays).Description("Collections slipping: days after (and before) a month end compared.");
        Field(t => t.SlipMinCollections).Description("Collections after the month end that make a slip.");
        Field(t => t.SlipShare).Description("Share of the money around the month end collected after it.");
        Field(t => t.CoverageWeeks).Description("Strategic coverage: the last this-many weeks against as many before.");
        Field(t => t.CoverageDropShare).Description("Fall in strategic accounts followed up that counts.");
        Field(t => t.CoverageMinAccounts).Description("Strategic accounts followed up before, at least.");
        Field(t => t.SpikeShare).Description("Month-end spike: share of a month's signings in its last seven days.");
        Field(t => t.SpikeMinSignings).Description("Signings in the last seven days, at least.");
    }
}
