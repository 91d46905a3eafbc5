using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Infrastructure.Scheduling;

/// <summary>Runs the timers of some kinds. It works in the poller's transaction: what it writes commits together with the timer's completion.</summary>
public interface ITimerHandler
{
    IReadOnlyCollection<string> Kinds { get; }

    /// <returns>What to announce once the work is committed, or null for nothing.</returns>
    Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken);
}

public static class DurableTimersServiceCollectionExtensions
{
    /// <summary>The poller every node runs; modules add their <see cref="ITimerHandler"/>s.</summary>
    public static IServiceCollection AddDurableTimers(this IServiceCollection services)
    {
        services.AddOptions<DurableTimerOptions>().BindConfiguration(DurableTimerOptions.Section);
        services.AddSingleton<TimerWakeups>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, TimerWakeupInterceptor>();
        services.AddSingleton<DurableTimerService>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableTimerService>());
        return services;
    }
}

public sealed class DurableTimerOptions
{
    public const string Section = "DurableTimers";

    /// <summary>
    /// The longest a node sleeps between looks for due timers. It wakes sooner at the earliest due time it read, or
    /// when it writes a timer due sooner; this bounds how late it sees a timer written behind its back (by another node
    /// that then died, or by hand). Zero switches the loop off (tests drive it themselves).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim holds: a node that dies mid-timer leaves it to others after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public int BatchSize { get; set; } = 200;

    public string NodeName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}

/// <summary>
/// Fires <see cref="ScheduledTimer"/>s once, across restarts and across nodes sharing one database.
/// </summary>
/// <remarks>
/// Why not Quartz's clustered ADO store: it needs eleven QRTZ_ tables per provider outside our migrations,
/// its own connection handling beside EF's, and row locks through <c>SELECT … FOR UPDATE</c>, which SQLite
/// (our embedded default) does not have. What we need is narrower: one-shot timers written in the same
/// transaction as the business change. A claim is one conditional UPDATE (<c>… WHERE ClaimedUntil IS NULL
/// OR ClaimedUntil &lt; now</c>): on PostgreSQL and SQL Server the row lock makes a second node's UPDATE
/// re-check the condition and skip the row; on SQLite writers are serialized. The handler's work and the
/// <c>FiredAt</c> mark commit in one transaction, guarded by the claim token, so a node killed mid-timer
/// leaves nothing behind and its lapsed claim is taken over: every timer's effect happens exactly once.
/// Events are published after the commit, so a crash in between loses the live notification, not the escalation.
/// </remarks>
public sealed class DurableTimerService(
    ISalesDbContextPool pool,
    IEnumerable<ITimerHandler> handlers,
    IEventBus events,
    TimeProvider clock,
    IOptions<DurableTimerOptions> options,
    ILogger<DurableTimerService> logger,
    TimerWakeups? wakeups = null) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, ITimerHandler> _handlers = handlers.SelectMany(h => h.Kinds.Select(k => (k, h))).ToDictionary(p => p.k, p => p.h);
    private readonly DurableTimerOptions _options = options.Value;
    private readonly Lock _gate = new();
    private TaskCompletionSource _woken = NewSignal();
    private DateTime _sleepsUntil = DateTime.MinValue;

    /// <summary>When the loop looks next unless woken sooner; null while it is looking (or not running).</summary>
    public DateTimeOffset? NextLookAt { get; private set; }

    /// <summary>
    /// Sleeps until the earliest due time (or lapsing claim) in the database, capped by the poll interval, and
    /// wakes early when this node commits a timer due before that: an idle node sends one small query per interval.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.PollInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var listening = wakeups?.Listen(Wake);
        while (!stoppingToken.IsCancellationRequested)
        {
            Task woken;
            lock (_gate)
            {
                // From here on, any announcement wakes the loop: a timer committed while we look may be missed by the look.
                _sleepsUntil = DateTime.MaxValue;
                _woken = NewSignal();
                woken = _woken.Task;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            DateTime next;
            try
            {
                var fired = await RunDueTimersAsync(stoppingToken);
                next = await NextDueAsync(stoppingToken) ?? DateTime.MaxValue;
                if (fired == 0 && next <= clock.GetUtcNow().UtcDateTime)
                {
                    // Due but not ours to claim this instant (a claim lapsing this very tick): no busy loop.
                    next = clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly away.
                logger.LogError(exception, "Looking for due timers failed");
                next = now + RetryAfterFailure;
            }

            now = clock.GetUtcNow().UtcDateTime;
            var wakeAt = next < now + _options.PollInterval ? next : now + _options.PollInterval;
            lock (_gate)
            {
                _sleepsUntil = wakeAt;
            }

            NextLookAt = new DateTimeOffset(wakeAt, TimeSpan.Zero);
            var delay = wakeAt - now;
            if (delay > TimeSpan.Zero)
            {
                using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var slept = Task.Delay(delay, clock, sleep.Token);
                await Task.WhenAny(slept, woken);
                await sleep.CancelAsync();
            }

            NextLookAt = null;
        }
    }

    private void Wake(DateTime dueAt)
    {
        lock (_gate)
        {
            if (dueAt < _sleepsUntil)
            {
                _woken.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the next unfired timer can be claimed: its due time, or when its current claim lapses.</summary>
    private async Task<DateTime?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        return await db.ScheduledTimers.IgnoreQueryFilters()
            .Where(t => t.FiredAt == null)
            .Select(t => t.ClaimedUntil != null && t.ClaimedUntil > t.DueAt ? t.ClaimedUntil : (DateTime?)t.DueAt)
            .MinAsync(cancellationToken);
    }

    /// <summary>Claims and fires every timer due now; returns how many this node fired.</summary>
    public async Task<int> RunDueTimersAsync(CancellationToken cancellationToken = default)
    {
        var fired = 0;
        while (true)
        {
            var claimed = await ClaimAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                return fired;
            }

            foreach (var timer in claimed)
            {
                fired += await FireAsync(timer, cancellationToken) ? 1 : 0;
            }
        }
    }

    private async Task<List<ScheduledTimer>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        var due = await db.ScheduledTimers.IgnoreQueryFilters()
            .Where(t => t.FiredAt == null && t.DueAt <= now && (t.ClaimedUntil == null || t.ClaimedUntil < now))
            .OrderBy(t => t.DueAt)
            .Select(t => t.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        // The availability test is repeated in the UPDATE: of two nodes that read the same ids, each row goes to one.
        await db.ScheduledTimers.IgnoreQueryFilters()
            .Where(t => due.Contains(t.Id) && t.FiredAt == null && (t.ClaimedUntil == null || t.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.ClaimToken, token)
                .SetProperty(t => t.ClaimedBy, _options.NodeName)
                .SetProperty(t => t.ClaimedUntil, now + _options.Lease)
                .SetProperty(t => t.Attempts, t => t.Attempts + 1), cancellationToken);
        return await db.ScheduledTimers.IgnoreQueryFilters().AsNoTracking().Where(t => t.ClaimToken == token).OrderBy(t => t.DueAt).ToListAsync(cancellationToken);
    }

    private async Task<bool> FireAsync(ScheduledTimer timer, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(timer.Kind, out var handler))
        {
            logger.LogError("No handler for timer kind {Kind} (timer {TimerId})", timer.Kind, timer.Id);
            return false;
        }

        Action<IEventBus>? announce;
        await using (var db = pool.Rent(timer.TenantId))
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var now = clock.GetUtcNow().UtcDateTime;
                announce = await handler.HandleAsync(db, timer, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                // Only the current claim completes the timer: if this node's lease lapsed and another took over, its work rolls back.
                var completed = await db.ScheduledTimers
                    .Where(t => t.Id == timer.Id && t.ClaimToken == timer.ClaimToken && t.FiredAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.FiredAt, now), cancellationToken);
                if (completed == 0)
                {
                    return false;
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Left claimed: it is retried when the lease lapses, not in a tight loop.
                logger.LogError(exception, "Timer {TimerId} ({Kind}) failed", timer.Id, timer.Kind);
                await RecordFailureAsync(timer, exception);
                return false;
            }
        }

        announce?.Invoke(events);
        return true;
    }

    private async Task RecordFailureAsync(ScheduledTimer timer, Exception exception)
    {
        await using var db = pool.Rent(timer.TenantId);
        var message = exception.Message.Length > 1000 ? exception.Message[..1000] : exception.Message;
        await db.ScheduledTimers.Where(t => t.Id == timer.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastError, message), CancellationToken.None);
    }
}
