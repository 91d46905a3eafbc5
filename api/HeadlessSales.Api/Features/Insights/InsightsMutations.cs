using GraphQL.Types;
using GraphQL;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>Generating attribution reports and changing the attribution settings.</summary>
public sealed class InsightsMutations(ISalesDbContextPool pool, TimeProvider clock) : IMutationFields
{
    /// <summary>Longer than a year is not a monthly habit any more.</summary>
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    private static readonly MemberRole[] Analysts = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<GenerateAttributionReportPayloadType>>("generateAttributionReport")
            .Authorize(Scopes.SalesWrite, Analysts)
            .Description("Computes and stores the process-attribution report of a team, region or the tenant for a period: reps ranked by "
                + "conversion, the top and bottom groups' weekly rates of each activity kind and tag, ranked by difference. The caller must see "
                + "every member of the scope; a scope they do not is NOT_FOUND, like one that does not exist.")
            .Argument<NonNullGraphType<GenerateAttributionReportInputType>>("input")
            .ResolveAsync(async ctx => await GenerateAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateAttributionSettingsPayloadType>>("updateAttributionSettings")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Changes how the attribution report splits reps; a field left out keeps its value. Stored reports keep the settings they were made with.")
            .Argument<NonNullGraphType<AttributionSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateSettingsAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<AttributionReport>> GenerateAsync(IResolveFieldContext ctx, InputFields input)
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

    internal static AttributionScope? ReadScope(InputFields input)
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

    private async Task<MutationPayload<AttributionSettings>> UpdateSettingsAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        for (var attempt = 1; ; attempt++)
        {
            var settings = await db.AttributionSettings.FirstOrDefaultAsync(ct);
            var parameters = AttributionParameterInput.Read(input, settings ?? new AttributionSettings { TenantId = ctx.TenantId() });
            if (!input.IsValid)
            {
                return MutationPayload.Failure(input.Errors);
            }

            if (settings is null)
            {
                settings = new AttributionSettings { TenantId = ctx.TenantId() };
                db.AttributionSettings.Add(settings);
            }

            (settings.Basis, settings.TopShare, settings.BottomShare, settings.MinimumLeads) = (parameters.Basis, parameters.TopShare, parameters.BottomShare, parameters.MinimumLeads);
            settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(ct);
                return MutationPayload.Success(settings);
            }
            catch (DbUpdateException exception) when (attempt == 1 && UniqueViolation.Is(exception))
            {
                // Two first updates raced on the tenant's one row: apply ours to the row the other made.
                db.ChangeTracker.Clear();
            }
        }
    }
}
