using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>Signing reminders, weekly to-sign lists and month-end spike alerts, as they are made.</summary>
public sealed class RhythmSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<SigningReminderRaisedEventType>>("onSigningReminderRaised")
            .Authorize(Scopes.SalesRead)
            .Description("Signing reminders of the caller (a member), or of `memberId` among the members the caller sees.")
            .Argument<IdGraphType>("memberId")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                var memberId = RhythmQueries.Decode(ctx.GetArgument<string?>("memberId"), "Member") ?? actor.MemberId;
                return events.Observe<SigningReminderRaised>(e => e.TenantId == actor.TenantId && (memberId is null || e.MemberId == memberId) && actor.SeesOwner(e.MemberId));
            });

        subscription.Field<NonNullGraphType<ToSignListReadyEventType>>("onToSignListReady")
            .Authorize(Scopes.SalesRead)
            .Description("The weekly to-sign list of the caller (a member), or of `memberId` among the members the caller sees, when the weekly job delivers it.")
            .Argument<IdGraphType>("memberId")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                var memberId = RhythmQueries.Decode(ctx.GetArgument<string?>("memberId"), "Member") ?? actor.MemberId;
                return events.Observe<ToSignListReady>(e => e.TenantId == actor.TenantId && (memberId is null || e.MemberId == memberId) && actor.SeesOwner(e.MemberId));
            });

        subscription.Field<NonNullGraphType<MonthEndSpikeAlertType>>("onMonthEndSpikeAlert")
            .Authorize(Scopes.SalesRead)
            .Description("Month-end spike alerts as the daily judge raises them, in the scopes the caller sees (tenant-wide: sales ops, admins, integrations).")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                return events.Observe<MonthEndSpikeAlertRaised>(e => e.TenantId == actor.TenantId && actor.VisibleOwnerIds is null);
            });
    }
}
