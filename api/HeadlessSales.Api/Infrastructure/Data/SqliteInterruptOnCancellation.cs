using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Infrastructure.Data;

/// <summary>
/// SQLite runs a command on the calling thread and does not watch the cancellation token while it runs, so
/// a long query went on after its client had gone or its time limit had passed. This interrupts the
/// connection (sqlite3_interrupt, safe from any thread) when the token of the command's execution fires,
/// until the command ends or its reader is disposed. The server providers cancel commands themselves.
/// </summary>
public sealed class SqliteInterruptOnCancellation : DbCommandInterceptor
{
    public static readonly SqliteInterruptOnCancellation Instance = new();

    private readonly ConditionalWeakTable<DbCommand, Watch> _watches = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    // A reader steps through rows as they are read: watch until it is disposed.
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Stop(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return Task.CompletedTask;
    }

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return Task.CompletedTask;
    }

    private void Start(DbCommand command, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || command.Connection is not SqliteConnection connection)
        {
            return;
        }

        var watch = new Watch();
        _watches.AddOrUpdate(command, watch);
        watch.Registration = cancellationToken.Register(static state =>
        {
            var (connection, watch) = ((SqliteConnection, Watch))state!;
            if (!watch.Ended && connection.Handle is { } handle)
            {
                SQLitePCL.raw.sqlite3_interrupt(handle);
            }
        }, (connection, watch));
    }

    private void Stop(DbCommand command)
    {
        if (_watches.TryGetValue(command, out var watch))
        {
            watch.Ended = true;
            watch.Registration.Dispose();
            _watches.Remove(command);
        }
    }

    private sealed class Watch
    {
        public volatile bool Ended;

        public CancellationTokenRegistration Registration;
    }
}
