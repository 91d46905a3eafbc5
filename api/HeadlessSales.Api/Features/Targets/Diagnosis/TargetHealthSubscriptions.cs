using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

/// <summary>Target-health findings as they are raised and resolved, to the rep's manager chain and whoever else sees the rep's records.</summary>
public sealed class TargetHealthSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<TargetHealthAlertEventType>>("onTargetHealthAlert")
            .Authorize(Scopes.SalesRead)
            .Description("Target-health findings as they are raised and resolved (see `change`), about reps whose records the caller sees: "
                + "their team lead, region manager and sales ops. Narrowed to a team or a rep when given.")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("memberId")
            .ResolveStream(ctx =>
            {
                var teamId = Decode(ctx.GetArgument<string?>("teamId"), "Team");
                var memberId = Decode(ctx.GetArgument<string?>("memberId"), "Member");
                var actor = ctx.Actor();
                return events.Observe<TargetHealthAlerted>(e => e.TenantId == actor.TenantId && actor.SeesOwner(e.MemberId)
                    && (teamId is null || e.TeamId == teamId) && (memberId is null || e.MemberId == memberId));
            });
    }

    private static long? Decode(string? id, string type) =>
        id is null ? null : GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };
}
