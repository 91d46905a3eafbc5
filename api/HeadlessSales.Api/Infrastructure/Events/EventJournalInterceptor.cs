using System.Data.Common;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Infrastructure.Events;

/// <summary>
/// Writes the events a context recorded (<see cref="EventJournaling.Journal(SalesDbContext, IDomainEvent)"/>) into the
/// journal inside the saving transaction, and publishes them on the bus only once that transaction commits. A save
/// with events and no transaction of the caller's gets one of its own, committed at the end of the save, so the
/// change and its entries commit together either way.
/// </summary>
/// <remarks>
/// Entries are written after the save (not before), so an event about a row inserted by the same save carries the
/// row's new key. Positions come from <see cref="JournalCounter"/>, locked until the commit.
/// </remarks>
public sealed class EventJournalInterceptor(JournaledEventTypes types, IEventBus bus, JournalWakeups wakeups, TimeProvider clock, ILogger<EventJournalInterceptor> logger)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is SalesDbContext { JournalPending.Count: > 0 })
        {
            throw new InvalidOperationException("Journaled events are written by SaveChangesAsync.");
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SalesDbContext { JournalPending.Count: > 0 } db && db.Database.CurrentTransaction is null)
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
            db.JournalOwnsTransaction = true;
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not SalesDbContext db || db.JournalPending.Count == 0)
        {
            return result;
        }

        await WriteAsync(db, cancellationToken);
        if (db.JournalOwnsTransaction)
        {
            db.JournalOwnsTransaction = false;
            var transaction = db.Database.CurrentTransaction!;
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }

        return result;
    }

    // A failed save's events are void: the caller's retry (or its fallback) records what it then does.
    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not SalesDbContext db)
        {
            return;
        }

        db.JournalPending.Clear();
        if (db.JournalOwnsTransaction)
        {
            db.JournalOwnsTransaction = false;
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is SalesDbContext db)
        {
            db.JournalPending.Clear();
        }
    }

    private async Task WriteAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var events = db.JournalPending.Select(build => build()).ToList();
        db.JournalPending.Clear();
        var counter = db.Set<JournalCounter>().Where(c => c.Id == JournalCounter.SingleRow);
        // The UPDATE takes the counter's row lock first; the read after it is then ours alone until the commit.
        await counter.ExecuteUpdateAsync(s => s.SetProperty(c => c.Last, c => c.Last + events.Count), cancellationToken);
        var last = await counter.AsNoTracking().Select(c => c.Last).SingleAsync(cancellationToken);
        var position = last - events.Count;
        var recordedAt = clock.GetUtcNow().UtcDateTime;
        var entries = events.Select(domainEvent =>
        {
            var type = types.Of(domainEvent);
            return new JournalEntry
            {
                Id = ++position,
                TenantId = domainEvent.TenantId,
                Type = type.Name,
                SubjectId = type.SubjectOf(domainEvent),
                Payload = type.PayloadOf(domainEvent),
                OccurredAt = domainEvent.OccurredAt,
                RecordedAt = recordedAt,
            };
        }).ToList();
        await BulkInsert.InsertAsync(db, entries, cancellationToken);
        db.JournalWritten.AddRange(events);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => PublishWritten(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        PublishWritten(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, alsoPending: true);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, alsoPending: true);
        return Task.CompletedTask;
    }

    // A transaction that begins finds nothing of an earlier one that was disposed without a commit.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Forget(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void PublishWritten(DbContext? context)
    {
        if (context is not SalesDbContext { JournalWritten.Count: > 0 } db)
        {
            return;
        }

        var written = db.JournalWritten.ToList();
        db.JournalWritten.Clear();
        wakeups.Announce();
        foreach (var domainEvent in written)
        {
            try
            {
                types.Of(domainEvent).Publish(bus, domainEvent);
            }
            catch (Exception exception)
            {
                // The change is committed and journaled; a failing live listener must not turn it into an error.
                logger.LogError(exception, "Publishing {EventType} failed", domainEvent.GetType().Name);
            }
        }
    }

    private static void Forget(DbContext? context, bool alsoPending = false)
    {
        if (context is SalesDbContext db)
        {
            db.JournalWritten.Clear();
            if (alsoPending)
            {
                db.JournalPending.Clear();
            }
        }
    }
}
