using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.ProcessHealth;

/// <summary>Reading and tuning how process health is judged: the tenant's settings and the per-scope thresholds.</summary>
public sealed class HealthThresholdFields(TimeProvider clock) : IQueryFields, IMutationFields
{
    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ProcessHealthSettingsType>>("processHealthSettings")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's targets, warning bands and metric definitions (the defaults when never tuned).")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await ProcessHealthDashboard.SettingsAsync(db, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionType<HealthThresholdType>>>("healthThresholds")
            .Authorize(Scopes.SalesRead)
            .Description("Thresholds set for single members, teams or regions, oldest first.")
            .Argument<ProcessMetricType>("metric", "Only this metric's.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var thresholds = db.HealthThresholds.AsNoTracking();
                if (ctx.GetArgument<ProcessMetric?>("metric") is { } metric)
                {
                    thresholds = thresholds.Where(t => t.Metric == metric);
                }

                var connection = await thresholds.ToConnectionAsync(SortOrder<HealthThreshold>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
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

/// <summary>The widest a target or band may be, per unit: a share is at most 1, a dwell at most a year.</summary>
public static class HealthLimits
{
    public const double Ratio = 1;
    public const double Days = 365;
    public const double PerRepPerWeek = 50;
    public const int MaxFollowUpWindowDays = 30;
    public const int MaxLowestContributors = 20;

    public static double Of(MetricUnit unit) => unit switch
    {
        MetricUnit.Days => Days,
        MetricUnit.PerRepPerWeek => PerRepPerWeek,
        _ => Ratio,
    };
}

public sealed class ProcessHealthSettingsType : ObjectGraphType<ProcessHealthSettings>
{
    public ProcessHealthSettingsType()
    {
        Name = "ProcessHealthSettings";
        Description = "How the tenant judges its process. Rates are shares from 0 to 1.";
        Field(s => s.AssignmentRateTarget).Description("30分钟分配率 target.");
        Field(s => s.ResponseRateTarget).Description("线索响应率 target.");
        Field(s => s.FollowUpRateTarget).Description("3日跟进完成率 target.");
        Field(s => s.TagCoverageTarget).Description("跟进标签覆盖率 target.");
        Field<NonNullGraphType<FloatGraphType>>("rateWarningBand").Description("How far below its target a rate may fall and only warn.").Resolve(ctx => ctx.Source.WarningBand);
        Field(s => s.FollowUpWindowDays).Description("Calendar days a new lead or opportunity has for its first follow-up.");
        Field(s => s.StageDwellTargetDays).Description("商机阶段停留时长 target: the median days in a stage at most.");
        Field(s => s.StageDwellWarningDays).Description("Days above the dwell target that only warn.");
        Field(s => s.VideoDemoTarget).Description("视频演示频次 target: video demos per active rep per week.");
        Field(s => s.VideoDemoWarningBand).Description("Demos per rep per week below the target that only warn.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("requiredTagCodes")
            .Description("Tags any of which makes a follow-up count for 跟进标签覆盖率; null means the tags that complete a follow-up step.")
            .Resolve(ctx => ctx.Source.RequiredTagCodes);
        Field(s => s.LowestContributors).Description("How many lowest contributors the dashboard names per metric.");
    }
}

public sealed class HealthThresholdType : ObjectGraphType<HealthThreshold>
{
    public HealthThresholdType()
    {
        Name = "HealthThreshold";
        Description = "A metric's target and warning band for one member, team or region.";
        Field<NonNullGraphType<ProcessMetricType>>("metric").Resolve(ctx => ctx.Source.Metric);
        Field<NonNullGraphType<HealthScopeKindType>>("scopeKind").Resolve(ctx => ctx.Source.ScopeKind);
        Field<MemberType>("member")
            .Resolve(ctx => ctx.Source.ScopeKind == HealthScopeKind.Member ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.ScopeId) : null);
        Field<TeamType>("team")
            .Resolve(ctx => ctx.Source.ScopeKind == HealthScopeKind.Team ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(ctx.Source.ScopeId) : null);
        Field<RegionType>("region")
            .Resolve(ctx => ctx.Source.ScopeKind == HealthScopeKind.Region ? ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(ctx.Source.ScopeId) : null);
        Field(t => t.Target).Description("In the metric's unit.");
        Field(t => t.WarningBand).Description("How far worse than the target the metric may be and only warn.");
        Field(t => t.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class UpdateProcessHealthSettingsInputType : InputObjectGraphType
{
    public UpdateProcessHealthSettingsInputType()
    {
        Name = "UpdateProcessHealthSettingsInput";
        Description = "Fields left out (or null) keep their values. Rates and their band are shares from 0 to 1.";
        Field<FloatGraphType>("assignmentRateTarget");
        Field<FloatGraphType>("responseRateTarget");
        Field<FloatGraphType>("followUpRateTarget");
        Field<FloatGraphType>("tagCoverageTarget");
        Field<FloatGraphType>("rateWarningBand");
        Field<IntGraphType>("followUpWindowDays").Description($"1 to {HealthLimits.MaxFollowUpWindowDays} calendar days.");
        Field<FloatGraphType>("stageDwellTargetDays").Description($"Above 0, at most {HealthLimits.Days}.");
        Field<FloatGraphType>("stageDwellWarningDays");
        Field<FloatGraphType>("videoDemoTarget").Description($"Demos per rep per week, above 0, at most {HealthLimits.PerRepPerWeek}.");
        Field<FloatGraphType>("videoDemoWarningBand");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("requiredTagCodes")
            .Description("Active catalog tag codes; null or an empty list goes back to the tags that complete a follow-up step.");
        Field<IntGraphType>("lowestContributors").Description($"0 to {HealthLimits.MaxLowestContributors}.");
    }
}

public sealed class SetHealthThresholdInputType : InputObjectGraphType
{
    public SetHealthThresholdInputType()
    {
        Name = "SetHealthThresholdInput";
        Field<NonNullGraphType<ProcessMetricType>>("metric");
        Field<NonNullGraphType<ProcessHealthScopeInputType>>("scope").Description("A member, a team or a region.");
        Field<NonNullGraphType<FloatGraphType>>("target").Description("In the metric's unit: a share up to 1, days up to 365, demos per rep per week up to 50.");
        Field<FloatGraphType>("warningBand").Description("Left out: the threshold's current band, or the tenant's band for the metric.");
    }
}

public sealed class RemoveHealthThresholdInputType : InputObjectGraphType
{
    public RemoveHealthThresholdInputType()
    {
        Name = "RemoveHealthThresholdInput";
        Field<NonNullGraphType<ProcessMetricType>>("metric");
        Field<NonNullGraphType<ProcessHealthScopeInputType>>("scope").Description("A member, a team or a region.");
    }
}

public sealed class UpdateProcessHealthSettingsErrorType() : MutationErrorUnion("updateProcessHealthSettings", typeof(ValidationErrorType), typeof(UnknownCodeErrorType));

public sealed class SetHealthThresholdErrorType() : MutationErrorUnion("setHealthThreshold", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class RemoveHealthThresholdErrorType() : MutationErrorUnion("removeHealthThreshold", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class UpdateProcessHealthSettingsPayloadType() : PayloadType<ProcessHealthSettingsType, ProcessHealthSettings, UpdateProcessHealthSettingsErrorType>("updateProcessHealthSettings", "settings");

public sealed class SetHealthThresholdPayloadType() : PayloadType<HealthThresholdType, HealthThreshold, SetHealthThresholdErrorType>("setHealthThreshold", "threshold");

public sealed class RemoveHealthThresholdPayloadType() : PayloadType<HealthThresholdType, HealthThreshold, RemoveHealthThresholdErrorType>("removeHealthThreshold", "threshold");
