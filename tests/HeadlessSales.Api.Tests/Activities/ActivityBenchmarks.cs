using System.Collections.Concurrent;
using System.Diagnostics;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Activities;

/// <summary>
/// Issue 5's speed goals through the public API (runs only with <c>HEADLESSSALES_BENCH</c> set): 16 concurrent
/// writers logging 10,000 follow-ups on one team's leads, then that team's manager board.
/// </summary>
public sealed class ActivityBenchmarks(ITestOutputHelper output)
{
    private const int Writers = 16;
    private const int Activities = 10_000;
    private const int Leads = 500;
    private static readonly string[][] TagSets = [["FIRST_CONTACT"], ["PRICE_CONCERN"], ["NEEDS_DISCOVERY", "BUDGET_CONFIRMED"], ["COMPETITOR_COMPARISON"], ["SOLUTION_DEMO"], ["COMMERCIAL_NEGOTIATION"]];

    private const string BoardQuery = """
        query($team: ID!) { managerBoard(teamId: $team) {
          recentFollowUps(first: 20) { totalCount nodes { id kind occurredAt summary member { name } tags { nameZh } } }
          overdueFollowUps(first: 20) { totalCount nodes { subjectId overdueSince step { step { code } } owner { name } } } } }
        """;

    [BenchFact]
    public async Task LoggingUnderSixteenWriters_ThenTheBoardOfATeamWithTenThousandFollowUps()
    {
        await PostgresTestDatabase.OnEachProviderAsync(MeasureAsync);
    }

    private async Task MeasureAsync(string? postgres, string provider)
    {
        // HEADLESSSALES_BENCH_ROLLUPS=off measures without the process-health roll-up bookkeeping, to show its cost.
        var healthRollups = Environment.GetEnvironmentVariable("HEADLESSSALES_BENCH_ROLLUPS") != "off";
        using var host = new BenchHost(postgres, healthRollups: healthRollups);
        var client = host.CreateGraphQLClient();
        var team = (await client.QueryAsync("{ teams(first: 1) { nodes { id } } }"))["teams"]!["nodes"]![0]!["id"]!.GetValue<string>();
        await client.QueryAsync("mutation($t: ID!) { createAssignmentRule(input: { name: \"全部轮询\", position: 0, strategy: ROUND_ROBIN, teamId: $t }) { errors { __typename } } }", new { t = team });
        await host.ImportAsync(Leads, "bench");
        var leads = new List<(string Id, string Owner)>();
        string? after = null;
        do
        {
            var page = (await client.QueryAsync("query($a: String) { leads(first: 100, after: $a) { pageInfo { hasNextPage endCursor } nodes { id owner { id } } } }", new { a = after }))["leads"]!;
            leads.AddRange(page["nodes"]!.AsArray().Select(n => (n!["id"]!.GetValue<string>(), n["owner"]!["id"]!.GetValue<string>())));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        // The follow-ups happened over the last 60 days, spread so that many leads are behind on a step.
        var now = host.Clock.GetUtcNow();
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            var writer = host.CreateGraphQLClient();
            for (var i = Interlocked.Increment(ref next); i < Activities; i = Interlocked.Increment(ref next))
            {
                var (leadId, owner) = leads[i % leads.Count];
                var input = new
                {
                    subjectId = leadId,
                    kind = (i % 3) switch { 0 => "CALL", 1 => "VISIT", _ => "EMAIL" },
                    occurredAt = (now - TimeSpan.FromMinutes((Activities - i) * 8)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                    tagCodes = TagSets[i / leads.Count % TagSets.Length],
                    concerns = i % 4 == 0 ? new[] { "价格高于预算" } : Array.Empty<string>(),
                    nextStep = "再次联系",
                    memberId = owner,
                };
                var started = Stopwatch.GetTimestamp();
                var payload = (await writer.QueryAsync(ActivitiesFixture.LogActivity, new { input }))["logActivity"]!;
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());
            }
        }));
        total.Stop();
        var writes = latencies.Order().ToList();
        output.WriteLine($"{provider} (health roll-ups {(healthRollups ? "on" : "off")}): logActivity, {Writers} concurrent writers, {Activities:N0} follow-ups on {leads.Count} leads: " +
            $"p50 {Percentile(writes, 0.50):F1} ms, p99 {Percentile(writes, 0.99):F1} ms, {Activities / total.Elapsed.TotalSeconds:F0} follow-ups/s");

        var first = await client.QueryAsync(BoardQuery, new { team });
        Assert.True(first["managerBoard"]!["recentFollowUps"]!["totalCount"]!.GetValue<int>() >= Activities);
        var overdue = first["managerBoard"]!["overdueFollowUps"]!["totalCount"]!.GetValue<int>();
        var reads = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.QueryAsync(BoardQuery, new { team });
            reads.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        reads.Sort();
        var concurrent = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            var reader = host.CreateGraphQLClient();
            for (var i = 0; i < 25; i++)
            {
                await reader.QueryAsync(BoardQuery, new { team });
            }
        }));
        concurrent.Stop();
        output.WriteLine($"{provider}: managerBoard of a team with {Activities:N0} follow-ups ({overdue} overdue leads), 20 + 20 rows with totals: " +
            $"p50 {Percentile(reads, 0.50):F1} ms, p99 {Percentile(reads, 0.99):F1} ms sequential; {Writers * 25 / concurrent.Elapsed.TotalSeconds:F0} boards/s with {Writers} concurrent readers");
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
