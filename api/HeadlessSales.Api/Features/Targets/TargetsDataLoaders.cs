using System.Runtime.CompilerServices;
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
/// What a <c>targetTree</c> request has already read: its targets (as the caller sees them) and their metrics. The tree's
/// fields answer from it instead of reading hundreds of ids back (the targets, their metrics and children were one
/// query each per field before). Attached to the target objects the request read, so it lives exactly as long as they
/// do and no other request can see it.
/// </summary>
public sealed class TargetTreeReads
{
    private static readonly ConditionalWeakTable<SalesTarget, TargetTreeReads> OfTarget = [];

    private readonly Dictionary<long, SalesTarget> _targets;
    private readonly ILookup<long, SalesTarget> _children;
    private readonly ILookup<long, TargetMetric> _metrics;

    private TargetTreeReads(IReadOnlyList<SalesTarget> targets, IReadOnlyList<TargetMetric> metrics)
    {
        _targets = targets.ToDictionary(t => t.Id);
        _children = targets.Where(t => t.ParentId is not null).OrderBy(t => t.Id).ToLookup(t => t.ParentId!.Value);
        _metrics = metrics.OrderBy(m => m.Id).ToLookup(m => m.TargetId);
    }

    /// <summary>Attaches what was read to each of <paramref name="targets"/>.</summary>
    /// <param name="targets">Every visible target of the period, so that the children of any tree node are among them.</param>
    /// <param name="metrics">The metrics of those targets.</param>
    public static void Attach(IReadOnlyList<SalesTarget> targets, IReadOnlyList<TargetMetric> metrics)
    {
        var reads = new TargetTreeReads(targets, metrics);
        foreach (var target in targets)
        {
            OfTarget.AddOrUpdate(target, reads);
        }
    }

    /// <summary>The reads every one of <paramref name="targets"/> came from, or null when any was read otherwise.</summary>
    public static TargetTreeReads? Covering(IEnumerable<SalesTarget> targets)
    {
        TargetTreeReads? covering = null;
        foreach (var target in targets)
        {
            if (!OfTarget.TryGetValue(target, out var reads) || (covering is not null && !ReferenceEquals(reads, covering)))
            {
                return null;
            }

            covering = reads;
        }

        return covering;
    }

    public static TargetTreeReads? Of(SalesTarget target) => OfTarget.TryGetValue(target, out var reads) ? reads : null;

    /// <summary>A target of the period the caller sees; null when it is not one (another period, or not visible: read it as usual).</summary>
    public SalesTarget? Target(long id) => _targets.GetValueOrDefault(id);

    public List<SalesTarget> ChildrenOf(long id) => [.. _children[id]];

    public List<TargetMetric> MetricsOf(long id) => [.. _metrics[id]];
}

/// <summary>
/// The attainment of every target asked for at one level of the query, computed together: a whole tree asked for as
/// one list (<c>targetTree</c>) costs one computation, and no read of its targets or metrics again.
/// </summary>
public sealed class TargetAttainmentByTargetDataLoader(SalesDbContextFactory databases, CurrentActor actor, TargetAttainmentCalculator calculator)
    : BatchDataLoader<SalesTarget, TargetAttainment>
{
    protected override async Task<IReadOnlyDictionary<SalesTarget, TargetAttainment>> FetchAsync(IReadOnlyCollection<SalesTarget> keys, CancellationToken cancellationToken)
    {
        // The keys are targets a resolver was handed: the caller sees them.
        var targets = keys.DistinctBy(t => t.Id).ToList();
        List<TargetMetric> metrics;
        if (TargetTreeReads.Covering(targets) is { } tree)
        {
            metrics = [.. targets.SelectMany(t => tree.MetricsOf(t.Id))];
        }
        else
        {
            await using var db = databases.Create();
            var ids = targets.Select(t => t.Id).ToList();
            metrics = await db.TargetMetrics.AsNoTracking().Where(m => ids.Contains(m.TargetId)).ToListAsync(cancellationToken);
        }

        var attainment = await calculator.ComputeAsync(actor.TenantId, targets, metrics, cancellationToken);
        return keys.Where(k => attainment.ContainsKey(k.Id)).ToDictionary(k => k, k => attainment[k.Id]);
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

/// <summary>The allocation gaps of many targets: their metrics against their visible children's, in two queries (none in a tree).</summary>
public sealed class AllocationGapsByTargetDataLoader(SalesDbContextFactory databases) : BatchDataLoader<SalesTarget, List<AllocationGap>>
{
    protected override async Task<IReadOnlyDictionary<SalesTarget, List<AllocationGap>>> FetchAsync(IReadOnlyCollection<SalesTarget> keys, CancellationToken cancellationToken)
    {
        if (TargetTreeReads.Covering(keys) is { } tree)
        {
            return keys.ToDictionary(key => key, key => AllocationGap.Of(tree.MetricsOf(key.Id), [.. tree.ChildrenOf(key.Id).SelectMany(child => tree.MetricsOf(child.Id))]));
        }

        await using var db = databases.Create();
        var ids = keys.Select(k => k.Id).Distinct().ToList();
        var children = await db.SalesTargets.AsNoTracking().Where(t => t.ParentId != null && ids.Contains(t.ParentId.Value)).Select(t => new { t.Id, Parent = t.ParentId!.Value })
            .ToListAsync(cancellationToken);
        var childIds = children.Select(c => c.Id).ToList();
        var metrics = await db.TargetMetrics.AsNoTracking().Where(m => ids.Contains(m.TargetId) || childIds.Contains(m.TargetId)).ToListAsync(cancellationToken);
        var byTarget = metrics.ToLookup(m => m.TargetId);
        var childrenOf = children.ToLookup(c => c.Parent, c => c.Id);
        return keys.ToDictionary(key => key, key => AllocationGap.Of([.. byTarget[key.Id]], [.. childrenOf[key.Id].SelectMany(child => byTarget[child])]));
    }
}
