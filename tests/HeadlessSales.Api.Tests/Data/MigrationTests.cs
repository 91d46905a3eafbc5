using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Snapshooter.Xunit;
using System.Security.Cryptography;
using System.Text;

namespace HeadlessSales.Api.Tests.Data;

/// <summary>Each provider's migrations build the current model from nothing, and none lags behind the model.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void NoProvider_HasPendingModelChanges()
    {
        using var sqlite = new SqliteSalesDbContext(new DbContextOptionsBuilder<SqliteSalesDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgreSqlSalesDbContext(new DbContextOptionsBuilder<PostgreSqlSalesDbContext>().UseNpgsql("Host=unused").Options);
        using var sqlServer = new SqlServerSalesDbContext(new DbContextOptionsBuilder<SqlServerSalesDbContext>().UseSqlServer("Server=unused").Options);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite: run api/HeadlessSales.Api/add-migration.sh");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL: run api/HeadlessSales.Api/add-migration.sh");
        Assert.False(sqlServer.Database.HasPendingModelChanges(), "SQL Server: run api/HeadlessSales.Api/add-migration.sh");
    }

    [Fact]
    public void EveryProvider_HasTheSameMigrationNames()
    {
        static string[] Names(DbContext context) =>
            context.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]).ToArray();

        using var sqlite = new SqliteSalesDbContext(new DbContextOptionsBuilder<SqliteSalesDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgreSqlSalesDbContext(new DbContextOptionsBuilder<PostgreSqlSalesDbContext>().UseNpgsql("Host=unused").Options);
        using var sqlServer = new SqlServerSalesDbContext(new DbContextOptionsBuilder<SqlServerSalesDbContext>().UseSqlServer("Server=unused").Options);

        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(postgres));
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public async Task Sqlite_MigratesAnEmptyDatabase()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new SqliteSalesDbContext(new DbContextOptionsBuilder<SqliteSalesDbContext>().UseSqlite(connection).Options);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Members.IgnoreQueryFilters().CountAsync());
        Assert.Contains("Accounts", await TablesAsync(connection));
    }

    /// <summary>
    /// Before EscalationSteps each climb of the chain was an escalation of its own; each keeps its one step, so that
    /// every escalation lists who it reached.
    /// </summary>
    [Fact]
    public async Task Sqlite_EscalationSteps_GivesEachEarlierEscalationItsStep()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new SqliteSalesDbContext(new DbContextOptionsBuilder<SqliteSalesDbContext>().UseSqlite(connection).Options);
        var migrations = db.Database.GetMigrations().ToList();
        var escalationSteps = migrations.Single(id => id.EndsWith("_EscalationSteps", StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf(escalationSteps) - 1]);
        // Only the escalations matter here: the rows they point to are left out, so foreign keys stay off for this connection.
        await db.Database.ExecuteSqlRawAsync("""
            PRAGMA foreign_keys = OFF;
            INSERT INTO "Escalations" ("Id", "TenantId", "LeadId", "Step", "Level", "Reason", "TargetMemberId", "TeamId", "RegionId", "Status", "RaisedAt")
            VALUES (7, 1, 70, 0, 'TeamLead', 'FirstResponseDeadlineMissed', 11, 3, 2, 'Open', '2026-11-02 01:41:00'),
                   (8, 1, 70, 1, 'RegionManager', 'FirstResponseDeadlineMissed', 12, 3, 2, 'Open', '2026-11-02 02:11:00');
            """);

        await db.Database.MigrateAsync();

        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "EscalationId", "TenantId", "Step", "Level", "TargetMemberId", "ReachedAt" FROM "EscalationSteps" ORDER BY "EscalationId" """;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)));
        }

        Assert.Equal(["7|1|0|TeamLead|11|2026-11-02 01:41:00", "8|1|1|RegionManager|12|2026-11-02 02:11:00"], steps);
    }

    /// <summary>
    /// Migrations are append-only: add-migration.sh records each new migration's files with their hash, and a recorded
    /// migration may never change or disappear, nor may an unrecorded one appear.
    /// </summary>
    [Fact]
    public void Migrations_AreAppendOnly()
    {
        var folder = MigrationsFolder();
        var recorded = File.ReadAllLines(Path.Combine(folder, "migrations.lock"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0]);
        var present = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal))
            .ToDictionary(path => Path.GetRelativePath(folder, path).Replace('\\', '/'), Sha256);

        Assert.Empty(recorded.Keys.Except(present.Keys).Select(file => $"{file} was recorded and is gone: migrations are never removed"));
        Assert.Empty(present.Keys.Except(recorded.Keys).Select(file => $"{file} is not recorded: add migrations with api/HeadlessSales.Api/add-migration.sh"));
        Assert.Empty(recorded.Where(entry => present[entry.Key] != entry.Value).Select(entry => $"{entry.Key} changed after it was recorded: add a new migration instead"));
    }

    [PostgresFact]
    public async Task PostgreSql_MigratesAnEmptyDatabase()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var db = new PostgreSqlSalesDbContext(new DbContextOptionsBuilder<PostgreSqlSalesDbContext>().UseNpgsql(database.ConnectionString).Options);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Accounts.IgnoreQueryFilters().CountAsync());
    }

    /// <summary>No SQL Server runs here: its idempotent deployment script is generated and reviewed as a snapshot.</summary>
    [Fact]
    public void SqlServer_IdempotentScript_MatchesSnapshot()
    {
        using var db = new SqlServerSalesDbContext(new DbContextOptionsBuilder<SqlServerSalesDbContext>().UseSqlServer("Server=unused").Options);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

        Assert.Contains("IF NOT EXISTS", script);
        script.Split('\n').MatchSnapshot();
    }

    private static string MigrationsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HeadlessSales.sln")))
            {
                return Path.Combine(directory.FullName, "api", "HeadlessSales.Api", "Infrastructure", "Data", "Migrations");
            }
        }

        throw new InvalidOperationException("HeadlessSales.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Sha256(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(path).ReplaceLineEndings("\n"))));

    private static async Task<List<string>> TablesAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
