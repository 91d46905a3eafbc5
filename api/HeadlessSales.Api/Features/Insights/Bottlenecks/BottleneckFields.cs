using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Bottlenecks;

public sealed class BottleneckQueries(ISalesDbContextPool pool, TimeProvider clock) : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StageBottleneckType>>>>("stageBottlenecks")
            .Authorize(Scopes.SalesRead)
            .Description($"Opportunities the caller sees that have stayed in one stage (not their pipeline's last) longer than the threshold, longest first, at most "
                + $"{StageBottleneckAnalysis.MaxBottlenecks}; for each, the reps who moved similar opportunities past that stage fastest.")
            .Argument<StageBottleneckFilterType>("where")
            .Argument<IntGraphType>("first", arg => arg.DefaultValue = 20)
            .ResolveAsync(async ctx =>
            {
                var filter = new FilterArguments(ctx);
                var threshold = filter.Get<int?>("thresholdDays") ?? StageBottleneckAnalysis.DefaultThresholdDays;
                if (threshold is < 1 or > 365)
                {
                    throw new ExecutionError("thresholdDays is 1 to 365.") { Code = "VALIDATION_FAILED" };
                }

                var first = Math.Clamp(ctx.GetArgument("first", 20), 0, StageBottleneckAnalysis.MaxBottlenecks);
                await using var db = ctx.Database();
                await using var tenant = pool.Rent(ctx.TenantId());
                return await StageBottleneckAnalysis.FindAsync(db, tenant, clock.GetUtcNow().UtcDateTime, threshold, filter.Ids("stageIds", "PipelineStage"), first, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<HelpOutcomeSummaryType>>("bottleneckHelpOutcome")
            .Authorize(Scopes.SalesRead)
            .Description("Breakthrough time before and after help, over the help marked in the period on opportunities the caller sees.")
            .Argument<NonNullGraphType<PeriodInputType>>("period")
            .ResolveAsync(async ctx =>
            {
                var period = ctx.GetArgument<Dictionary<string, object?>>("period")!;
                var (from, to) = (((DateTime)period["from"]!).ToUniversalTime(), ((DateTime)period["to"]!).ToUniversalTime());
                await using var db = ctx.Database();
                await using var tenant = pool.Rent(ctx.TenantId());
                return await StageBottleneckAnalysis.SummarizeAsync(db, tenant, from, to, ctx.CancellationToken);
            });
    }
}

public sealed class BottleneckMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MarkBottleneckHelpPayloadType>>("markBottleneckHelp")
            .Authorize(Scopes.SalesWrite)
            .Description("Marks that a helper was brought in on the opportunity's current stay in its stage: the time before and after is measured from here.")
            .Argument<NonNullGraphType<MarkBottleneckHelpInputType>>("input")
            .ResolveAsync(async ctx => await MarkAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<HelpOutcome>> MarkAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var id = input.Id("opportunityId", "Opportunity");
        var opportunity = id is null ? null : await db.Opportunities.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (opportunity is null)
        {
            return input.NotFoundPayload("opportunityId");
        }

        var helperId = input.Id("helperId", "Member");
        if (helperId is null || !await db.Members.AnyAsync(m => m.Id == helperId && m.Active, ct))
        {
            return input.NotFoundPayload("helperId");
        }

        var stay = await db.OpportunityStageEntries.AsNoTracking()
            .Where(e => e.OpportunityId == opportunity.Id && e.StageId == opportunity.StageId && e.LeftAt == null)
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        if (stay is null)
        {
            return MutationPayload.Failure(new InvalidStateError("The opportunity's stay in its stage has no history to measure."));
        }

        var actor = ctx.Actor();
        var now = clock.GetUtcNow().UtcDateTime;
        var help = new BottleneckHelp
        {
            TenantId = opportunity.TenantId,
            OpportunityId = opportunity.Id,
            StageEntryId = stay.Id,
            StageId = stay.StageId,
            OwnerId = opportunity.OwnerId,
            HelperId = helperId.Value,
            MarkedById = actor.Kind == ActorKind.Member ? actor.MemberId : null,
            MarkedAt = now,
        };
        db.BottleneckHelps.Add(help);
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(new HelpOutcome(help, (now - stay.EnteredAt).TotalDays, null));
    }
}

public static class BottlenecksModule
{
    public static IServiceCollection AddStageBottlenecks(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, BottleneckQueries>();
        services.AddSingleton<IMutationFields, BottleneckMutations>();
        return services;
    }
}
