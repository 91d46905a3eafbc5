using System.Diagnostics;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Integration;

/// <summary>
/// Webhook delivery with the sender's own loop running (woken by commits, as in production): throughput to a local
/// receiver, and lateness = receipt at the receiver − the moment the mutation that raised the event returned.
/// </summary>
public sealed class WebhookBenchmarks(ITestOutputHelper output)
{
    private static readonly TimeSpan LatenessGoal = TimeSpan.FromSeconds(1);

    /// <summary>Eight writers as fast as they go: delivery throughput, and lateness while the writers share SQLite's one write lock with the sender.</summary>
    [BenchFact]
    public Task Delivery_Throughput_UnderEightWriters() => MeasureAsync(events: 500, writers: 8, LatenessGoal);

    /// <summary>One writer: lateness when the sender is not queueing behind a saturated database (the goal: p99 under 1 s).</summary>
    [BenchFact]
    public Task Delivery_Lateness_OneWriter() => MeasureAsync(events: 200, writers: 1, LatenessGoal);

    /// <summary>The same two runs on PostgreSQL (a fresh database each), where writers and outcomes lock rows, not the database.</summary>
    [BenchFact]
    public Task OnPostgreSql_Delivery_Lateness_OneWriter() => OnPostgreSqlAsync(events: 200, writers: 1);

    [BenchFact]
    public Task OnPostgreSql_Delivery_Throughput_UnderEightWriters() => OnPostgreSqlAsync(events: 500, writers: 8);

    private async Task OnPostgreSqlAsync(int events, int writers)
    {
        if (PostgresTestDatabase.ServerConnectionString is null)
        {
            output.WriteLine($"{PostgresTestDatabase.Variable} is not set: PostgreSQL not measured.");
            return;
        }

        await using var database = await PostgresTestDatabase.CreateAsync();
        await MeasureAsync(events, writers, LatenessGoal, database.ConnectionString);
    }

    /// <summary>
    /// SQL commands the idle loop sends (webhook tables and the journal) over five idle minutes of the host's clock:
    /// with a 1 s poll (the loop as it was) and with the 30 s backstop it now sleeps to.
    /// </summary>
    [BenchFact]
    public async Task IdleLoop_QueriesPerSecond()
    {
        foreach (var interval in new[] { "00:00:01", "00:00:30" })
        {
            await using var host = new WebhookHost(pollInterval: interval);
            await host.CreateGraphQLClient().QueryAsync("{ tenant { id } }");
            var settle = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (host.Sender.NextLookAt is null && DateTime.UtcNow < settle)
            {
                await Task.Delay(5);
            }

            host.Commands.Start();
            const int seconds = 300;
            for (var i = 0; i < seconds; i++)
            {
                host.Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(10);
            }

            var queries = host.Commands.Stop().Count(c => c.Contains("Webhook", StringComparison.Ordinal) || c.Contains("JournalEntries", StringComparison.Ordinal));
            output.WriteLine($"poll interval {interval}: {queries} queries in {seconds} idle seconds = {queries / (double)seconds:0.000} per second");
        }
    }

    private async Task MeasureAsync(int events, int writers, TimeSpan? latenessGoal, string? postgreSqlConnectionString = null)
    {
        // The production loop: woken by commits and attempts' ends, with its 30 s backstop.
        await using var host = new WebhookHost(pollInterval: "00:00:30", postgreSqlConnectionString: postgreSqlConnectionString);
        await using var receiver = new WebhookReceiver();
        var client = host.CreateGraphQLClient();
        var (_, secret) = await WebhookTests.RegisterAsync(client, receiver.Url, ["account.changed"]);
        receiver.Secrets.Add(secret);
        // Warm-up: the first mutation and delivery pay for JIT and connection setup.
        await WebhookTests.NewAccountAsync(client, "预热");
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));

        var outcomesBefore = host.Sender.OutcomeWrites;
        var committed = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTime>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            for (var i = w; i < events; i += writers)
            {
                var id = await WebhookTests.NewAccountAsync(client, $"压测 {i}");
                committed[id] = DateTime.UtcNow;
            }
        }));
        var written = watch.Elapsed;
        await receiver.WaitForAsync(events + 1, TimeSpan.FromMinutes(5));
        watch.Stop();

        var received = receiver.Received.Skip(1).ToList();
        var lateness = received.Select(r => (r.ReceivedAt - committed[r.Json["subjectId"]!.GetValue<string>()]).TotalMilliseconds).Order().ToList();
        double Percentile(double p) => lateness[Math.Min(lateness.Count - 1, (int)Math.Ceiling(p * lateness.Count) - 1)];
        var outcomes = host.Sender.OutcomeWrites;
        output.WriteLine($"{(postgreSqlConnectionString is null ? "SQLite" : "PostgreSQL")}: " +
            $"{events} events by {writers} writers in {written.TotalSeconds:0.00} s; all delivered after {watch.Elapsed.TotalSeconds:0.00} s " +
            $"({events / watch.Elapsed.TotalSeconds:0} deliveries/s); lateness p50 {Percentile(0.5):0} ms, p99 {Percentile(0.99):0} ms, max {lateness[^1]:0} ms; " +
            $"{outcomes.Outcomes - outcomesBefore.Outcomes} outcomes in {outcomes.Transactions - outcomesBefore.Transactions} writes; " +
            $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Assert.Equal(events, received.Select(r => r.Id).Distinct().Count());
        Assert.All(received, r => Assert.Equal(new[] { secret }, r.VerifiedWith));
        if (latenessGoal is { } goal)
        {
            Assert.True(Percentile(0.99) < goal.TotalMilliseconds, $"lateness p99 {Percentile(0.99):0} ms");
        }
    }
}
