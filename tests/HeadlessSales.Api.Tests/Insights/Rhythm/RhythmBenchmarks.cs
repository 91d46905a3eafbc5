using System.Diagnostics;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.Features.Insights.Rhythm;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>
/// Issue 20's speed goal for the rhythm and slicing, on the <c>volume</c> tenant (200 reps, 100,000 leads, 1,000,000 follow-ups, made
/// by the seed command's own seeders, plus <see cref="RhythmVolumeSeeder"/>'s contracts and signals): the weekly to-sign lists of all
/// reps, as the job computes them, and one industry × month slice over a year through the API — p50 on SQLite and PostgreSQL.
/// Runs with <c>HEADLESSSALES_BENCH=1</c>; <c>HEADLESSSALES_BENCH_LEADS</c> scales it down (follow-ups: ten per lead).
/// </summary>
public sealed class RhythmBenchmarks(ITestOutputHelper output)
{
    private const int Runs = 11;

    private const string Slice = """
        query($input: SliceInput) { dataSlice(input: $input) { rows { keys { value } values { measure value } } } }
        """;

    [BenchFact]
    public async Task WeeklyListsOfAllReps_AndAYearsIndustryByMonthSlice_OnTheVolumeTenant()
    {
        await PostgresTestDatabase.OnEachProviderAsync(MeasureAsync);
    }

    private async Task MeasureAsync(string? postgres, string provider)
    {
        var leads = Environment.GetEnvironmentVariable("HEADLESSSALES_BENCH_LEADS") is { Length: > 0 } scaled ? int.Parse(scaled) : 100_000;
        using var host = new BenchHost(postgres);
        var pool = host.Services.GetRequiredService<ISalesDbContextPool>();
        var until = host.Clock.GetUtcNow().UtcDateTime.Date;
        var seeding = Stopwatch.StartNew();
        var tenantId = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 5, TeamsPerRegion = 5, RepsPerTeam = 8, Accounts = 4_000, ContactsPerAccount = 1 }, null, CancellationToken.None, "volume", "Volume Co.");
        await new ProcessVolumeSeeder(pool).SeedAsync(tenantId, new ProcessVolume(leads, leads * 10, until, Weeks: 52), null, CancellationToken.None);
        var (contracts, signals) = await new RhythmVolumeSeeder(pool).SeedAsync(tenantId, until, CancellationToken.None);
        seeding.Stop();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IntegrationClientService>()
                .CreateAsync(tenantId, "Bench", Scopes.All, CancellationToken.None, "bench-rhythm", "bench-rhythm-secret");
        }

        var client = host.CreateGraphQLClient(await new TokenClient(host).ClientCredentialsAsync("bench-rhythm", "bench-rhythm-secret"));

        int listed = 0, reps = 0;
        var lists = await MedianAsync(async () =>
        {
            // What the weekly job does, for the whole tenant at once.
            await using var db = pool.Rent(tenantId);
            var settings = await WeeklyToSignJob.SettingsAsync(db, CancellationToken.None);
            var zone = await MonthlyAttributionJob.ZoneAsync(db, tenantId, CancellationToken.None);
            var computed = await ToSignLists.ComputeAsync(db, db.Members.Where(m => m.Role == MemberRole.Rep && m.Active).Select(m => m.Id), until, settings, zone, CancellationToken.None);
            (listed, reps) = (computed.Sum(l => l.Value.Count), computed.Count);
        });

        var year = new
        {
            input = new
            {
                dimensions = new[] { "INDUSTRY", "MONTH" },
                measures = new[] { "OPPORTUNITIES", "WON", "WIN_RATE", "AMOUNT", "CYCLE_DAYS", "PROPOSAL_TO_SIGNATURE_DAYS", "PROPOSAL_PASS_RATE", "FOLLOW_UPS" },
                where = new { from = until.AddYears(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), to = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") },
            },
        };
        var cells = 0;
        var slice = await MedianAsync(async () => cells = (await client.QueryAsync(Slice, year))["dataSlice"]!["rows"]!.AsArray().Count);

        await using var count = pool.Rent(tenantId);
        var opportunities = await count.Opportunities.CountAsync();
        output.WriteLine($"{provider}: seeded in {seeding.Elapsed.TotalSeconds:F0} s ({leads} leads, {leads * 10} follow-ups, {opportunities} opportunities, {contracts} signed contracts, "
            + $"{signals} decision signals); weekly to-sign lists of all reps p50 {lists:F0} ms ({reps} reps with a list, {listed} opportunities listed); "
            + $"industry × month slice over a year, 8 measures, through the API p50 {slice:F0} ms ({cells} cells); p50 of {Runs} runs after one warm-up; "
            + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static async Task<double> MedianAsync(Func<Task> run)
    {
        await run();
        var samples = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return samples[Runs / 2];
    }
}
