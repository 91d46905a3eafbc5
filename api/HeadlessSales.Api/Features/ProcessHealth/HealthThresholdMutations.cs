using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth;

/// <summary>Tuning how process health is judged: the tenant's settings and the per-scope thresholds.</summary>
public sealed class HealthThresholdMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UpdateProcessHealthSettingsPayloadType>>("updateProcessHealthSettings")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Tunes the tenant's targets, warning bands and metric definitions; fields left out keep their values.")
            .Argument<NonNullGraphType<UpdateProcessHealthSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateSettingsAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<SetHealthThresholdPayloadType>>("setHealthThreshold")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Sets a metric's target and warning band for one member, team or region, overriding the tenant's and any wider scope's.")
            .Argument<NonNullGraphType<SetHealthThresholdInputType>>("input")
            .ResolveAsync(async ctx => await SetThresholdAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RemoveHealthThresholdPayloadType>>("removeHealthThreshold")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Removes a member's, team's or region's threshold of a metric; the next wider scope's applies again.")
            .Argument<NonNullGraphType<RemoveHealthThresholdInputType>>("input")
            .ResolveAsync(async ctx => await RemoveThresholdAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<ProcessHealthSettings>> UpdateSettingsAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var settings = await db.ProcessHealthSettings.FirstOrDefaultAsync(ctx.CancellationToken)
            ?? db.ProcessHealthSettings.Add(new ProcessHealthSettings { TenantId = ctx.Actor().TenantId }).Entity;
        settings.AssignmentRateTarget = Number(input, "assignmentRateTarget", HealthLimits.Ratio, exclusiveZero: true) ?? settings.AssignmentRateTarget;
        settings.ResponseRateTarget = Number(input, "responseRateTarget", HealthLimits.Ratio, exclusiveZero: true) ?? settings.ResponseRateTarget;
        settings.FollowUpRateTarget = Number(input, "followUpRateTarget", HealthLimits.Ratio, exclusiveZero: true) ?? settings.FollowUpRateTarget;
        settings.TagCoverageTarget = Number(input, "tagCoverageTarget", HealthLimits.Ratio, exclusiveZero: true) ?? settings.TagCoverageTarget;
        settings.WarningBand = Number(input, "rateWarningBand", HealthLimits.Ratio, exclusiveZero: false) ?? settings.WarningBand;
        settings.StageDwellTargetDays = Number(input, "stageDwellTargetDays", HealthLimits.Days, exclusiveZero: true) ?? settings.StageDwellTargetDays;
        settings.StageDwellWarningDays = Number(input, "stageDwellWarningDays", HealthLimits.Days, exclusiveZero: false) ?? settings.StageDwellWarningDays;
        settings.VideoDemoTarget = Number(input, "videoDemoTarget", HealthLimits.PerRepPerWeek, exclusiveZero: true) ?? settings.VideoDemoTarget;
        settings.VideoDemoWarningBand = Number(input, "videoDemoWarningBand", HealthLimits.PerRepPerWeek, exclusiveZero: false) ?? settings.VideoDemoWarningBand;
        settings.FollowUpWindowDays = WholeNumber(input, "followUpWindowDays", 1, HealthLimits.MaxFollowUpWindowDays) ?? settings.FollowUpWindowDays;
        settings.LowestContributors = WholeNumber(input, "lowestContributors", 0, HealthLimits.MaxLowestContributors) ?? settings.LowestContributors;
        if (input.Has("requiredTagCodes"))
        {
            var codes = (input.List<string>("requiredTagCodes") ?? []).Select(ActivityTagRules.Normalize).Distinct().ToList();
            var usable = codes.Count == 0 ? [] : (await db.ActivityTags.AsNoTracking().Where(t => t.RetiredAt == null).Select(t => t.Code).ToListAsync(ctx.CancellationToken)).ToHashSet(StringComparer.Ordinal);
            input.Errors.AddRange(codes.Where(c => !usable.Contains(c)).Select(c => new UnknownCodeError(input.PathOf("requiredTagCodes"), c)));
            // An empty list, like null, goes back to the default: the tags that complete a follow-up step.
            settings.RequiredTagCodes = codes.Count == 0 ? null : codes;
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        settings.UpdatedAt = Now;
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(settings);
    }

    private async Task<MutationPayload<HealthThreshold>> SetThresholdAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var metric = input.Get<ProcessMetric>("metric");
        var scope = await ThresholdScopeAsync(db, input, ctx.CancellationToken);
        var limit = HealthLimits.Of(ProcessHealthDashboard.UnitOf(metric));
        var target = Number(input, "target", limit, exclusiveZero: true);
        var band = Number(input, "warningBand", limit, exclusiveZero: false);
        if (!input.IsValid || scope is null || target is null)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var threshold = await db.HealthThresholds.FirstOrDefaultAsync(t => t.Metric == metric && t.ScopeKind == scope.Kind && t.ScopeId == scope.Id, ctx.CancellationToken)
            ?? db.HealthThresholds.Add(new HealthThreshold { TenantId = ctx.Actor().TenantId, Metric = metric, ScopeKind = scope.Kind, ScopeId = scope.Id!.Value }).Entity;
        threshold.Target = target.Value;
        // Left out: the band this threshold already had, else the tenant's band for the metric.
        threshold.WarningBand = band ?? (db.Entry(threshold).State == EntityState.Added
            ? (await ProcessHealthDashboard.SettingsAsync(db, ctx.CancellationToken)).ThresholdOf(metric).WarningBand
            : threshold.WarningBand);
        threshold.UpdatedAt = Now;
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Someone set the same threshold at the same moment: theirs stands, ours is one try away.
            return MutationPayload.Failure(new InvalidStateError("This threshold was set by someone else at the same moment; read it and try again."));
        }

        return MutationPayload.Success(threshold);
    }

    private static async Task<MutationPayload<HealthThreshold>> RemoveThresholdAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var metric = input.Get<ProcessMetric>("metric");
        var scope = await ThresholdScopeAsync(db, input, ctx.CancellationToken);
        var threshold = scope is null ? null
            : await db.HealthThresholds.FirstOrDefaultAsync(t => t.Metric == metric && t.ScopeKind == scope.Kind && t.ScopeId == scope.Id, ctx.CancellationToken);
        if (threshold is null)
        {
            if (input.IsValid)
            {
                input.Invalid("scope", $"No {metric} threshold is set for this scope.");
            }

            return MutationPayload.Failure(input.Errors);
        }

        db.HealthThresholds.Remove(threshold);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(threshold);
    }

    /// <summary>The member, team or region an input names (exactly one); the tenant's own thresholds are its settings.</summary>
    private static async Task<HealthScope?> ThresholdScopeAsync(SalesDbContext db, InputFields input, CancellationToken cancellationToken)
    {
        var given = input.Get<Dictionary<string, object?>>("scope") ?? [];
        var scopeInput = new InputFields(given, input.PathOf("scope"));
        var named = new[] { ("memberId", HealthScopeKind.Member, "Member"), ("teamId", HealthScopeKind.Team, "Team"), ("regionId", HealthScopeKind.Region, "Region") }
            .Where(s => scopeInput.Get<string>(s.Item1) is not null).ToList();
        if (given.GetValueOrDefault("tenant") is true)
        {
            input.Invalid("scope", "The tenant's own thresholds are its settings: use updateProcessHealthSettings.");
            return null;
        }

        if (named.Count != 1)
        {
            input.Invalid("scope", "Give exactly one of memberId, teamId or regionId.");
            return null;
        }

        var (field, kind, type) = named[0];
        var id = scopeInput.Id(field, type);
        var exists = id is not null && kind switch
        {
            HealthScopeKind.Member => await db.Members.AnyAsync(m => m.Id == id, cancellationToken),
            HealthScopeKind.Team => await db.Teams.AnyAsync(t => t.Id == id, cancellationToken),
            _ => await db.Regions.AnyAsync(r => r.Id == id, cancellationToken),
        };
        if (!exists)
        {
            if (scopeInput.IsValid)
            {
                scopeInput.NotFound(field);
            }

            input.Errors.AddRange(scopeInput.Errors);
            return null;
        }

        return new HealthScope(kind, id);
    }

    /// <summary>A number within its unit's range; null when left out (or null), or when out of range (with an error).</summary>
    private static double? Number(InputFields input, string name, double max, bool exclusiveZero)
    {
        if (!input.Has(name) || input.Get<object>(name) is null)
        {
            return null;
        }

        var value = Convert.ToDouble(input.Get<object>(name), System.Globalization.CultureInfo.InvariantCulture);
        var tooLow = exclusiveZero ? value <= 0 : value < 0;
        if (tooLow || value > max || double.IsNaN(value))
        {
            input.Invalid(name, $"`{name}` must be {(exclusiveZero ? "above" : "at least")} 0 and at most {max}.");
            return null;
        }

        return value;
    }

    private static int? WholeNumber(InputFields input, string name, int min, int max)
    {
        if (input.Get<int?>(name) is not { } value)
        {
            return null;
        }

        if (value < min || value > max)
        {
            input.Invalid(name, $"`{name}` must be between {min} and {max}.");
            return null;
        }

        return value;
    }
}
