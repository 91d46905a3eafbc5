using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>Leads assigned and escalations raised, as they happen.</summary>
public sealed class LeadsSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<LeadAssignedEventType>>("onLeadAssigned")
            .Authorize(Scopes.SalesRead)
            .Description("Leads assigned to the caller (a member), or to `ownerId` among the members the caller sees.")
            .Argument<IdGraphType>("ownerId")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                var ownerId = ctx.GetArgument<string?>("ownerId") is { } id
                    ? GlobalId.TryDecode(id, "Member") ?? throw new ExecutionError($"'{id}' is not a valid Member id.") { Code = "INVALID_ID" }
                    : actor.MemberId;
                return events.Observe<LeadAssigned>(e => e.TenantId == actor.TenantId
                    && (ownerId is null || e.OwnerId == ownerId)
                    && actor.SeesOwner(e.OwnerId));
            });

        subscription.Field<NonNullGraphType<EscalationRaisedEventType>>("onEscalationRaised")
            .Authorize(Scopes.SalesRead)
            .Description("Escalations in a team or a region the caller sees, or all the caller sees when neither is given.")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("regionId")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                var teamId = Decode(ctx.GetArgument<string?>("teamId"), "Team");
                var regionId = Decode(ctx.GetArgument<string?>("regionId"), "Region");
                return events.Observe<EscalationRaised>(e => EscalationVisibility.Sees(actor, e)
                    && (teamId is null || e.TeamId == teamId)
                    && (regionId is null || e.RegionId == regionId));
            });
    }

    private static long? Decode(string? id, string type) =>
        id is null ? null : GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };
}
