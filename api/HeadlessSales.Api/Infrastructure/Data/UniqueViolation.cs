using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HeadlessSales.Api.Infrastructure.Data;

public static class UniqueViolation
{
    /// <summary>
    /// True when a save failed on a unique index: a concurrent writer won the race a pre-check lost.
    /// Any other failure is not a duplicate and must not be reported as one.
    /// </summary>
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };
}
