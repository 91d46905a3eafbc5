using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

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

public sealed class GenerateAttributionReportPayloadType() : PayloadType<AttributionReportType, GenerateAttributionReportErrorType>("generateAttributionReport", "attributionReport");

public sealed class InsightsFields(ISalesDbContextPool pool, TimeProvider clock) : IQueryFields, IMutationFields
{
    /// <summary>Longer than a year is not a monthly habit any more.</summary>
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    private static readonly MemberRole[] Analysts = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<AttributionReportType>>>("attributionReports")
            .Authorize(Scopes.SalesRead)
            .Description("Stored process-attribution reports of the scopes the caller wholly sees, newest first.")
            .PagingArguments()
            .Argument<AttributionReportFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var reports = AttributionVisibility.Visible(db).AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<AttributionScopeKind>("scopeKinds") is { } kinds)
                {
                    reports = reports.Where(r => kinds.Contains(r.ScopeKind));
                }

                if (filter.Ids("teamIds", "Team") is { } teamIds)
                {
                    reports = reports.Where(r => r.ScopeKind == AttributionScopeKind.Team && teamIds.Contains(r.ScopeId!.Value));
                }

                if (filter.Ids("regionIds", "Region") is { } regionIds)
                {
                    reports = reports.Where(r => r.ScopeKind == AttributionScopeKind.Region && regionIds.Contains(r.ScopeId!.Value));
                }

                if (filter.List<AttributionTrigger>("triggers") is { } triggers)
                {
                    reports = reports.Where(r => triggers.Contains(r.Trigger));
                }

                var connection = await reports.ToConnectionAsync(SortOrder<AttributionReport>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<GenerateAttributionReportPayloadType>>("generateAttributionReport")
            .Authorize(Scopes.SalesWrite, Analysts)
            .Description("Computes and stores the process-attribution report of a team, region or the tenant for a period: reps ranked by "
                + "conversion, the top and bottom groups' weekly rates of each activity kind and tag, ranked by difference. The caller must see "
                + "every member of the scope; a scope they do not is NOT_FOUND, like one that does not exist.")
            .Argument<NonNullGraphType<GenerateAttributionReportInputType>>("input")
            .ResolveAsync(async ctx => await GenerateAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload> GenerateAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        var period = new InputFields(input.Get<Dictionary<string, object?>>("period") ?? [], input.PathOf("period"));
        var from = period.Get<DateTime>("from").ToUniversalTime();
        var to = period.Get<DateTime>("to").ToUniversalTime();
        if (to <= from)
        {
            period.Invalid("to", "The period must end after it starts.");
        }
        else if (to - from > MaxPeriod)
        {
            period.Invalid("to", "The period may last at most 366 days.");
        }

        var scopeInput = new InputFields(input.Get<Dictionary<string, object?>>("scope") ?? [], input.PathOf("scope"));
        var scope = ReadScope(scopeInput);
        await using var db = ctx.Database();
        if (scope is not null && !await AttributionVisibility.MaySeeAsync(db, scope, ct))
        {
            if (scope.Kind == AttributionScopeKind.Tenant)
            {
                scopeInput.Invalid("tenant", "Only those who see the whole tenant may report on it.");
            }
            else
            {
                scopeInput.NotFound(scope.Kind == AttributionScopeKind.Team ? "teamId" : "regionId");
            }
        }

        var settings = await AttributionAnalysis.SettingsAsync(db, ct);
        var settingsInput = new InputFields(input.Get<Dictionary<string, object?>>("settings") ?? [], input.PathOf("settings"));
        var parameters = AttributionParameterInput.Read(settingsInput, settings);
        var errors = period.Errors.Concat(scopeInput.Errors).Concat(settingsInput.Errors).ToList();
        if (errors.Count > 0)
        {
            return MutationPayload.Failure(errors);
        }

        // Authorised as a whole: the counts are the scope's, whoever asked.
        var actor = ctx.Actor();
        await using var tenant = pool.Rent(actor.TenantId);
        var report = await AttributionAnalysis.ComputeAsync(tenant, scope!, from, to, parameters, AttributionTrigger.OnDemand,
            actor.Kind == ActorKind.Member ? actor.MemberId : null, clock.GetUtcNow().UtcDateTime, ct);
        tenant.AttributionReports.Add(report);
        await tenant.SaveChangesAsync(ct);
        return MutationPayload.Success(report);
    }

    private static AttributionScope? ReadScope(InputFields input)
    {
        var given = new List<AttributionScope>();
        if (input.Has("teamId") && input.Get<string>("teamId") is not null)
        {
            given.Add(new AttributionScope(AttributionScopeKind.Team, input.Id("teamId", "Team") ?? 0));
        }

        if (input.Has("regionId") && input.Get<string>("regionId") is not null)
        {
            given.Add(new AttributionScope(AttributionScopeKind.Region, input.Id("regionId", "Region") ?? 0));
        }

        if (input.Get<bool?>("tenant") is true)
        {
            given.Add(new AttributionScope(AttributionScopeKind.Tenant, null));
        }

        if (given.Count != 1)
        {
            input.Errors.Clear();
            input.Invalid("teamId", "Give exactly one of teamId, regionId or tenant: true.");
            return null;
        }

        return input.IsValid ? given[0] : null;
    }
}

/// <summary>Reads <c>AttributionSettingsInput</c>: a field left out takes its value from <paramref name="current"/>; what breaks a rule is added to the input's errors.</summary>
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
