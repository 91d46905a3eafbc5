using System.Collections.Concurrent;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.Scheduling;

/// <summary>
/// A tenant-wide evaluation kept up to date two ways: on a durable schedule, and soon after the events that move its
/// numbers. A module names its timer kind, interval, wait and the evaluation; <see cref="TenantEvaluationTimerHandler"/>
/// and <see cref="TenantEvaluationTrigger"/> do the scheduling and the debouncing.
/// </summary>
public interface ITenantEvaluation
{
    string TimerKind { get; }

    TimeSpan Interval { get; }

    /// <summary>How long the first event of a burst waits, so that one evaluation absorbs the burst.</summary>
    TimeSpan Debounce { get; }

    /// <summary>For the log: what is evaluated (e.g. "the health alerts").</summary>
    string Subject { get; }

    Task EvaluateAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken);

    static ScheduledTimer NextTimer(string kind, long tenantId, DateTime now, TimeSpan interval) =>
        new() { TenantId = tenantId, Kind = kind, SubjectId = 0, AnchorAt = now, DueAt = now + interval };
}

/// <summary>
/// The scheduled evaluation: one durable timer per tenant, which fires once across nodes and survives restarts, and
/// sets the next one in the same transaction. Should two chains ever exist (two nodes starting at once), the one that
/// finds another pending evaluation does not continue, so they merge into one.
/// </summary>
public abstract class TenantEvaluationTimerHandler(ITenantEvaluation evaluation) : ITimerHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [evaluation.TimerKind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        // What the evaluation journals commits with the poller's transaction and is announced after it.
        await evaluation.EvaluateAsync(db, now, cancellationToken);
        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == evaluation.TimerKind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            db.ScheduledTimers.Add(ITenantEvaluation.NextTimer(evaluation.TimerKind, timer.TenantId, now, evaluation.Interval));
        }

        return null;
    }
}

/// <summary>
/// Evaluates a tenant soon after events change its numbers. The first event of a tenant starts a short wait
/// (<see cref="ITenantEvaluation.Debounce"/>); the events within it are absorbed, then one evaluation runs. It also makes
/// sure every tenant has its scheduled evaluation when the node starts.
/// </summary>
/// <remarks>
/// Events reach every node (the Redis backplane), so with several nodes each may evaluate after the same burst. That is
/// wasted work, not a wrong result as long as the evaluation keeps every raise and resolve single (a unique index on
/// open rows and conditional resolution), so that only the node whose write won announces it.
/// </remarks>
public abstract class TenantEvaluationTrigger(
    ISalesDbContextPool pool, IEventBus events, ITenantEvaluation evaluation, TimeProvider clock, ILogger logger) : IHostedService
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<long, Task> _pending = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Subscribes, with <see cref="Listen{TEvent}"/>, to the events that move the evaluation's numbers.</summary>
    protected abstract void ListenToTriggers();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ListenToTriggers();
        try
        {
            await ScheduleMissingAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A node must start while the database is briefly away; the first event-driven evaluation schedules it again.
            logger.LogError(exception, "Scheduling the evaluations of {Subject} failed", evaluation.Subject);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscriptions.ForEach(s => s.Dispose());
        await _stopping.CancelAsync();
        await WhenIdleAsync().WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the evaluations already triggered have run: tests move the clock past the wait, then await this.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Values);

    protected void Listen<TEvent>() where TEvent : IDomainEvent =>
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
            await Task.Delay(evaluation.Debounce, clock, _stopping.Token);
            // From here on a new event asks for a new evaluation, which will see what this one might miss.
            _pending.TryRemove(tenantId, out _);
            await using var db = pool.Rent(tenantId);
            await evaluation.EvaluateAsync(db, clock.GetUtcNow().UtcDateTime, _stopping.Token);
            await ScheduleMissingAsync(_stopping.Token, tenantId);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The scheduled evaluation catches up; an event-driven one is only an earlier look.
            logger.LogError(exception, "Evaluating {Subject} of tenant {TenantId} failed", evaluation.Subject, tenantId);
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<long, Task>(tenantId, run.Task));
            run.TrySetResult();
        }
    }

    /// <summary>Gives each tenant (or the one given) without a pending scheduled evaluation its first, one interval from now.</summary>
    private async Task ScheduleMissingAsync(CancellationToken cancellationToken, long? onlyTenantId = null)
    {
        await using var db = pool.RentAcrossTenants();
        var tenants = await db.Tenants.Where(t => onlyTenantId == null || t.Id == onlyTenantId).Select(t => t.Id).ToListAsync(cancellationToken);
        var scheduled = await db.ScheduledTimers.IgnoreQueryFilters()
            .Where(t => t.Kind == evaluation.TimerKind && t.FiredAt == null && (onlyTenantId == null || t.TenantId == onlyTenantId))
            .Select(t => t.TenantId).Distinct().ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var tenantId in tenants.Except(scheduled))
        {
            db.ScheduledTimers.Add(ITenantEvaluation.NextTimer(evaluation.TimerKind, tenantId, now, evaluation.Interval));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
