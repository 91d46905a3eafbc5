using System.Globalization;
using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using static HeadlessSales.Api.Infrastructure.Cli.CommandLine;

namespace HeadlessSales.Api.Demo;

/// <summary><c>seed</c>: adds a deterministic tenant, and with <c>--leads</c> or <c>--process-history</c> its process history.</summary>
public sealed class SeedCommand : IHostCommand
{
    public string Name => "seed";

    public string Usage => """
          seed [--tenant slug] [--reps N] [--accounts N] [--contacts-per-account N]
               [--leads N] [--activities N] [--until yyyy-MM-dd] [--process-history]
                                                 add a deterministic tenant (default: the demo scale); with --leads,
                                                 also 26 weeks of process history up to --until (default: today):
                                                 leads, assignments, first responses, opportunities, follow-ups;
                                                 with --process-history instead, the demo tenant's eight weeks up
                                                 to now (assignment rules, the 方案报价 gate, SOP trails, every
                                                 stage, contracts and collections, four designed problems);
                                                 prints an admin login and an integration client once
        """;

    public async Task<int> RunAsync(WebApplication app, string[] args)
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

        var processHistory = args.Contains("--process-history");
        if (processHistory && leads > 0)
        {
            Console.Error.WriteLine("--process-history and --leads are two kinds of history; choose one.");
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
        // The demo's history ends at the moment of seeding (or at the end of --until's day), as on a first start.
        var historyUntil = processHistory ? (Option(args, "--until") is null ? TimeProvider.System.GetUtcNow().UtcDateTime : until.AddDays(1)) : (DateTime?)null;
        var (tenantId, waysIn) = await SeedAsync(app.Services, slug, scale, historyUntil, progress);
        if (leads > 0)
        {
            await new ProcessVolumeSeeder(pool).SeedAsync(tenantId, new ProcessVolume(leads, activities, until), progress, CancellationToken.None);
        }

        progress.Finish();
        Console.WriteLine("Ways in (shown once: the password and the secret are stored only as hashes):");
        Console.WriteLine($"  admin login:        tenant {slug}, {waysIn.AdminEmail}, password {waysIn.Password}");
        Console.WriteLine($"  integration client: client_id {waysIn.ClientId}, client_secret {waysIn.Secret}");

        Console.WriteLine($"Done in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>A seeded tenant and its ways in; with <paramref name="historyUntil"/>, the demo's process history up to then.</summary>
    public static async Task<(long TenantId, WaysIn WaysIn)> SeedAsync(IServiceProvider services, string slug, DataScale scale, DateTime? historyUntil, IProgress<SeedProgress>? progress)
    {
        var tenantId = await new DemoDataSeeder(services.GetRequiredService<ISalesDbContextPool>())
            .SeedAsync(scale, progress, CancellationToken.None, slug, $"{slug} tenant", historyUntil);
        await using var scope = services.CreateAsyncScope();
        return (tenantId, await WaysInAsync(scope.ServiceProvider, tenantId, slug));
    }

    public sealed record WaysIn(string AdminEmail, string Password, string ClientId, string Secret);

    /// <summary>
    /// A seeded tenant must be reachable: its first admin gets a random password and the tenant an integration client with
    /// every scope, both printed once.
    /// </summary>
    private static async Task<WaysIn> WaysInAsync(IServiceProvider services, long tenantId, string slug)
    {
        var adminEmail = $"admin@{slug}.example.com";
        // Random, but always within the password policy: letters, digits and a symbol.
        var password = "Hs-" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('+', '7').Replace('/', '9').TrimEnd('=') + "-1";
        var hasher = services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<Identity.MemberCredential>>();
        await using (var db = services.GetRequiredService<ISalesDbContextPool>().Rent(tenantId))
        {
            var admin = await db.Members.FirstAsync(m => m.Email == adminEmail);
            var credential = db.MemberCredentials.Add(new Identity.MemberCredential { TenantId = tenantId, MemberId = admin.Id, PasswordHash = string.Empty, UpdatedAt = admin.CreatedAt }).Entity;
            credential.SetPassword(hasher.HashPassword(credential, password), TimeProvider.System.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var (client, secret) = await services.GetRequiredService<Identity.IntegrationClientService>()
            .CreateAsync(tenantId, $"{slug} integration", Identity.Scopes.All, CancellationToken.None);
        return new WaysIn(adminEmail, password, client.ClientId, secret);
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
