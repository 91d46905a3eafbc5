namespace HeadlessSales.Api.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, empty means a file in the data folder.</summary>
    public string? ConnectionString { get; set; }

    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Loads the demo tenant when the database has no tenant yet.</summary>
    public bool SeedDemoData { get; set; } = true;
}
