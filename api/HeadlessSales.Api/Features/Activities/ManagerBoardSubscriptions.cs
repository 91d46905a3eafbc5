using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>The live feed of a team's follow-ups, for those who may open its board.</summary>
public sealed class ManagerBoardSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<FollowUpLoggedEventType>>("onFollowUpLogged")
            .Authorize(Scopes.SalesRead, BoardAccess.Viewers)
            .Description("Follow-ups as they are logged by the members of a team, for those who may open its board.")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .ResolveStreamAsync(async ctx =>
            {
                var actor = ctx.Actor();
                var id = ctx.GetArgument<string>("teamId");
                await using var db = ctx.Database();
                var team = GlobalId.TryDecode(id, "Team") is { } teamId ? await BoardAccess.FindAsync(db, actor, teamId, ctx.CancellationToken) : null;
                if (team is null)
                {
                    // Another tenant's team and one outside the caller's view read exactly like one that never existed.
                    throw new ExecutionError($"No team with id '{id}' was found.") { Code = "NOT_FOUND" };
                }

                return events.Observe<FollowUpLogged>(e => e.TenantId == actor.TenantId && e.TeamId == team.Id);
            });
    }
}
