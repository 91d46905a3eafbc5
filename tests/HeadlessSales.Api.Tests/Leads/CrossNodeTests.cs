using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>Runs only where a Redis server is given in <c>HEADLESSSALES_TEST_REDIS</c> (CI starts one).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public static string? Server => Environment.GetEnvironmentVariable("HEADLESSSALES_TEST_REDIS") is { Length: > 0 } server ? server : null;

    public RedisFactAttribute()
    {
        if (Server is null)
        {
            Skip = "Set HEADLESSSALES_TEST_REDIS (e.g. 127.0.0.1:6379) to run the cross-node tests.";
        }
    }
}

/// <summary>Runs where both Redis and PostgreSQL are given, as in CI.</summary>
public sealed class RedisAndPostgresFactAttribute : FactAttribute
{
    public RedisAndPostgresFactAttribute()
    {
        if (RedisFactAttribute.Server is null || PostgresTestDatabase.ServerConnectionString is null)
        {
            Skip = $"Set HEADLESSSALES_TEST_REDIS and {PostgresTestDatabase.Variable} to run the cross-node tests on PostgreSQL.";
        }
    }
}

/// <summary>
/// One API node of several sharing a database (the SQLite file in the shared folder, or PostgreSQL), the
/// folder's token keys, and a Redis channel.
/// </summary>
public sealed class ApiNode(string dataFolder, string channel, string? postgres = null) : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["HeadlessSales:DataFolder"] = dataFolder,
        ["Database:Provider"] = postgres is null ? "Sqlite" : "PostgreSql",
        ["Database:ConnectionString"] = postgres ?? string.Empty,
        ["Redis:Configuration"] = RedisFactAttribute.Server,
        ["Redis:Channel"] = channel,
        ["DurableTimers:PollInterval"] = "00:00:00",
        // The test moves the clock past a deadline with the subscriber's token and socket open.
        ["Identity:AccessTokenLifetime"] = "1.00:00:00",
    };

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();
}

public sealed class CrossNodeTests
{
    [RedisFact]
    public Task OnSqlite_EscalationFiredOnOneNode_ReachesASubscriberOnTheOther_AndFiresOnlyOnce() => EscalateAcrossNodesAsync(postgres: null);

    [RedisAndPostgresFact]
    public async Task OnPostgreSql_EscalationFiredOnOneNode_ReachesASubscriberOnTheOther_AndFiresOnlyOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await EscalateAcrossNodesAsync(database.ConnectionString);
    }

    private static async Task EscalateAcrossNodesAsync(string? postgres)
    {
        var folder = Path.Combine(Path.GetTempPath(), "headlesssales-tests", "nodes-" + Guid.NewGuid().ToString("N"));
        // A channel of its own, so that parallel test runs against one Redis do not hear each other.
        var channel = $"headlesssales:test:{Guid.NewGuid():N}";
        using var nodeA = new ApiNode(folder, channel, postgres);
        var clientA = nodeA.CreateGraphQLClient();
        using var nodeB = new ApiNode(folder, channel, postgres);
        var before = nodeB.Services.GetRequiredService<IEventBus>().SubscriberCount;
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(nodeB);
        await socket.SubscribeAsync("escalations", "subscription { onEscalationRaised { leadId level escalation { reason } } }");
        for (var waited = 0; nodeB.Services.GetRequiredService<IEventBus>().SubscriberCount == before; waited += 10)
        {
            Assert.True(waited < 5_000, "The subscription did not start.");
            await Task.Delay(10);
        }

        var created = await clientA.QueryAsync(LeadIntakeTests.CreateLead, new { input = new { name = "跨节点", phone = "13911112222", industry = "OTHER", source = "WEBSITE" } });
        var leadId = created["createLead"]!["lead"]!["id"]!.GetValue<string>();
        nodeA.Clock.Advance(TimeSpan.FromMinutes(31));
        nodeB.Clock.Advance(TimeSpan.FromMinutes(31));
        var firedOnA = await nodeA.Timers.RunDueTimersAsync();
        var received = await socket.ReceiveAsync();
        var firedOnB = await nodeB.Timers.RunDueTimersAsync();
        var escalations = await nodeB.CreateGraphQLClient().QueryAsync("query($id: ID!) { escalations(where: { leadIds: [$id] }) { totalCount } }", new { id = leadId });

        // Node A fires what is due (the escalation, and the process-health roll-up refresh that comes due every few
        // minutes); node B finds nothing left: each timer fires on one node only.
        Assert.True(firedOnA >= 1);
        Assert.Equal(0, firedOnB);
        var raised = received!["payload"]!["data"]!["onEscalationRaised"]!;
        Assert.Equal(leadId, raised["leadId"]!.GetValue<string>());
        Assert.Equal("ASSIGNMENT_DEADLINE_MISSED", raised["escalation"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, escalations["escalations"]!["totalCount"]!.GetValue<int>());
    }

    /// <summary>
    /// The same proof with two server processes on loopback ports, as deployed: they share PostgreSQL, the token keys
    /// and Redis, and both poll for due timers. The deadline is made due in the database, as time passing would.
    /// </summary>
    [RedisAndPostgresFact]
    public async Task TwoServerProcesses_OnPostgreSqlAndRedis_EscalateOnce_AndTheOtherProcessStreamsIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("headlesssales-processes-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["HeadlessSales:DataFolder"] = folder,
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Redis:Configuration"] = RedisFactAttribute.Server!,
            ["Redis:Channel"] = $"headlesssales:test:{Guid.NewGuid():N}",
            ["DurableTimers:PollInterval"] = "00:00:00.100",
        };
        try
        {
            await using var nodeA = await ServerProcess.StartAsync(settings);
            await using var nodeB = await ServerProcess.StartAsync(settings);
            await using var socket = await WebSocketTestClient.ConnectAndInitAsync(nodeB.Address, await nodeB.IntegrationTokenAsync());
            await socket.SubscribeAsync("escalations", "subscription { onEscalationRaised { leadId escalation { reason } } }");
            // A ping answered means node B has read the subscribe before it; the pause lets the subscription start listening.
            await socket.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (await socket.ReceiveAsync())?["type"]?.GetValue<string>());
            await Task.Delay(500);

            var created = await (await nodeA.CreateGraphQLClientAsync()).QueryAsync(LeadIntakeTests.CreateLead,
                new { input = new { name = "两个进程", phone = "13922223333", industry = "OTHER", source = "WEBSITE" } });
            var leadId = created["createLead"]!["lead"]!["id"]!.GetValue<string>();
            await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var due = new Npgsql.NpgsqlCommand("UPDATE \"ScheduledTimers\" SET \"DueAt\" = now() - interval '1 minute' WHERE \"Kind\" = @kind AND \"SubjectId\" = @lead AND \"FiredAt\" IS NULL", connection);
                // Other modules' timers (the health and insights schedules) have subject ids of their own kinds.
                due.Parameters.AddWithValue("kind", HeadlessSales.Api.Features.Leads.LeadSopTimerHandler.AssignmentDeadline);
                due.Parameters.AddWithValue("lead", HeadlessSales.Api.GraphQL.Relay.GlobalId.TryDecode(leadId, "Lead")!.Value);
                Assert.Equal(1, await due.ExecuteNonQueryAsync());
            }

            var received = await socket.ReceiveAsync();
            // Both nodes poll every 100 ms: a second firing would have happened well within this.
            await Task.Delay(1_000);
            var escalations = await (await nodeB.CreateGraphQLClientAsync()).QueryAsync("query($id: ID!) { escalations(where: { leadIds: [$id] }) { totalCount } }", new { id = leadId });

            var raised = received!["payload"]!["data"]!["onEscalationRaised"]!;
            Assert.Equal(leadId, raised["leadId"]!.GetValue<string>());
            Assert.Equal("ASSIGNMENT_DEADLINE_MISSED", raised["escalation"]!["reason"]!.GetValue<string>());
            Assert.Equal(1, escalations["escalations"]!["totalCount"]!.GetValue<int>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
