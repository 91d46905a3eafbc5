using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

public sealed class SalesTargetByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<SalesTarget>(databases);

public sealed class WeeklyPlanByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<WeeklyPlan>(databases);

public sealed class TargetCalibrationByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<TargetCalibration>(databases);

public sealed class MilestoneRewardRuleByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<MilestoneRewardRule>(databases);

public sealed class IncentiveEntryByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<IncentiveEntry>(databases);

/// <summary>The visible children of many targets, in the order they were allocated.</summary>
public sealed class TargetsByParentIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<SalesTarget>>
{
    protected override async Task<IReadOnlyDictionary<long, List<SalesTarget>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var children = await db.SalesTargets.AsNoTracking().Where(t => t.ParentId != null && keys.Contains(t.ParentId.Value)).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return children.GroupBy(t => t.ParentId!.Value).ToDictionary(g => g.Key, g => g.ToList());
    }
}

/// <summary>The metrics of many targets; only ever asked for targets the caller sees.</summary>
public sealed class TargetMetricsByTargetIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<TargetMetric>>
{
    protected override async Task<IReadOnlyDictionary<long, List<TargetMetric>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var metrics = await db.TargetMetrics.AsNoTracking().Where(m => keys.Contains(m.TargetId)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        return metrics.GroupBy(m => m.TargetId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

/// <summary>
/// The attainment of every target asked for at one level of the query, computed together: a whole tree asked for as
/// one list (<c>targetTree</c>) costs one computation.
/// </summary>
public sealed class TargetAttainmentByTargetIdDataLoader(SalesDbContextFactory databases, CurrentActor actor, TargetAttainmentCalculator calculator)
    : BatchDataLoader<long, TargetAttainment>
{
    protected override async Task<IReadOnlyDictionary<long, TargetAttainment>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var targets = await db.SalesTargets.AsNoTracking().Where(t => keys.Contains(t.Id)).ToListAsync(cancellationToken);
        var visible = targets.Select(t => t.Id).ToList();
        var metrics = await db.TargetMetrics.AsNoTracking().Where(m => visible.Contains(m.TargetId)).ToListAsync(cancellationToken);
        return await calculator.ComputeAsync(actor.TenantId, targets, metrics, cancellationToken);
    }
}

/// <summary>The weekly plans of many member targets, by week.</summary>
public sealed class WeeklyPlansByTargetIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<WeeklyPlan>>
{
    protected override async Task<IReadOnlyDictionary<long, List<WeeklyPlan>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var plans = await db.WeeklyPlans.AsNoTracking().Where(p => keys.Contains(p.TargetId)).OrderBy(p => p.WeekStart).ToListAsync(cancellationToken);
        return plans.GroupBy(p => p.TargetId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

public sealed class WeeklyPlanItemsByPlanIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<WeeklyPlanItem>>
{
    protected override async Task<IReadOnlyDictionary<long, List<WeeklyPlanItem>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var items = await db.WeeklyPlanItems.AsNoTracking().Where(i => keys.Contains(i.PlanId)).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        return items.GroupBy(i => i.PlanId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

/// <summary>The allocation gaps of many targets: their metrics against their visible children's, in two queries.</summary>
public sealed class AllocationGapsByTargetIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<AllocationGap>>
{
    protected override async Task<IReadOnlyDictionary<long, List<AllocationGap>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var children = await db.SalesTargets.AsNoTracking().Where(t => t.ParentId != null && keys.Contains(t.ParentId.Value)).Select(t => new { t.Id, Parent = t.ParentId!.Value })
            .ToListAsync(cancellationToken);
        var childIds = children.Select(c => c.Id).ToList();
        var metrics = await db.TargetMetrics.AsNoTracking().Where(m => keys.Contains(m.TargetId) || childIds.Contains(m.TargetId)).ToListAsync(cancellationToken);
        var byTarget = metrics.ToLookup(m => m.TargetId);
        var childrenOf = children.ToLookup(c => c.Parent, c => c.Id);
        return keys.ToDictionary(key => key, key => AllocationGap.Of([.. byTarget[key]], [.. childrenOf[key].SelectMany(child => byTarget[child])]));
    }
}
