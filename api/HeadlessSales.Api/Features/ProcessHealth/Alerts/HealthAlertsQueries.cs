using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

public enum HealthAlertOrderField
{
    RaisedAt,
}

public sealed class HealthAlertOrderFieldType : EnumerationGraphType<HealthAlertOrderField>
{
    public HealthAlertOrderFieldType() => Name = "HealthAlertOrderField";
}

public sealed class HealthAlertOrderType() : OrderInputType<HealthAlertOrderFieldType>("HealthAlertOrder", "How health alerts are ordered; newest first when not given.");

public sealed class HealthAlertFilterType : InputObjectGraphType
{
    public HealthAlertFilterType()
    {
        Name = "HealthAlertFilter";
        Field<BooleanGraphType>("open").Description("True: only open alerts; false: only resolved ones.");
        Field<ListGraphType<NonNullGraphType<ProcessMetricType>>>("metrics");
        Field<ListGraphType<NonNullGraphType<HealthScopeKindType>>>("scopeKinds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds").Description("Alerts of these members' MEMBER scopes.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("teamIds").Description("Alerts of these teams and of their members.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("regionIds").Description("Alerts of these regions and of everything in them.");
    }
}

/// <summary>Health alerts, open and resolved, through the API.</summary>
public sealed class HealthAlertsQueries : IQueryFields
{
    private static readonly Dictionary<HealthAlertOrderField, Func<bool, SortOrder<HealthAlert>>> Orders = new()
    {
        [HealthAlertOrderField.RaisedAt] = desc => SortOrder<HealthAlert>.By("raisedAt", a => a.RaisedAt, desc),
    };

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<HealthAlertType>>>("healthAlerts")
            .Authorize(Scopes.SalesRead)
            .Description("Health alerts, open and resolved, of the scopes the caller may see.")
            .PagingArguments()
            .Argument<HealthAlertFilterType>("where")
            .Argument<HealthAlertOrderType>("order")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var viewer = await HealthAlertViewer.ForAsync(db, ctx.Actor(), ctx.CancellationToken);
                var alerts = viewer.Visible(db.HealthAlerts.AsNoTracking());
                var filter = new FilterArguments(ctx);
                if (filter.Get<bool?>("open") is { } open)
                {
                    alerts = open ? alerts.Where(a => a.ResolvedAt == null) : alerts.Where(a => a.ResolvedAt != null);
                }

                if (filter.List<ProcessMetric>("metrics") is { } metrics)
                {
                    alerts = alerts.Where(a => metrics.Contains(a.Metric));
                }

                if (filter.List<HealthScopeKind>("scopeKinds") is { } kinds)
                {
                    alerts = alerts.Where(a => kinds.Contains(a.ScopeKind));
                }

                if (filter.Ids("memberIds", "Member") is { } memberIds)
                {
                    alerts = alerts.Where(a => a.ScopeKind == HealthScopeKind.Member && memberIds.Contains(a.ScopeId));
                }

                if (filter.Ids("teamIds", "Team") is { } teamIds)
                {
                    alerts = alerts.Where(a => a.TeamId != null && teamIds.Contains(a.TeamId.Value));
                }

                if (filter.Ids("regionIds", "Region") is { } regionIds)
                {
                    alerts = alerts.Where(a => a.RegionId != null && regionIds.Contains(a.RegionId.Value));
                }

                var order = ctx.GetArgument<Dictionary<string, object?>?>("order") is null ? Orders[HealthAlertOrderField.RaisedAt](true) : ctx.GetOrder(Orders);
                var connection = await alerts.ToConnectionAsync(order, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}
