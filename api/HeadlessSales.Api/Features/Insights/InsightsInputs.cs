using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights;

public sealed class AttributionScopeInputType : InputObjectGraphType
{
    public AttributionScopeInputType()
    {
        Name = "AttributionScopeInput";
        Description = "Exactly one of: a team, a region, or `tenant: true`.";
        Field<IdGraphType>("teamId");
        Field<IdGraphType>("regionId");
        Field<BooleanGraphType>("tenant");
    }
}

public sealed class AttributionSettingsInputType : InputObjectGraphType
{
    public AttributionSettingsInputType()
    {
        Name = "AttributionSettingsInput";
        Description = "Overrides for this report; a field left out takes the tenant's setting (defaults: LEAD_CONVERTED, 0.2, 0.2, 5).";
        Field<ConversionBasisType>("basis");
        Field<FloatGraphType>("topShare").Description("Share of the ranked reps in the top group, above 0 and at most 0.5; rounded down to whole reps, at least one.");
        Field<FloatGraphType>("bottomShare").Description("As `topShare`, for the bottom group.");
        Field<IntGraphType>("minimumLeads").Description($"Leads a rep needs in the period to be ranked, 1 to {AttributionParameters.MaxMinimumLeads}.");
    }
}

public sealed class GenerateAttributionReportInputType : InputObjectGraphType
{
    public GenerateAttributionReportInputType()
    {
        Name = "GenerateAttributionReportInput";
        Field<NonNullGraphType<PeriodInputType>>("period").Description("The half-open period [from, to), at most 366 days.");
        Field<NonNullGraphType<AttributionScopeInputType>>("scope");
        Field<AttributionSettingsInputType>("settings");
    }
}

public sealed class AttributionReportFilterType : InputObjectGraphType
{
    public AttributionReportFilterType()
    {
        Name = "AttributionReportFilter";
        Description = "All given conditions must hold.";
        Field<ListGraphType<NonNullGraphType<AttributionScopeKindType>>>("scopeKinds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("teamIds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("regionIds");
        Field<ListGraphType<NonNullGraphType<AttributionTriggerType>>>("triggers");
    }
}

public sealed class GenerateAttributionReportErrorType() : MutationErrorUnion("generateAttributionReport", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class GenerateAttributionReportPayloadType() : PayloadType<AttributionReportType, AttributionReport, GenerateAttributionReportErrorType>("generateAttributionReport", "attributionReport");

public static class AttributionParameterInput
{
    public static AttributionParameters Read(InputFields input, AttributionSettings current)
    {
        var basis = input.Get<ConversionBasis?>("basis") ?? current.Basis;
        var top = input.Get<double?>("topShare") ?? current.TopShare;
        var bottom = input.Get<double?>("bottomShare") ?? current.BottomShare;
        var minimum = input.Get<int?>("minimumLeads") ?? current.MinimumLeads;
        if (top is <= 0 or > AttributionParameters.MaxShare)
        {
            input.Invalid("topShare", "`topShare` must be above 0 and at most 0.5.");
        }

        if (bottom is <= 0 or > AttributionParameters.MaxShare)
        {
            input.Invalid("bottomShare", "`bottomShare` must be above 0 and at most 0.5.");
        }

        if (minimum is < 1 or > AttributionParameters.MaxMinimumLeads)
        {
            input.Invalid("minimumLeads", $"`minimumLeads` must be from 1 to {AttributionParameters.MaxMinimumLeads}.");
        }

        return new AttributionParameters(basis, top, bottom, minimum);
    }
}
