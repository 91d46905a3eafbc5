using System.Diagnostics;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HeadlessSales.Api.Tests.Infrastructure;

/// <summary>The size of the benchmarks' tenant: leads, ten follow-ups each, spread over <paramref name="Weeks"/> weeks.</summary>
public sealed record VolumeShape(int Leads, int Weeks = 26)
{
    /// <summary>The 100,000 leads, or <c>HEADLESSSALES_BENCH_LEADS</c> for a quick look.</summary>
    public static VolumeShape FromEnvironment(int weeks = 26) => new(
        Environment.GetEnvironmentVariable("HEADLESSSALES_BENCH_LEADS") is { Length: > 0 } scaled ? int.Parse(scaled) : 100_000, weeks);
}

/// <summary>
/// Records a benchmark adds on top of the volume tenant (e.g. the rhythm's contracts and signals), seeded once into their own kept
/// copy named after <paramref name="Name"/>: bump the name when <paramref name="SeedAsync"/> changes what it writes.
/// </summary>
public sealed record VolumeLayer(string Name, Func<ISalesDbContextPool, long, DateTime, Task> SeedAsync);

/// <summary>
/// The benchmarks' tenant: 200 reps in 25 teams and 5 regions, 4,000 accounts, and <see cref="VolumeShape"/>'s leads and
/// follow-ups, made by the seed command's own seeders on the tests' clock, with an integration client of every scope.
/// Seeding 100,000 leads takes minutes (SQLite more than PostgreSQL), so it is done once per machine and shape and kept
/// (a data folder under the temp folder; a PostgreSQL database used as a template); each run works on a copy, so what a
/// benchmark writes never reaches the next one. A copy made before a new migration is migrated forward when its host
/// starts, as any production database is. The process-health roll-ups are not built in the copy:
/// benchmarks that compare raw and rolled-up figures need the raw state first.
/// </summary>
public sealed class VolumeTenant : IAsyncDisposable
{
    /// <summary>Bump when the seeders change what they write: the cached tenants of older versions are then not used.</summary>
    private const int SeedVersion = 1;

    private const string Slug = "volume";
    private const string ClientId = "bench-volume";
    private const string ClientSecret = "bench-volume-secret";

    private readonly PostgresTestDatabase? _database;
    private GraphQLTestClient? _client;

    private VolumeTenant(VolumeShape shape, BenchHost host, long tenantId, TimeSpan seeding, PostgresTestDatabase? database)
    {
        Shape = shape;
        Host = host;
        TenantId = tenantId;
        Seeding = seeding;
        _database = database;
    }

    public VolumeShape Shape { get; }

    public BenchHost Host { get; }

    public long TenantId { get; }

    /// <summary>How long this run spent seeding: zero when a kept tenant was copied.</summary>
    public TimeSpan Seeding { get; }

    /// <summary>For the benchmarks' output: "seeded in N s" or "a copy of the kept tenant".</summary>
    public string SeedingNote => Seeding == TimeSpan.Zero ? "a copy of the kept tenant" : $"seeded in {Seeding.TotalSeconds:F0} s";

    public ISalesDbContextPool Pool => Host.Services.GetRequiredService<ISalesDbContextPool>();

    /// <summary>The tenant's integration client, every scope.</summary>
    public async Task<GraphQLTestClient> ClientAsync() =>
        _client ??= Host.CreateGraphQLClient(await new TokenClient(Host).ClientCredentialsAsync(ClientId, ClientSecret));

    /// <summary>Runs <paramref name="run"/> on a copy of the SQLite tenant, then of the PostgreSQL one when a server is configured.</summary>
    /// <param name="layer">Records added on top of the tenant, kept seeded in their own copy (the plain tenant's copies are not touched).</param>
    public static async Task OnEachProviderAsync(VolumeShape shape, Func<VolumeTenant, string, Task> run, bool realClock = false, bool healthRollups = true, VolumeLayer? layer = null)
    {
        await using (var sqlite = await OpenSqliteAsync(shape, realClock, healthRollups, layer))
        {
            await run(sqlite, "SQLite");
        }

        if (PostgresTestDatabase.ServerConnectionString is not null)
        {
            await using var postgres = await OpenPostgresAsync(shape, realClock, healthRollups, layer);
            await run(postgres, "PostgreSQL");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static async Task<VolumeTenant> OpenSqliteAsync(VolumeShape shape, bool realClock, bool healthRollups, VolumeLayer? layer)
    {
        var (kept, seeding) = await KeptSqliteAsync(shape, null);
        if (layer is not null)
        {
            (kept, var layering) = await KeptSqliteAsync(shape, layer);
            seeding += layering;
        }

        var copy = Path.Combine(Path.GetTempPath(), "headlesssales-tests", Guid.NewGuid().ToString("N"));
        CopyFiles(kept, copy);
        var host = new BenchHost(null, realClock, healthRollups, dataFolder: copy);
        return new VolumeTenant(shape, host, await TenantIdAsync(host), seeding, null);
    }

    /// <summary>The kept data folder of the tenant (or of the tenant with <paramref name="layer"/>, made from a copy of the tenant's), seeded first if missing.</summary>
    private static async Task<(string Folder, TimeSpan Seeding)> KeptSqliteAsync(VolumeShape shape, VolumeLayer? layer)
    {
        var kept = Path.Combine(Path.GetTempPath(), "headlesssales-volume", "sqlite-" + Key(shape, layer));
        if (Directory.Exists(kept))
        {
            return (kept, TimeSpan.Zero);
        }

        var building = kept + ".building-" + Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        if (layer is null)
        {
            await using var seeder = new BenchHost(null, dataFolder: building, keepDataFolder: true);
            await SeedAsync(seeder, shape);
        }
        else
        {
            CopyFiles(Path.Combine(Path.GetTempPath(), "headlesssales-volume", "sqlite-" + Key(shape, null)), building);
            await using var seeder = new BenchHost(null, dataFolder: building, keepDataFolder: true);
            await SeedLayerAsync(seeder, layer);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        MoveUnlessTaken(building, kept);
        return (kept, clock.Elapsed);
    }

    private static void CopyFiles(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static async Task<VolumeTenant> OpenPostgresAsync(VolumeShape shape, bool realClock, bool healthRollups, VolumeLayer? layer)
    {
        var (template, seeding) = await KeptPostgresAsync(shape, null);
        if (layer is not null)
        {
            (template, var layering) = await KeptPostgresAsync(shape, layer);
            seeding += layering;
        }

        var database = await PostgresTestDatabase.CreateAsync(template);
        var host = new BenchHost(database.ConnectionString, realClock, healthRollups);
        return new VolumeTenant(shape, host, await TenantIdAsync(host), seeding, database);
    }

    /// <summary>The template database of the tenant (or of the tenant with <paramref name="layer"/>, a copy of the tenant's), seeded first if missing.</summary>
    private static async Task<(string Template, TimeSpan Seeding)> KeptPostgresAsync(VolumeShape shape, VolumeLayer? layer)
    {
        var template = TemplateName(shape, layer);
        await using var admin = new NpgsqlConnection(PostgresTestDatabase.AdminConnectionString());
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", template);
        if (await exists.ExecuteScalarAsync() is not null)
        {
            return (template, TimeSpan.Zero);
        }

        var clock = Stopwatch.StartNew();
        var building = await PostgresTestDatabase.CreateAsync(layer is null ? null : TemplateName(shape, null));
        await using (var seeder = new BenchHost(building.ConnectionString))
        {
            if (layer is null)
            {
                await SeedAsync(seeder, shape);
            }
            else
            {
                await SeedLayerAsync(seeder, layer);
            }
        }

        NpgsqlConnection.ClearAllPools();
        var buildingName = new NpgsqlConnectionStringBuilder(building.ConnectionString).Database;
        await using var rename = new NpgsqlCommand($"ALTER DATABASE \"{buildingName}\" RENAME TO \"{template}\"", admin);
        await rename.ExecuteNonQueryAsync();
        return (template, clock.Elapsed);
    }

    private static string TemplateName(VolumeShape shape, VolumeLayer? layer) => "headlesssales_volume_" + Key(shape, layer).Replace('-', '_');

    private static async Task SeedLayerAsync(BenchHost host, VolumeLayer layer) =>
        await layer.SeedAsync(host.Services.GetRequiredService<ISalesDbContextPool>(), await TenantIdAsync(host), host.Clock.GetUtcNow().UtcDateTime.Date);

    private static async Task SeedAsync(BenchHost host, VolumeShape shape)
    {
        var pool = host.Services.GetRequiredService<ISalesDbContextPool>();
        var until = host.Clock.GetUtcNow().UtcDateTime.Date;
        var tenantId = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 5, TeamsPerRegion = 5, RepsPerTeam = 8, Accounts = 4_000, ContactsPerAccount = 1 },
            null, CancellationToken.None, Slug, "Volume Co.");
        await new ProcessVolumeSeeder(pool).SeedAsync(tenantId, new ProcessVolume(shape.Leads, shape.Leads * 10, until, shape.Weeks), null, CancellationToken.None);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationClientService>()
            .CreateAsync(tenantId, "Bench", Scopes.All, CancellationToken.None, ClientId, ClientSecret);
    }

    private static async Task<long> TenantIdAsync(BenchHost host)
    {
        await using var db = host.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        return await db.Tenants.Where(t => t.Slug == Slug).Select(t => t.Id).SingleAsync();
    }

    /// <summary>Two runs that seed at once both finish; the first to arrive is kept.</summary>
    private static void MoveUnlessTaken(string building, string kept)
    {
        try
        {
            Directory.Move(building, kept);
        }
        catch (IOException) when (Directory.Exists(kept))
        {
            Directory.Delete(building, recursive: true);
        }
    }

    private static string Key(VolumeShape shape, VolumeLayer? layer) => $"{shape.Leads}-{shape.Weeks}-v{SeedVersion}" + (layer is null ? string.Empty : "-" + layer.Name);
}
