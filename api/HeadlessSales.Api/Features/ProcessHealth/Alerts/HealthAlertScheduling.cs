using HeadlessSales.Api.Infrastructure.Scheduling;
using System.Collections.Concurrent;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

/// <summary>
/// The scheduled evaluation: one durable timer per tenant, which fires once across nodes and survives restarts, and
/// sets the next one in the same transaction. Should two chains ever exist (two nodes starting at once), the one that
/// finds another pending evaluation does not continue, so they merge into one.
/// </summary>
public sealed class HealthAlertTimerHandler(HealthAlertEvaluator evaluator) : ITimerHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [HealthAlertEvaluator.TimerKind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        await evaluator.EvaluateAsync(db, now, cancellationToken);
        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == HealthAlertEvaluator.TimerKind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            db.ScheduledTimers.Add(NextEvaluation(timer.TenantId, now, evaluator.Options.EvaluationInterval));
        }

        return null;
    }

    public static ScheduledTimer NextEvaluation(long tenantId, DateTime now, TimeSpan interval) =>
        new() { TenantId = tenantId, Kind = HealthAlertEvaluator.TimerKind, SubjectId = 0, AnchorAt = now, DueAt = now + interval };
}

/// <summary>
/// Evaluates a tenant soon after events change its numbers: a lead assigned or answered, a deadline escalated, a follow-up logged,
/// an opportunity moved. The first event of a tenant starts a short wait (<see cref="HealthAlertOptions.Debounce"/>);
/// the events within it are absorbed, then one evaluation runs. It also makes sure every tenant has its scheduled
/// evaluation when the node starts.
/// </summary>
/// <remarks>
/// Events reach every node (the Redis backplane), so with several nodes each may evaluate after the same burst. That is
/// wasted work, not a wrong result: the open-alert index and the conditional resolution keep every raise and resolve
/// single, and only the node whose write won announces it.
/// </remarks>
public sealed class HealthAlertTrigger(
    ISalesDbContextPool pool, IEventBus events, HealthAlertEvaluator evaluator, TimeProvider clock, ILogger<HealthAlertTrigger> logger) : IHostedService
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<long, Task> _pending = new();
    private readonly CancellationTokenSource _stopping = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Listen<LeadAssigned>();
        Listen<LeadFirstResponseRecorded>();
        Listen<EscalationRaised>();
        Listen<FollowUpLogged>();
        Listen<OpportunityStageChanged>();
        try
        {
            await ScheduleMissingAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A node must start while the database is briefly away; the first event-driven evaluation schedules it again.
            logger.LogError(exception, "Scheduling the health alert evaluations failed");
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
            // From here on a new event asks for a new evaluation, which will see what this one might miss.
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
            // The scheduled evaluation catches up; an event-driven one is only an earlier look.
            logger.LogError(exception, "Evaluating the health alerts of tenant {TenantId} failed", tenantId);
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
            .Where(t => t.Kind == HealthAlertEvaluator.TimerKind && t.FiredAt == null && (onlyTenantId == null || t.TenantId == onlyTenantId))
            .Select(t => t.TenantId).Distinct().ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var tenantId in tenants.Except(scheduled))
        {
            db.ScheduledTimers.Add(HealthAlertTimerHandler.NextEvaluation(tenantId, now, evaluator.Options.EvaluationInterval));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
