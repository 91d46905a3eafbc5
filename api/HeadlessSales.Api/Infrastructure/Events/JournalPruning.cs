using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Infrastructure.Events;

/// <summary>
/// Deletes a tenant's journal entries older than the retention window, on the durable timers: one timer per tenant,
/// which schedules the next in the same transaction, so the chain survives restarts and runs once across nodes.
/// </summary>
public sealed class JournalPruning(IOptions<EventJournalOptions> options) : ITimerHandler
{
    public const string Kind = "events.journal-prune";

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        var horizon = now - options.Value.Retention;
        await db.JournalEntries.Where(e => e.RecordedAt < horizon).ExecuteDeleteAsync(cancellationToken);
        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == Kind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            db.ScheduledTimers.Add(Next(timer.TenantId, now + options.Value.PruneEvery));
        }

        return null;
    }

    public static ScheduledTimer Next(long tenantId, DateTime dueAt) =>
        new() { TenantId = tenantId, Kind = Kind, SubjectId = tenantId, AnchorAt = dueAt, DueAt = dueAt };
}

/// <summary>Starts each tenant's pruning chain on start: a tenant without a pending pruning timer gets one.</summary>
public sealed class JournalPruningScheduler(ISalesDbContextPool pool, DatabaseOptions database, IOptions<EventJournalOptions> options, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!database.MigrateOnStart || !options.Value.SchedulePruning)
        {
            return;
        }

        await using var db = pool.RentAcrossTenants();
        var missing = await db.Tenants
            .Where(t => !db.ScheduledTimers.IgnoreQueryFilters().Any(s => s.TenantId == t.Id && s.Kind == JournalPruning.Kind && s.FiredAt == null))
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        var dueAt = clock.GetUtcNow().UtcDateTime + options.Value.PruneEvery;
        db.ScheduledTimers.AddRange(missing.Select(tenantId => JournalPruning.Next(tenantId, dueAt)));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
