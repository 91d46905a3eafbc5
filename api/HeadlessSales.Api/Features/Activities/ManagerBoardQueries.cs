using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>A team's manager board through the API.</summary>
public sealed class ManagerBoardQueries(TimeProvider clock) : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<ManagerBoardType>("managerBoard")
            .Authorize(Scopes.SalesRead, BoardAccess.Viewers)
            .Description("A team's recent follow-ups and overdue steps, for its team lead, its region manager, sales ops and admins; null for a team the caller may not see.")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .ResolveAsync(async ctx =>
            {
                if (GlobalId.TryDecode(ctx.GetArgument<string>("teamId"), "Team") is not { } teamId)
                {
                    return null;
                }

                await using var db = ctx.Database();
                var team = await BoardAccess.FindAsync(db, ctx.Actor(), teamId, ctx.CancellationToken);
                return team is null ? null : new ManagerBoard(team, clock.GetUtcNow().UtcDateTime);
            });
    }
}
