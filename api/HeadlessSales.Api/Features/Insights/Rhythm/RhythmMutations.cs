using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>Defining decision signals, recording one by API, and the tenant's rhythm settings.</summary>
public sealed partial class RhythmMutations(TimeProvider clock) : IMutationFields
{
    public const int DefaultWeight = 30;

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DefineDecisionSignalPayloadType>>("defineDecisionSignal")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a kind of decision signal: from a document kind uploaded on an opportunity, a stage reached, a follow-up tag, or the API only. "
                + "From then on each first occurrence on an opportunity marks it ready to sign and reminds its owner.")
            .Argument<NonNullGraphType<DefineDecisionSignalInputType>>("input")
            .ResolveAsync(async ctx => await DefineAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RecordDecisionSignalPayloadType>>("recordDecisionSignal")
            .Authorize(Scopes.SalesWrite)
            .Description("Records a decision signal on an opportunity the caller sees (e.g. a sample test passed, reported by an integration); its owner is reminded. "
                + "A signal already on the opportunity is a DUPLICATE.")
            .Argument<NonNullGraphType<RecordDecisionSignalInputType>>("input")
            .ResolveAsync(async ctx => await RecordAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateRhythmSettingsPayloadType>>("updateRhythmSettings")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Changes the signing rhythm: the to-sign lists' weekday and hour (the pending weekly run moves), the rhythm bonus, the spike alert's share.")
            .Argument<NonNullGraphType<RhythmSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateSettingsAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$")]
    private static partial Regex CodePattern();

    private async Task<MutationPayload<DecisionSignalDefinition>> DefineAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        var code = input.RequiredText("code", 64);
        if (code is not null && !CodePattern().IsMatch(code))
        {
            input.Invalid("code", "`code` is upper-case letters, digits and underscores, e.g. TECH_PROPOSAL_SIGNED.");
        }

        var name = input.RequiredText("name", 200);
        var source = input.Get<DecisionSignalSource>("source");
        var sourceCode = input.OptionalText("sourceCode", 64);
        var weight = input.Get<int?>("weight") ?? DefaultWeight;
        if (weight is < 1 or > 100)
        {
            input.Invalid("weight", "`weight` must be from 1 to 100.");
        }

        await using var db = ctx.Database();
        if (source == DecisionSignalSource.Api)
        {
            sourceCode = null;
        }
        else if (sourceCode is null)
        {
            input.Invalid("sourceCode", "A DOCUMENT, STAGE or TAG signal names the document kind, stage or tag it is read from.");
        }
        else if (!await SourceExistsAsync(db, source, sourceCode, ct))
        {
            input.Invalid("sourceCode", $"The tenant has no {source.ToString().ToLowerInvariant()} with the code {sourceCode}.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var definition = new DecisionSignalDefinition
        {
            TenantId = ctx.TenantId(), Code = code!, Name = name!, Source = source, SourceCode = sourceCode, Weight = weight, CreatedAt = Now,
        };
        db.DecisionSignalDefinitions.Add(definition);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(new DuplicateError(input.PathOf("code"), code!, "The tenant already has a decision signal with this code."));
        }

        return MutationPayload.Success(definition);
    }

    private static Task<bool> SourceExistsAsync(SalesDbContext db, DecisionSignalSource source, string code, CancellationToken ct) => source switch
    {
        DecisionSignalSource.Document => db.DocumentKinds.AnyAsync(k => k.Code == code, ct),
        DecisionSignalSource.Stage => db.PipelineStages.AnyAsync(s => s.Code == code, ct),
        _ => db.ActivityTags.AnyAsync(t => t.Code == code, ct),
    };

    private async Task<MutationPayload<DecisionSignal>> RecordAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        var code = input.RequiredText("code", 64);
        var occurredAt = input.Get<DateTime?>("occurredAt")?.ToUniversalTime() ?? Now;
        if (occurredAt > Now)
        {
            input.Invalid("occurredAt", "`occurredAt` cannot be in the future.");
        }

        await using var db = ctx.Database();
        var opportunityId = input.Id("opportunityId", "Opportunity");
        var opportunity = opportunityId is null ? null : await db.Opportunities.AsNoTracking().FirstOrDefaultAsync(o => o.Id == opportunityId, ct);
        if (opportunity is null)
        {
            return input.NotFoundPayload("opportunityId");
        }

        var definition = code is null ? null : await db.DecisionSignalDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, ct);
        if (definition is null && code is not null)
        {
            input.Invalid("code", $"The tenant defines no decision signal {code}.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (await db.DecisionSignals.AnyAsync(s => s.OpportunityId == opportunity.Id && s.DefinitionId == definition!.Id, ct))
        {
            return MutationPayload.Failure(new DuplicateError(input.PathOf("code"), code!, "The opportunity already has this decision signal."));
        }

        // The reminder and its announcement come with the save (RhythmRecorder), as for signals read off documents, stages and tags.
        var signal = DecisionSignal.Of(definition!, opportunity.Id, opportunity.OwnerId, occurredAt);
        db.DecisionSignals.Add(signal);
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(signal);
    }

    private async Task<MutationPayload<RhythmSettings>> UpdateSettingsAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        for (var attempt = 1; ; attempt++)
        {
            var settings = await db.RhythmSettings.FirstOrDefaultAsync(ct);
            var current = settings ?? new RhythmSettings { TenantId = ctx.TenantId() };
            var weekday = input.Get<DayOfWeek?>("toSignListWeekday") ?? current.ToSignListWeekday;
            var hour = input.Get<int?>("toSignListHour") ?? current.ToSignListHour;
            var rate = input.Get<decimal?>("bonusRate") ?? current.BonusRate;
            var fromDay = input.Get<int?>("bonusFromDay") ?? current.BonusFromDay;
            var toDay = input.Get<int?>("bonusToDay") ?? current.BonusToDay;
            var spike = input.Get<double?>("spikeShare") ?? current.SpikeShare;
            if (hour is < 0 or > 23)
            {
                input.Invalid("toSignListHour", "`toSignListHour` must be from 0 to 23.");
            }

            if (rate is < 0 or > 0.2m)
            {
                input.Invalid("bonusRate", "`bonusRate` must be from 0 to 0.2.");
            }

            if (fromDay is < 1 or > 31)
            {
                input.Invalid("bonusFromDay", "`bonusFromDay` must be from 1 to 31.");
            }

            if (toDay < fromDay || toDay > 31)
            {
                input.Invalid("bonusToDay", "`bonusToDay` must be from bonusFromDay to 31.");
            }

            if (spike is <= 0 or > 1)
            {
                input.Invalid("spikeShare", "`spikeShare` must be above 0 and at most 1.");
            }

            if (!input.IsValid)
            {
                return MutationPayload.Failure(input.Errors);
            }

            if (settings is null)
            {
                settings = current;
                db.RhythmSettings.Add(settings);
            }

            var moved = settings.ToSignListWeekday != weekday || settings.ToSignListHour != hour;
            (settings.ToSignListWeekday, settings.ToSignListHour, settings.BonusRate, settings.BonusFromDay, settings.BonusToDay, settings.SpikeShare) =
                (weekday, hour, rate, fromDay, toDay, spike);
            settings.UpdatedAt = Now;
            if (moved && await db.ScheduledTimers.Where(t => t.Kind == WeeklyToSignJob.Kind && t.FiredAt == null && t.ClaimToken == null).ToListAsync(ct) is { Count: > 0 } pending)
            {
                // The pending weekly run moves to the new weekday and hour, in the same save.
                var zone = await MonthlyAttributionJob.ZoneAsync(db, ctx.TenantId(), ct);
                db.ScheduledTimers.RemoveRange(pending);
                db.ScheduledTimers.Add(WeeklyToSignJob.Next(ctx.TenantId(), WeeklyToSignJob.NextDue(Now, zone, settings)));
            }

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
