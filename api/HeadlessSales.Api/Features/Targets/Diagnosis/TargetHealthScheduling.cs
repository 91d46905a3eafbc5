using System.Collections.Concurrent;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

/// <summary>
/// The scheduled diagnosis: one durable timer per tenant, fired once across nodes and surviving restarts, setting the
/// next one in the same transaction. A chain that finds another pending diagnosis does not continue, so two merge into one.
/// </summary>
public sealed class TargetHealthTimerHandler(TargetHealthEvaluator evaluator) : ITimerHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [TargetHealthEvaluator.TimerKind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        // The changes are journaled in the poller's transaction and announced once it commits.
        await evaluator.EvaluateAsync(db, now, cancellationToken);
        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == TargetHealthEvaluator.TimerKind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            db.ScheduledTimers.Add(NextEvaluation(timer.TenantId, now, evaluator.Options.EvaluationInterval));
        }

        return null;
    }

    public static ScheduledTimer NextEvaluation(long tenantId, DateTime now, TimeSpan interval) =>
        new() { TenantId = tenantId, Kind = TargetHealthEvaluator.TimerKind, SubjectId = 0, AnchorAt = now, DueAt = now + interval };
}

/// <summary>
/// Diagnoses a tenant soon after its numbers move: a contract signed, a collection recorded, an opportunity created or
/// moved, a follow-up logged. The first event starts a short wait (<see cref="TargetHealthOptions.Debounce"/>), the events
/// within it are absorbed, then one diagnosis runs. At start it gives every tenant its scheduled diagnosis.
/// </summary>
/// <remarks>
/// Events reach every node, so several nodes may diagnose after the same burst: wasted work, not a wrong result, as the
/// open-finding index and the conditional resolution keep every raise and resolve single, announced by the node that won.
/// </remarks>
public sealed class TargetHealthTrigger(
    ISalesDbContextPool pool, IEventBus events, TargetHealthEvaluator evaluator, TimeProvider clock, ILogger<TargetHealthTrigger> logger) : IHostedService
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<long, Task> _pending = new();
    private readonly CancellationTokenSource _stopping = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Listen<ContractSigned>();
        Listen<CollectionRecorded>();
        Listen<OpportunityStageChanged>();
        Listen<FollowUpLogged>();
        try
        {
            await ScheduleMissingAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A node must start while the database is briefly away; the first event-driven diagnosis schedules it again.
            logger.LogError(exception, "Scheduling the target-health diagnoses failed");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscriptions.ForEach(s => s.Dispose());
        await _stopping.CancelAsync();
        await WhenIdleAsync().WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the diagnoses already triggered have run: tests move the clock past the wait, then await this.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Values);

    private void Listen<TEvent>() where TEvent : IDomainEvent =>
        _subscriptions.Add(events.Listen<TEvent>(_ => true, e => Touch(e.TenantId)));

    private void Touch(long tenantId)
    {
        if (_stopping.IsCancellationRequested || _pending.ContainsKey(tenantId))
        {
            return;
        }

        var run = new TaskCompletionSource();
        if (_pending.TryAdd(tenantId, run.Task))
        {
            _ = EvaluateAfterWaitAsync(tenantId, run);
        }
    }

    private async Task EvaluateAfterWaitAsync(long tenantId, TaskCompletionSource run)
    {
        try
        {
            await Task.Delay(evaluator.Options.Debounce, clock, _stopping.Token);
            // From here on a new event asks for a new diagnosis, which will see what this one might miss.
            _pending.TryRemove(tenantId, out _);
            await using var db = pool.Rent(tenantId);
            await evaluator.EvaluateAsync(db, clock.GetUtcNow().UtcDateTime, _stopping.Token);
            await ScheduleMissingAsync(_stopping.Token, tenantId);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The scheduled diagnosis catches up; an event-driven one is only an earlier look.
            logger.LogError(exception, "Diagnosing the targets of tenant {TenantId} failed", tenantId);
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<long, Task>(tenantId, run.Task));
            run.TrySetResult();
        }
    }

    /// <summary>Gives each tenant (or the one given) without a pending scheduled diagnosis its first, one interval from now.</summary>
    private async Task ScheduleMissingAsync(CancellationToken cancellationToken, long? onlyTenantId = null)
    {
        await using var db = pool.RentAcrossTenants();
        var tenants = await db.Tenants.Where(t => onlyTenantId == null || t.Id == onlyTenantId).Select(t => t.Id).ToListAsync(cancellationToken);
        var scheduled = await db.ScheduledTimers.IgnoreQueryFilters()
            .Where(t => t.Kind == TargetHealthEvaluator.TimerKind && t.FiredAt == null && (onlyTenantId == null || t.TenantId == onlyTenantId))
            .Select(t => t.TenantId).Distinct().ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var tenantId in tenants.Except(scheduled))
        {
            db.ScheduledTimers.Add(TargetHealthTimerHandler.NextEvaluation(tenantId, now, evaluator.Options.EvaluationInterval));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
