using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

public sealed class ConversionBasisType : EnumerationGraphType<ConversionBasis>
{
    public ConversionBasisType()
    {
        Name = "ConversionBasis";
        Description = "What counts as a success when reps are ranked: LEAD_CONVERTED (the lead was converted before the period ended) "
            + "or OPPORTUNITY_WON (and its opportunity entered its pipeline's last stage before the period ended).";
    }
}

public sealed class AttributionScopeKindType : EnumerationGraphType<AttributionScopeKind>
{
    public AttributionScopeKindType() => Name = "AttributionScopeKind";
}

public sealed class AttributionReportStatusType : EnumerationGraphType<AttributionReportStatus>
{
    public AttributionReportStatusType()
    {
        Name = "AttributionReportStatus";
        Description = "INSUFFICIENT_DATA: fewer than two reps had the minimum leads, so there are no groups and no findings.";
    }
}

public sealed class AttributionTriggerType : EnumerationGraphType<AttributionTrigger>
{
    public AttributionTriggerType() => Name = "AttributionTrigger";
}

public sealed class AttributionDimensionType : EnumerationGraphType<AttributionDimension>
{
    public AttributionDimensionType() => Name = "AttributionDimension";
}

public sealed class AttributionFindingType : ObjectGraphType<AttributionFinding>
{
    public AttributionFindingType()
    {
        Name = "AttributionFinding";
        Description = "One behaviour compared between the top and bottom converters, as a rate per rep per week.";
        Field(f => f.Rank).Description("1 for the largest difference between the groups.");
        Field<NonNullGraphType<AttributionDimensionType>>("dimension").Resolve(ctx => ctx.Source.Dimension);
        Field(f => f.Code).Description("The activity kind (e.g. VIDEO_DEMO) or the tag code (e.g. COMPETITOR_COMPARISON).");
        Field(f => f.NameZh).Description("The kind's or tag's Chinese name when the report was made.");
        Field(f => f.NameEn);
        Field(f => f.TopRate).Description("Per rep per week in the top group.");
        Field(f => f.BottomRate).Description("Per rep per week in the bottom group.");
        Field(f => f.ScopeRate).Description("Per rep per week over every active rep of the scope (the team, region or company average).");
        Field(f => f.Difference).Description("topRate − bottomRate; findings are ranked by its size.");
        Field(f => f.TextZh).Description("The finding in Chinese, figures rounded to one decimal.");
        Field(f => f.TextEn).Description("The finding in English, e.g. \"Top reps run 2.3 video demos a week, bottom reps 0.4; the team average is 0.7.\"");
    }
}

public sealed class AttributionReportType : NodeType<AttributionReport>
{
    public AttributionReportType() : base("AttributionReport",
        "A stored process-attribution report: which reps of a scope converted best and worst in a period, and what the best did differently. "
        + "Its CSV is downloaded from `downloadPath` with the same bearer token.")
    {
        Field(r => r.PeriodFrom, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("Start of the half-open period.");
        Field(r => r.PeriodTo, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("End of the half-open period.");
        Field<NonNullGraphType<AttributionScopeKindType>>("scopeKind").Resolve(ctx => ctx.Source.ScopeKind);
        Field<TeamType>("team")
            .Description("The team, for a team report.")
            .Resolve(ctx => ctx.Source.ScopeKind == AttributionScopeKind.Team ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(ctx.Source.ScopeId!.Value) : null);
        Field<RegionType>("region")
            .Description("The region, for a region report.")
            .Resolve(ctx => ctx.Source.ScopeKind == AttributionScopeKind.Region ? ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(ctx.Source.ScopeId!.Value) : null);
        Field<NonNullGraphType<ConversionBasisType>>("basis").Description("The settings used: what counted as a success.").Resolve(ctx => ctx.Source.Basis);
        Field(r => r.TopShare).Description("The settings used: share of the ranked reps in the top group.");
        Field(r => r.BottomShare).Description("The settings used: share of the ranked reps in the bottom group.");
        Field(r => r.MinimumLeads).Description("The settings used: leads a rep needed in the period to be ranked.");
        Field<NonNullGraphType<AttributionReportStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field<NonNullGraphType<AttributionTriggerType>>("trigger").Resolve(ctx => ctx.Source.Trigger);
        Field(r => r.GeneratedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field<MemberType>("requestedBy")
            .Description("The member who asked for it; null for the monthly job or an integration.")
            .Resolve(ctx => ctx.Source.RequestedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(r => r.Weeks).Description("The period's length in weeks (days ÷ 7): the denominator of every weekly rate.");
        Field(r => r.ScopeRepCount).Description("Active reps of the scope.");
        Field(r => r.RankedRepCount).Description("Reps with at least `minimumLeads` leads assigned in the period.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberType>>>>("topReps")
            .Description("The top group, best converter first.")
            .Resolve(ctx => Members(ctx.RequestServices!, ctx.Source.TopMemberIds));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberType>>>>("bottomReps")
            .Description("The bottom group, best converter first.")
            .Resolve(ctx => Members(ctx.RequestServices!, ctx.Source.BottomMemberIds));
        Field(r => r.TopConversionRate, nullable: true).Description("Successes ÷ leads over the top group together.");
        Field(r => r.BottomConversionRate, nullable: true);
        Field(r => r.ScopeConversionRate, nullable: true).Description("Successes ÷ leads over every rep of the scope.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AttributionFindingType>>>>("findings")
            .Description("Every activity kind and tag either group used, largest difference first.")
            .Resolve(ctx => new DeferredResult<List<AttributionFinding>>(async cancellationToken =>
                await ctx.DataLoader<AttributionFindingsByReportIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field<NonNullGraphType<StringGraphType>>("downloadPath")
            .Description("Where to GET the findings as CSV (UTF-8 with BOM), relative to the server: `/attribution-reports/{id}/csv`, with the bearer token.")
            .Resolve(ctx => AttributionReportDownloads.PathOf(ctx.Source.Id));
    }

    private static DeferredResult<List<Member>> Members(IServiceProvider services, IReadOnlyList<long> ids) => new(async cancellationToken =>
    {
        var loader = services.DataLoader<MemberByIdDataLoader>();
        var pending = ids.Select(loader.LoadAsync).ToList();
        var members = new List<Member>();
        foreach (var result in pending)
        {
            if (await result.GetResultAsync(cancellationToken) is { } member)
            {
                members.Add(member);
            }
        }

        return members;
    });
}

public sealed class AttributionSettingsType : ObjectGraphType<AttributionSettings>
{
    public AttributionSettingsType()
    {
        Name = "AttributionSettings";
        Description = "How the tenant splits its reps for the attribution report: the monthly job uses these, and an on-demand report fills in from them what it does not override.";
        Field<NonNullGraphType<ConversionBasisType>>("basis").Resolve(ctx => ctx.Source.Basis);
        Field(s => s.TopShare).Description("Share of the ranked reps in the top group (rounded down, at least one rep).");
        Field(s => s.BottomShare).Description("Share of the ranked reps in the bottom group.");
        Field(s => s.MinimumLeads).Description("Leads a rep needs in the period to be ranked.");
        Field<UtcDateTimeGraphType>("updatedAt").Description("Null while the tenant uses the defaults.").Resolve(ctx => ctx.Source.Id == 0 ? null : ctx.Source.UpdatedAt);
    }
}

public sealed class UpdateAttributionSettingsErrorType() : MutationErrorUnion("updateAttributionSettings", typeof(ValidationErrorType));

public sealed class UpdateAttributionSettingsPayloadType() : PayloadType<AttributionSettingsType, AttributionSettings, UpdateAttributionSettingsErrorType>("updateAttributionSettings", "settings");
