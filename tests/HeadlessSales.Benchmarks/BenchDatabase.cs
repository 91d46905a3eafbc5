using Npgsql;

namespace HeadlessSales.Benchmarks;

/// <summary>
/// Where both servers keep their data: the SQLite file in the temp data folder (the default), or a PostgreSQL database
/// made for this run on the server <c>--postgres</c> names and dropped at the end.
/// </summary>
internal sealed class BenchDatabase(string description, IReadOnlyDictionary<string, string> settings, Func<Task>? drop = null) : IAsyncDisposable
{
    public static BenchDatabase Sqlite { get; } = new("SQLite (WAL) in a temp folder", new Dictionary<string, string>());

    /// <summary>The API migrates and seeds the new database on start; the name is unique so runs never share one.</summary>
    public static BenchDatabase PostgreSql(string server)
    {
        var name = $"headlesssales_bench_{Guid.NewGuid():N}";
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name };
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = connection.ConnectionString,
        };
        return new BenchDatabase($"PostgreSQL ({connection.Host}, database {name})", settings, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await command.ExecuteNonQueryAsync();
        });
    }

    public string Description => description;

    public IReadOnlyDictionary<string, string> Settings => settings;

    public async ValueTask DisposeAsync()
    {
        if (drop is not null)
        {
            await drop();
        }
    }
}
