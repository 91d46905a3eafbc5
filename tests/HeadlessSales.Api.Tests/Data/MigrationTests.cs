using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Snapshooter.Xunit;

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

    /// <summary>HealthFacts gives the follow-ups stored before it their tag rows: one per distinct tag, with the follow-up's time, member and team.</summary>
    [Fact]
    public async Task Sqlite_HealthFacts_GivesExistingFollowUpsTheirTagRows()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new SqliteSalesDbContext(new DbContextOptionsBuilder<SqliteSalesDbContext>().UseSqlite(connection).Options);
        await db.GetService<IMigrator>().MigrateAsync("HealthMetricIndexes");
        // Only the follow-ups matter here: no tenant or member rows behind them.
        await db.Database.ExecuteSqlRawAsync("""
            PRAGMA foreign_keys = OFF;
            INSERT INTO "Activities" ("Id", "TenantId", "Kind", "SubjectKind", "SubjectId", "MemberId", "TeamId", "OccurredAt", "TagCodes", "Concerns", "Summary", "CreatedAt")
            VALUES (11, 1, 'Call', 'Lead', 7, 3, 4, '2026-06-01 09:00:00', '["FIRST_CONTACT","PRICE_CONCERN","FIRST_CONTACT"]', '[]', 's', '2026-06-01 09:00:00'),
                   (12, 1, 'Visit', 'Account', 8, 5, NULL, '2026-06-02 10:00:00', '["SOLUTION_DEMO"]', '[]', 't', '2026-06-02 10:00:00');
            """);

        await db.Database.MigrateAsync();

        var links = await db.ActivityTagLinks.IgnoreQueryFilters().OrderBy(l => l.ActivityId).ThenBy(l => l.TagCode)
            .Select(l => new { l.TenantId, l.ActivityId, l.TagCode, l.OccurredAt, l.MemberId, l.TeamId }).ToListAsync();
        Assert.Equal(
            [
                new { TenantId = 1L, ActivityId = 11L, TagCode = "FIRST_CONTACT", OccurredAt = new DateTime(2026, 6, 1, 9, 0, 0), MemberId = 3L, TeamId = (long?)4 },
                new { TenantId = 1L, ActivityId = 11L, TagCode = "PRICE_CONCERN", OccurredAt = new DateTime(2026, 6, 1, 9, 0, 0), MemberId = 3L, TeamId = (long?)4 },
                new { TenantId = 1L, ActivityId = 12L, TagCode = "SOLUTION_DEMO", OccurredAt = new DateTime(2026, 6, 2, 10, 0, 0), MemberId = 5L, TeamId = (long?)null },
            ],
            links);
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
