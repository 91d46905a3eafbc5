using GraphQL.Types;
using GraphQL;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Identity;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>Stored attribution reports and the tenant's attribution settings.</summary>
public sealed class InsightsQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<AttributionReportType>>>("attributionReports")
            .Authorize(Scopes.SalesRead)
            .Description("Stored process-attribution reports of the scopes the caller wholly sees, newest first.")
            .PagingArguments()
            .Argument<AttributionReportFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var reports = AttributionVisibility.Visible(db).AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<AttributionScopeKind>("scopeKinds") is { } kinds)
                {
                    reports = reports.Where(r => kinds.Contains(r.ScopeKind));
                }

                if (filter.Ids("teamIds", "Team") is { } teamIds)
                {
                    reports = reports.Where(r => r.ScopeKind == AttributionScopeKind.Team && teamIds.Contains(r.ScopeId!.Value));
                }

                if (filter.Ids("regionIds", "Region") is { } regionIds)
                {
                    reports = reports.Where(r => r.ScopeKind == AttributionScopeKind.Region && regionIds.Contains(r.ScopeId!.Value));
                }

                if (filter.List<AttributionTrigger>("triggers") is { } triggers)
                {
                    reports = reports.Where(r => triggers.Contains(r.Trigger));
                }

                var connection = await reports.ToConnectionAsync(SortOrder<AttributionReport>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<AttributionSettingsType>>("attributionSettings")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's settings for the process-attribution report (the defaults until changed).")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await AttributionAnalysis.SettingsAsync(db, ctx.CancellationToken);
            });
    }
}
