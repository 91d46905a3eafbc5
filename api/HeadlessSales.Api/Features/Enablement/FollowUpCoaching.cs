using GraphQL.Types;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// Coaching for a follow-up as logged: from its summary and the rep's notes, and, on an opportunity, from the
/// opportunity's own risks. Read with the caller's permissions; a follow-up the caller cannot see gets none.
/// </summary>
public sealed class FollowUpCoach(Coach coach, ContributionLedger ledger)
{
    public async Task<CoachAdvice?> AdviseAsync(SalesDbContext db, Actor actor, long activityId, bool recordUse, CancellationToken cancellationToken)
    {
        var activity = await db.Activities.AsNoTracking().Where(a => a.Id == activityId)
            .Select(a => new { a.Summary, a.Notes, a.SubjectKind, a.SubjectId }).FirstOrDefaultAsync(cancellationToken);
        if (activity is null)
        {
            return null;
        }

        long? opportunityId = activity.SubjectKind == ActivitySubjectKind.Opportunity ? activity.SubjectId : null;
        var text = activity.Notes is { Length: > 0 } notes ? $"{activity.Summary}\n{notes}" : activity.Summary;
        var advice = await coach.AdviseAsync(db, actor, text[..Math.Min(text.Length, Coach.SummaryMaxLength)], opportunityId, cancellationToken);
        if (recordUse && opportunityId is { } coachedOn)
        {
            await ledger.RecordCoachingAsync(db, actor, coachedOn, [.. advice.Cases.Select(c => c.Case.Id)], cancellationToken);
        }

        return advice;
    }
}

/// <summary><c>LogActivityPayload.coaching</c>: the coaching arrives with the logged follow-up.</summary>
public sealed class FollowUpCoachingFields(FollowUpCoach coaching) : ITypeFields<LogActivityPayloadType>
{
    public void AddTo(LogActivityPayloadType type) =>
        type.Field<CoachAdviceType>("coaching")
            .Description("Coaching for the follow-up's summary and notes from the tenant's approved cases (and, on an opportunity, its stalled stage or missing decision-maker); null when the mutation failed.")
            .ResolveAsync(async ctx =>
            {
                if (ctx.Source.Value is not Activity activity)
                {
                    return null;
                }

                await using var db = ctx.Database();
                // Noted as the coach(opportunityId:) call notes it: the cases used on this deal pay their authors when it is won.
                return await coaching.AdviseAsync(db, ctx.Actor(), activity.Id, recordUse: true, ctx.CancellationToken);
            });
}

/// <summary>The coaching of each follow-up the caller (a member) logs or has logged for them, live.</summary>
public sealed class FollowUpCoachingSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<FollowUpCoachedEventType>>("onFollowUpCoached")
            .Authorize(Scopes.SalesRead)
            .Description("The coaching of each follow-up logged as the caller's own, as it is logged (the same as logActivity's payload carries). An integration, being no member, hears none.")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                return events.Observe<FollowUpLogged>(e => e.TenantId == actor.TenantId && actor.MemberId is { } self && e.MemberId == self);
            });
}

public sealed class FollowUpCoachedEventType : ObjectGraphType<FollowUpLogged>
{
    public FollowUpCoachedEventType()
    {
        Name = "FollowUpCoachedEvent";
        Description = "A follow-up of the subscriber's was logged: its coaching, computed with the subscriber's permissions when delivered.";
        Field<NonNullGraphType<IdGraphType>>("activityId").Resolve(ctx => GlobalId.Encode("Activity", ctx.Source.ActivityId));
        Field<ActivityType>("activity").Resolve(ctx => ctx.DataLoader<ActivityByIdDataLoader>().LoadAsync(ctx.Source.ActivityId));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field<CoachAdviceType>("coaching")
            .Description("Null when the follow-up is no longer in the subscriber's view.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                // The payload already noted the cases' use on the deal; delivery only reads.
                return await ctx.RequestServices!.GetRequiredService<FollowUpCoach>().AdviseAsync(db, ctx.Actor(), ctx.Source.ActivityId, recordUse: false, ctx.CancellationToken);
            });
    }
}
