using Npgsql;

namespace HeadlessSales.Api.Tests.Infrastructure;

/// <summary>Runs only where <c>HEADLESSSALES_TEST_POSTGRES</c> names a PostgreSQL server (CI always does).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.ServerConnectionString is null)
        {
            Skip = $"Set {PostgresTestDatabase.Variable} to a PostgreSQL connection string to run this test.";
        }
    }
}

/// <summary>A database of its own on the configured server, dropped afterwards.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "HEADLESSSALES_TEST_POSTGRES";

    private readonly string _name;

    private PostgresTestDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public string ConnectionString { get; }

    /// <summary>
    /// Runs <paramref name="run"/> on SQLite (no connection string), then on a fresh PostgreSQL database when a server
    /// is configured; the second argument names the provider for the output.
    /// </summary>
    public static async Task OnEachProviderAsync(Func<string?, string, Task> run)
    {
        await run(null, "SQLite");
        if (ServerConnectionString is not null)
        {
            await using var database = await CreateAsync();
            await run(database.ConnectionString, "PostgreSQL");
        }
    }

    /// <param name="template">A database to copy (PostgreSQL copies its files: seconds, where seeding it took minutes).</param>
    public static async Task<PostgresTestDatabase> CreateAsync(string? template = null)
    {
        var name = "headlesssales_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(AdminConnectionString()))
        {
            await admin.OpenAsync();
            var copy = template is null ? string.Empty : $" TEMPLATE \"{template}\"";
            // Copying a kept volume tenant (a gigabyte) outlasts the default 30 s on a loaded machine.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copy}", admin) { CommandTimeout = 600 };
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public static string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres" }.ConnectionString;
}
