using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Infrastructure.Scheduling;

/// <summary>
/// Tells this node's timer loop that a timer was committed, and when it is due, so the loop, which otherwise sleeps
/// until the earliest due time it read, looks again. Only committed timers are announced: a loop that looked
/// before the commit would not see the row and would sleep past it.
/// </summary>
public sealed class TimerWakeups
{
    private Action<DateTime>? _listeners;

    public void Announce(DateTime dueAt) => _listeners?.Invoke(dueAt);

    public IDisposable Listen(Action<DateTime> onScheduled)
    {
        _listeners += onScheduled;
        return new Unlisten(() => _listeners -= onScheduled);
    }

    private sealed class Unlisten(Action unlisten) : IDisposable
    {
        public void Dispose() => unlisten();
    }
}

/// <summary>
/// Notes the timers a context writes (tracked inserts here, bulk inserts through <see cref="SalesDbContext.NoteTimerWritten"/>)
/// and announces the earliest once they are committed: at once without a transaction, at the commit with one.
/// </summary>
public sealed class TimerWakeupInterceptor(TimerWakeups wakeups) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteAdded(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        NoteAdded(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AnnounceOutsideTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AnnounceOutsideTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Announce(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Announce(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void NoteAdded(DbContext? context)
    {
        if (context is not SalesDbContext db)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries<ScheduledTimer>())
        {
            if (entry.State == EntityState.Added)
            {
                db.NoteTimerWritten(entry.Entity.DueAt);
            }
        }
    }

    private void AnnounceOutsideTransaction(DbContext? context)
    {
        if (context is { Database.CurrentTransaction: null })
        {
            Announce(context);
        }
    }

    private void Announce(DbContext? context)
    {
        if (context is SalesDbContext { EarliestTimerWritten: { } dueAt } db)
        {
            db.EarliestTimerWritten = null;
            wakeups.Announce(dueAt);
        }
    }

    private static void Forget(DbContext? context)
    {
        if (context is SalesDbContext db)
        {
            db.EarliestTimerWritten = null;
        }
    }
}
