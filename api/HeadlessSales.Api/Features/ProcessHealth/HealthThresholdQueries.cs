using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth;

/// <summary>How process health is judged: the tenant's settings and the per-scope thresholds.</summary>
public sealed class HealthThresholdQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ProcessHealthSettingsType>>("processHealthSettings")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's targets, warning bands and metric definitions (the defaults when never tuned).")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await ProcessHealthDashboard.SettingsAsync(db, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionType<HealthThresholdType>>>("healthThresholds")
            .Authorize(Scopes.SalesRead)
            .Description("Thresholds set for single members, teams or regions, oldest first.")
            .Argument<ProcessMetricType>("metric", "Only this metric's.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var thresholds = db.HealthThresholds.AsNoTracking();
                if (ctx.GetArgument<ProcessMetric?>("metric") is { } metric)
                {
                    thresholds = thresholds.Where(t => t.Metric == metric);
                }

                var connection = await thresholds.ToConnectionAsync(SortOrder<HealthThreshold>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}
