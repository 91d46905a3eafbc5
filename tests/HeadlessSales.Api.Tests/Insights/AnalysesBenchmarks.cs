using System.Diagnostics;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Insights;

/// <summary>
/// Issue 20's speed goals for clustering and bottlenecks on the `volume` tenant (200 reps, 100,000 leads, 1,000,000
/// follow-ups, made by the seed command's own seeders), on SQLite and PostgreSQL, through the public API. Runs with
/// <c>HEADLESSSALES_BENCH=1</c>; <c>HEADLESSSALES_BENCH_LEADS</c> scales it down (follow-ups: ten per lead).
/// </summary>
public sealed class AnalysesBenchmarks(ITestOutputHelper output)
{
    private const int Runs = 10;

    private const string Clusters = """
        query($period: PeriodInput!) { behaviourClusters(input: { period: $period, scope: { tenant: true } }) { clusters { index explanation } reps { flagged } } }
        """;

    private const string Bottlenecks = """
        { stageBottlenecks(first: 100) { daysInStage suggestedHelpers { moves meanDays } } }
        """;

    [BenchFact]
    public async Task ClusteringAndBottlenecks_TwoHundredReps_HundredThousandLeads_MillionFollowUps()
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
        await new ProcessVolumeSeeder(pool).SeedAsync(tenantId, new ProcessVolume(leads, leads * 10, until), null, CancellationToken.None);
        seeding.Stop();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IntegrationClientService>()
                .CreateAsync(tenantId, "Bench", Scopes.All, CancellationToken.None, "bench-analyses", "bench-analyses-secret");
        }

        var client = host.CreateGraphQLClient(await new TokenClient(host).ClientCredentialsAsync("bench-analyses", "bench-analyses-secret"));
        var period = new { from = until.AddDays(-28).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), to = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") };
        var (clusters, clusterMax) = await P50Async(async () =>
        {
            var data = await client.QueryAsync(Clusters, new { period });
            Assert.Equal(200, data["behaviourClusters"]!["reps"]!.AsArray().Count);
        });
        var stuck = 0;
        var (bottlenecks, bottleneckMax) = await P50Async(async () => stuck = (await client.QueryAsync(Bottlenecks))["stageBottlenecks"]!.AsArray().Count);
        output.WriteLine($"{provider}: {leads:N0} leads, {leads * 10:N0} follow-ups, 200 reps (seeded in {seeding.Elapsed.TotalSeconds:F0} s): "
            + $"behaviourClusters of the tenant over 4 weeks p50 {clusters:F0} ms (max {clusterMax:F0}); stageBottlenecks (first 100, {stuck} listed) p50 {bottlenecks:F0} ms "
            + $"(max {bottleneckMax:F0}); {Runs} runs after 2 warm-ups; load average {LeadBenchmarks.LoadAverage()}");
    }

    private static async Task<(double P50, double Max)> P50Async(Func<Task> run)
    {
        var samples = new List<double>();
        for (var i = -2; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            if (i >= 0)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        samples.Sort();
        return (samples[Runs / 2], samples[^1]);
    }
}
