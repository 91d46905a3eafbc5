using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

/// <summary>Health alerts as they are raised and resolved, to those who may see them.</summary>
public sealed class HealthAlertsSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<HealthAlertEventType>>("onHealthAlertRaised")
            .Authorize(Scopes.SalesRead)
            .Description("Health alerts as they are raised, in the scopes the caller may see; narrowed to a team or a region (and what is in it) when given.")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("regionId")
            .ResolveStreamAsync(async ctx => await StreamAsync(ctx, raisedOnly: true));

        subscription.Field<NonNullGraphType<HealthAlertEventType>>("onHealthAlertChanged")
            .Authorize(Scopes.SalesRead)
            .Description("Health alerts as they are raised and resolved (see `change`), in the scopes the caller may see.")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("regionId")
            .ResolveStreamAsync(async ctx => await StreamAsync(ctx, raisedOnly: false));
    }

    private async Task<IObservable<HealthAlertChanged>> StreamAsync(IResolveFieldContext ctx, bool raisedOnly)
    {
        var teamId = Decode(ctx.GetArgument<string?>("teamId"), "Team");
        var regionId = Decode(ctx.GetArgument<string?>("regionId"), "Region");
        HealthAlertViewer viewer;
        await using (var db = ctx.Database())
        {
            viewer = await HealthAlertViewer.ForAsync(db, ctx.Actor(), ctx.CancellationToken);
        }

        return events.Observe<HealthAlertChanged>(e => (!raisedOnly || e.Change == HealthAlertChange.Raised)
            && viewer.Sees(e)
            && (teamId is null || e.TeamId == teamId)
            && (regionId is null || e.RegionId == regionId));
    }

    private static long? Decode(string? id, string type) =>
        id is null ? null : GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };
}
