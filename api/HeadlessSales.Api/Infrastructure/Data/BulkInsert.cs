using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

using HeadlessSales.Api.Infrastructure.Scheduling;

namespace HeadlessSales.Api.Infrastructure.Data;

/// <summary>
/// Inserts many new rows outside change tracking (binary <c>COPY</c> on PostgreSQL, multi-row <c>INSERT</c>s on SQLite): for imports, where
/// EF's per-entity bookkeeping costs more than the database's work. Columns, conversions and parameter types all
/// come from the EF model, so a row is stored exactly as <c>SaveChanges</c> would store it.
/// </summary>
public static class BulkInsert
{
    /// <summary>
    /// SQLite allows 32,766 parameters per statement, but Microsoft.Data.Sqlite looks each named parameter up by a
    /// linear scan, so binding costs grow with the square of their number: keep its statements small.
    /// </summary>
    private const int MaxParametersPerStatement = 200;

    /// <summary>
    /// Gives each row its database key before anything is written, so rows can refer to one another (a duplicate
    /// to its original) inside one batch. SQLite and PostgreSQL only; other providers return false and the caller
    /// falls back to <c>SaveChanges</c>. Needs the caller's transaction: on SQLite it holds the write lock that
    /// keeps the next free key ours.
    /// </summary>
    public static async Task<bool> TryAssignKeysAsync<T>(SalesDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class, IEntity
    {
        if (rows.Count == 0 || !(db.Database.IsSqlite() || db.Database.IsNpgsql()))
        {
            return rows.Count == 0;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Keys are allocated inside the transaction that inserts the rows.");
        var entityType = EntityType<T>(db);
        var key = entityType.FindPrimaryKey()!.Properties.Single();
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = entityType.GetTableName()!;
        var keyColumn = key.GetColumnName();
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var keys = new List<long>(rows.Count);
        if (db.Database.IsSqlite())
        {
            // AUTOINCREMENT never reuses a key: continue after both the sequence and the largest key in the table.
            command.CommandText = $"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), "
                + $"COALESCE((SELECT MAX({sql.DelimitIdentifier(keyColumn)}) FROM {sql.DelimitIdentifier(table)}), 0))";
            var last = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
            for (var i = 1; i <= rows.Count; i++)
            {
                keys.Add(last + i);
            }
        }
        else
        {
            command.CommandText = $"SELECT nextval(pg_get_serial_sequence('{sql.DelimitIdentifier(table, entityType.GetSchema())}', '{keyColumn}')) FROM generate_series(1, {rows.Count})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetInt64(0));
            }
        }

        keys.Sort();
        for (var i = 0; i < rows.Count; i++)
        {
            key.PropertyInfo!.SetValue(rows[i], keys[i]);
        }

        return true;
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> in the caller's transaction. Rows whose key is set (by
    /// <see cref="TryAssignKeysAsync"/>) are written with it; otherwise the database generates keys, which are
    /// then not read back.
    /// </summary>
    public static async Task InsertAsync<T>(SalesDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class, IEntity
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (rows is IReadOnlyList<ScheduledTimer> timers)
        {
            db.NoteTimerWritten(timers.Min(t => t.DueAt));
        }

        if (!(db.Database.IsSqlite() || db.Database.IsNpgsql()))
        {
            db.Set<T>().AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the caller's transaction.");
        var entityType = EntityType<T>(db);
        var key = entityType.FindPrimaryKey()!.Properties.Single();
        var withKeys = rows[0].Id != 0;
        var columns = entityType.GetProperties().Where(p => withKeys || p != key).ToList();
        if (columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
        {
            throw new NotSupportedException($"{entityType.DisplayName()}.{shadow.Name} is a shadow property; bulk inserts read values from the object.");
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var mappings = columns.Select(p => p.GetRelationalTypeMapping()).ToList();
        var tableAndColumns = $"{sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema())} ("
            + string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName()))) + ")";
        if (transaction.Connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, tableAndColumns, columns, mappings, rows, cancellationToken);
            return;
        }

        var prefix = $"INSERT INTO {tableAndColumns} VALUES ";
        var rowsPerStatement = Math.Max(1, MaxParametersPerStatement / columns.Count);
        foreach (var batch in rows.Chunk(rowsPerStatement))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(prefix);
            var parameter = 0;
            for (var row = 0; row < batch.Length; row++)
            {
                if (row > 0)
                {
                    text.Append(", ");
                }

                text.Append('(');
                for (var column = 0; column < columns.Count; column++)
                {
                    var name = "p" + parameter++;
                    var value = columns[column].GetGetter().GetClrValueUsingContainingEntity(batch[row]);
                    command.Parameters.Add(mappings[column].CreateParameter(command, sql.GenerateParameterName(name), value, columns[column].IsNullable));
                    text.Append(column == 0 ? string.Empty : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL's binary <c>COPY</c>: no statement to parse or plan. Values are converted by the column's EF mapping
    /// (enums to text, lists to arrays), and each column's PostgreSQL type is the one EF's own parameter for it names,
    /// so the rows are stored exactly as <c>SaveChanges</c> would store them.
    /// </summary>
    private static async Task CopyAsync<T>(NpgsqlConnection connection, string tableAndColumns, List<IProperty> columns, List<RelationalTypeMapping> mappings,
        IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        await using var typing = connection.CreateCommand();
        var types = new NpgsqlDbType?[columns.Count];
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {tableAndColumns} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            for (var column = 0; column < columns.Count; column++)
            {
                var value = columns[column].GetGetter().GetClrValueUsingContainingEntity(row);
                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                    continue;
                }

                var converted = mappings[column].Converter?.ConvertToProvider(value) ?? value;
                types[column] ??= ((NpgsqlParameter)mappings[column].CreateParameter(typing, "p", value, columns[column].IsNullable)).NpgsqlDbType;
                await writer.WriteAsync(converted, types[column]!.Value, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static IEntityType EntityType<T>(SalesDbContext db) =>
        db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the model.");
}
