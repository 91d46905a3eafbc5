using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>Targets, their tree, the calibration history and the metric definitions, as the caller may see them.</summary>
public sealed class TargetsQueries : IQueryFields
{
    /// <summary>A tree is company → region → team → member: four levels.</summary>
    private const int TreeDepth = 4;

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<SalesTargetType>>>("salesTargets")
            .Authorize(Scopes.SalesRead)
            .Description("The targets the caller sees, oldest first.")
            .PagingArguments()
            .Argument<SalesTargetFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var targets = db.SalesTargets.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Get<DateOnly?>("periodStart") is { } periodStart)
                {
                    targets = targets.Where(t => t.PeriodStart == periodStart);
                }

                if (filter.List<TargetNodeKind>("nodeKinds") is { } kinds)
                {
                    targets = targets.Where(t => kinds.Contains(t.NodeKind));
                }

                var connection = await targets.ToConnectionAsync(SortOrder<SalesTarget>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SalesTargetType>>>>("targetTree")
            .Authorize(Scopes.SalesRead)
            .Description("A target and every target below it the caller sees, parents before children, as one list: ask for `attainment` on it and the whole tree is computed at once.")
            .Argument<NonNullGraphType<IdGraphType>>("rootId")
            .ResolveAsync(async ctx =>
            {
                var rootId = GlobalId.TryDecode(ctx.GetArgument<string>("rootId"), "SalesTarget");
                await using var db = ctx.Database();
                var root = rootId is null ? null : await db.SalesTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == rootId, ctx.CancellationToken);
                if (root is null)
                {
                    return (object)new List<SalesTarget>();
                }

                // One query for the period's targets; the descent is in memory, so the tree's size costs no round trip.
                var ofPeriod = await db.SalesTargets.AsNoTracking().Where(t => t.PeriodStart < root.PeriodEnd && root.PeriodStart < t.PeriodEnd && t.ParentId != null)
                    .OrderBy(t => t.Id).ToListAsync(ctx.CancellationToken);
                // The period's metrics in one range read (targets of the period, joined), kept with the targets for the
                // tree's attainment, gaps and metrics: no field reads the tree's hundreds of ids back.
                var metrics = await (from metric in db.TargetMetrics.AsNoTracking()
                                     join target in db.SalesTargets on metric.TargetId equals target.Id
                                     where target.PeriodStart < root.PeriodEnd && root.PeriodStart < target.PeriodEnd
                                     select metric).ToListAsync(ctx.CancellationToken);
                TargetTreeReads.Attach([root, .. ofPeriod.Where(t => t.Id != root.Id)], metrics);
                var byParent = ofPeriod.ToLookup(t => t.ParentId!.Value);
                var tree = new List<SalesTarget> { root };
                var level = new List<SalesTarget> { root };
                for (var depth = 0; depth < TreeDepth && level.Count > 0; depth++)
                {
                    level = level.SelectMany(t => byParent[t.Id]).ToList();
                    tree.AddRange(level);
                }

                return tree;
            });

        query.Field<NonNullGraphType<ConnectionType<TargetCalibrationType>>>("targetCalibrations")
            .Authorize(Scopes.SalesRead)
            .Description("The calibration history the caller sees (their region's, or all for the whole-tenant view), newest first.")
            .PagingArguments()
            .Argument<IdGraphType>("regionId")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var calibrations = db.TargetCalibrations.AsNoTracking();
                if (ctx.GetArgument<string?>("regionId") is { } region)
                {
                    var regionId = GlobalId.TryDecode(region, "Region") ?? -1;
                    calibrations = calibrations.Where(c => c.RegionId == regionId);
                }

                var connection = await calibrations.ToConnectionAsync(SortOrder<TargetCalibration>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<TargetSettingsType>>("targetSettings")
            .Authorize(Scopes.SalesRead)
            .Description("What a quality opportunity is and which stage judges the technical proposal.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await db.TargetSettings.AsNoTracking().FirstOrDefaultAsync(ctx.CancellationToken) ?? new TargetSettings { TenantId = ctx.TenantId() };
            });
    }
}

public sealed class SalesTargetFilterType : InputObjectGraphType
{
    public SalesTargetFilterType()
    {
        Name = "SalesTargetFilter";
        Field<DateOnlyGraphType>("periodStart");
        Field<ListGraphType<NonNullGraphType<TargetNodeKindType>>>("nodeKinds");
    }
}
