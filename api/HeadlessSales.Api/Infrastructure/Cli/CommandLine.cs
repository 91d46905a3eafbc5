using System.Globalization;
using GraphQL;
using GraphQL.Utilities;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.Cli;

/// <summary>The host's maintenance commands; anything else starts the server.</summary>
public static class CommandLine
{
    private const string Usage = """
        Commands:
          (none)                                 start the server
          export-schema [file]                   write the schema SDL (default: the repository's schema/schema.graphql)
          seed [--tenant slug] [--reps N] [--accounts N] [--contacts-per-account N]
               [--leads N] [--activities N] [--until yyyy-MM-dd]
                                                 add a deterministic tenant (default: the demo scale); with --leads,
                                                 also 26 weeks of process history up to --until (default: today):
                                                 leads, assignments, first responses, opportunities, follow-ups
        """;

    /// <returns>The exit code when <paramref name="args"/> named a command, null to start the server.</returns>
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        // A command comes first; anything else (--urls, Key=Value) is host configuration.
        var command = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=') ? args[0] : null;
        switch (command)
        {
            case null:
                return null;
            case "export-schema":
                return await ExportSchemaAsync(app, args.Skip(1).FirstOrDefault(a => !a.StartsWith('-')) ?? DefaultSchemaPath(app.Environment.ContentRootPath));
            case "seed":
                return await SeedAsync(app, args);
            case "help" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default:
                Console.Error.WriteLine($"Unknown command '{command}'.");
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>The SDL exactly as the contract test compares it.</summary>
    public static string PrintSchema(IServiceProvider services)
    {
        var schema = services.GetRequiredService<HeadlessSalesSchema>();
        schema.Initialize();
        return schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true, StringComparison = StringComparison.Ordinal })
            .ReplaceLineEndings("\n").TrimEnd() + "\n";
    }

    /// <summary><c>schema/schema.graphql</c> of the repository the host runs from (found by its solution file).</summary>
    public static string DefaultSchemaPath(string startFolder)
    {
        for (var folder = new DirectoryInfo(startFolder); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HeadlessSales.sln")))
            {
                return Path.Combine(folder.FullName, "schema", "schema.graphql");
            }
        }

        return Path.Combine(startFolder, "schema", "schema.graphql");
    }

    private static async Task<int> ExportSchemaAsync(WebApplication app, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, PrintSchema(app.Services));
        Console.WriteLine($"Wrote {Path.GetFullPath(path)}");
        return 0;
    }

    private static async Task<int> SeedAsync(WebApplication app, string[] args)
    {
        var scale = DemoDataSeeder.DemoScale;
        var slug = Option(args, "--tenant") ?? DemoDataSeeder.DemoTenantSlug;
        if (Option(args, "--reps") is { } repsText)
        {
            var reps = int.Parse(repsText, CultureInfo.InvariantCulture);
            // Keep teams of about eight reps spread over six regions.
            var teams = Math.Max(1, (int)Math.Ceiling(reps / 8.0));
            var regions = Math.Min(6, teams);
            var teamsPerRegion = (int)Math.Ceiling(teams / (double)regions);
            scale = scale with { Regions = regions, TeamsPerRegion = teamsPerRegion, RepsPerTeam = (int)Math.Ceiling(reps / (double)(regions * teamsPerRegion)) };
        }

        if (Option(args, "--accounts") is { } accounts)
        {
            scale = scale with { Accounts = int.Parse(accounts, CultureInfo.InvariantCulture) };
        }

        if (Option(args, "--contacts-per-account") is { } contacts)
        {
            scale = scale with { ContactsPerAccount = int.Parse(contacts, CultureInfo.InvariantCulture) };
        }

        var leads = Option(args, "--leads") is { } leadsText ? int.Parse(leadsText, CultureInfo.InvariantCulture) : 0;
        var activities = Option(args, "--activities") is { } activitiesText ? int.Parse(activitiesText, CultureInfo.InvariantCulture) : leads * 10;
        var until = Option(args, "--until") is { } untilText
            ? DateTime.SpecifyKind(DateTime.ParseExact(untilText, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        if (leads < 0 || activities < 0 || (activities > 0 && leads == 0))
        {
            Console.Error.WriteLine("--leads and --activities are counts; follow-ups need leads to be about.");
            return 2;
        }

        var pool = app.Services.GetRequiredService<ISalesDbContextPool>();
        await using (var db = pool.RentAcrossTenants())
        {
            await db.Database.MigrateAsync();
            if (await db.Tenants.AnyAsync(t => t.Slug == slug))
            {
                Console.Error.WriteLine($"A tenant '{slug}' exists already; choose another with --tenant.");
                return 1;
            }
        }

        Console.WriteLine($"Seeding tenant '{slug}': {scale.Reps} reps in {scale.Regions * scale.TeamsPerRegion} teams, {scale.Accounts:N0} accounts, {scale.Accounts * scale.ContactsPerAccount:N0} contacts");
        var started = TimeProvider.System.GetTimestamp();
        var progress = new ConsoleProgress();
        var tenantId = await new DemoDataSeeder(pool).SeedAsync(scale, progress, CancellationToken.None, slug, $"{slug} tenant");
        if (leads > 0)
        {
            await new ProcessVolumeSeeder(pool).SeedAsync(tenantId, new ProcessVolume(leads, activities, until), progress, CancellationToken.None);
        }

        progress.Finish();
        Console.WriteLine($"Done in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>A one-line progress bar that rewrites itself on a terminal and prints plain lines otherwise.</summary>
    private sealed class ConsoleProgress : IProgress<SeedProgress>
    {
        private string? _stage;

        public void Report(SeedProgress value)
        {
            var width = 30;
            var filled = value.Total == 0 ? width : (int)((long)value.Done * width / value.Total);
            var line = $"{value.Stage,-10} [{new string('#', filled)}{new string('.', width - filled)}] {value.Done:N0}/{value.Total:N0}";
            if (Console.IsOutputRedirected)
            {
                Console.WriteLine(line);
                return;
            }

            if (_stage is not null && _stage != value.Stage)
            {
                Console.WriteLine();
            }

            _stage = value.Stage;
            Console.Write("\r" + line);
        }

        public void Finish()
        {
            if (!Console.IsOutputRedirected)
            {
                Console.WriteLine();
            }
        }
    }
}
