using System.Diagnostics;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.Features.Insights.Clustering;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.EntityFrameworkCore;
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
        await VolumeTenant.OnEachProviderAsync(VolumeShape.FromEnvironment(), MeasureAsync);
    }

    private async Task MeasureAsync(VolumeTenant volume, string provider)
    {
        var (host, pool, tenantId) = (volume.Host, volume.Pool, volume.TenantId);
        var until = host.Clock.GetUtcNow().UtcDateTime.Date;
        var client = await volume.ClientAsync();
        var period = new { from = until.AddDays(-28).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), to = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") };
        var (clusters, clusterMax) = await P50Async(async () =>
        {
            var data = await client.QueryAsync(Clusters, new { period });
            Assert.Equal(200, data["behaviourClusters"]!["reps"]!.AsArray().Count);
        });
        // The same clustering split into its parts, engine level: the metric queries, then k-means and the flags.
        var scope = new AttributionScope(AttributionScopeKind.Tenant, null);
        await using var db = pool.Rent(tenantId);
        var reps = await AttributionAnalysis.RepsIn(db, scope).Select(m => m.Id).ToListAsync();
        var from = until.AddDays(-28);
        IReadOnlyList<RepFigures> figures = [];
        var (metrics, _) = await P50Async(async () => figures = await BehaviourMetricReader.ReadAsync(db, reps.Select(id => (id, false)).ToList(), from, until, CancellationToken.None));
        var (kMeans, _) = await P50Async(() => Task.FromResult(BehaviourClustering.Cluster(figures, BehaviourClusterQueries.DefaultClusters, seed: 1)));
        var stuck = 0;
        var (bottlenecks, bottleneckMax) = await P50Async(async () => stuck = (await client.QueryAsync(Bottlenecks))["stageBottlenecks"]!.AsArray().Count);
        output.WriteLine($"{provider}: {volume.Shape.Leads:N0} leads, {volume.Shape.Leads * 10:N0} follow-ups, 200 reps ({volume.SeedingNote}): "
            + $"behaviourClusters of the tenant over 4 weeks p50 {clusters:F0} ms (max {clusterMax:F0}); stageBottlenecks (first 100, {stuck} listed) p50 {bottlenecks:F0} ms "
            + $"(max {bottleneckMax:F0}); engine level: the metric queries p50 {metrics:F0} ms, k-means and flags p50 {kMeans:F0} ms; {Runs} runs after 2 warm-ups; "
            + $"load average {LeadBenchmarks.LoadAverage()}");
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
