using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Integration;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Integration;

/// <summary>Webhooks through the public API, delivered to a local receiver that verifies them independently.</summary>
public sealed class WebhookTests
{
    private const string CreateEndpoint = """
        mutation($input: CreateWebhookEndpointInput!) {
          createWebhookEndpoint(input: $input) { webhookEndpoint { id enabled } secret errors { __typename ... on UserError { code message } } }
        }
        """;

    private const string CreateAccount = """
        mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } errors { __typename } } }
        """;

    private const string Deliveries = """
        query($endpointId: ID, $statuses: [WebhookDeliveryStatus!]) {
          webhookDeliveries(endpointId: $endpointId, statuses: $statuses, first: 100) {
            nodes { id messageId sequence status attempts nextAttemptAt lastStatusCode lastError eventType }
          }
        }
        """;

    [Fact]
    public async Task Delivery_IsReceivedAndVerified_InSequence()
    {
        await using var host = new WebhookHost();
        await using var receiver = new WebhookReceiver();
        var client = host.CreateGraphQLClient();
        var (endpointId, secret) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        receiver.Secrets.Add(secret);

        var first = await NewAccountAsync(client, "钩子一");
        var second = await NewAccountAsync(client, "钩子二");
        var attempts = await host.Sender.RunOnceAsync();

        Assert.Equal(2, attempts);
        var received = receiver.Received.OrderBy(r => r.Json["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal(new[] { secret }, r.VerifiedWith));
        Assert.Equal(new[] { 1L, 2L }, received.Select(r => r.Json["sequence"]!.GetValue<long>()));
        Assert.Equal(new[] { first, second }, received.Select(r => r.Json["subjectId"]!.GetValue<string>()));
        Assert.All(received, r => Assert.Equal("account.changed", r.Json["type"]!.GetValue<string>()));
        Assert.Equal("Created", received[0].Json["data"]!["kind"]!.GetValue<string>());
        var log = await DeliveriesAsync(client, endpointId);
        Assert.All(log, d => Assert.Equal("DELIVERED", d!["status"]!.GetValue<string>()));
        Assert.Equal(received.Select(r => r.Id).Order(), log.Select(d => d!["messageId"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Rotation_SendsBothSignatures_DuringTheOverlap()
    {
        await using var host = new WebhookHost();
        await using var receiver = new WebhookReceiver();
        var client = host.CreateGraphQLClient();
        var (endpointId, oldSecret) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        var rotated = await client.QueryAsync("mutation($input: WebhookEndpointIdInput!) { rotateWebhookEndpointSecret(input: $input) { secret errors { __typename } } }",
            new { input = new { id = endpointId } });
        var newSecret = rotated["rotateWebhookEndpointSecret"]!["secret"]!.GetValue<string>();
        receiver.Secrets.AddRange([oldSecret, newSecret]);

        await NewAccountAsync(client, "轮换");
        await host.Sender.RunOnceAsync();

        var received = Assert.Single(receiver.Received);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(new[] { oldSecret, newSecret }, received.VerifiedWith);
        Assert.Equal(2, received.Signature.Split(' ').Length);
    }

    [Fact]
    public async Task Receiver500_IsRetriedWithBackoff_WithTheSameWebhookId()
    {
        await using var host = new WebhookHost();
        await using var receiver = new WebhookReceiver { Respond = (n, _) => Task.FromResult(new Answer(n < 2 ? 500 : 200)) };
        var client = host.CreateGraphQLClient();
        var (endpointId, _) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        await NewAccountAsync(client, "重试");

        await host.Sender.RunOnceAsync();
        var afterFirst = Assert.Single(await DeliveriesAsync(client, endpointId))!;
        // First retry 30 s ± 20% later.
        var next = afterFirst["nextAttemptAt"]!.GetValue<DateTime>().ToUniversalTime() - host.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(next.TotalSeconds, 24, 36);
        Assert.Equal(0, await host.Sender.RunOnceAsync());
        host.Clock.Advance(TimeSpan.FromSeconds(37));
        await host.Sender.RunOnceAsync();
        var afterSecond = Assert.Single(await DeliveriesAsync(client, endpointId))!;
        // Then 60 s ± 20%.
        next = afterSecond["nextAttemptAt"]!.GetValue<DateTime>().ToUniversalTime() - host.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(next.TotalSeconds, 48, 72);
        host.Clock.Advance(TimeSpan.FromSeconds(73));
        await host.Sender.RunOnceAsync();

        var done = Assert.Single(await DeliveriesAsync(client, endpointId))!;
        Assert.Equal("DELIVERED", done["status"]!.GetValue<string>());
        Assert.Equal(3, done["attempts"]!.GetValue<int>());
        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        Assert.Single(receiver.Received.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task TheLoop_SleepsUntilTheNextRetry_NotOnceASecond_WokenByCommitsAndByTheRetryTime()
    {
        await using var receiver = new WebhookReceiver { Respond = (n, _) => Task.FromResult(new Answer(n == 0 ? 500 : 200)) };
        // A half-hour backstop: within this test only a commit, an attempt's end or the retry time can wake the loop.
        await using var host = new WebhookHost(pollInterval: "00:30:00");
        var client = host.CreateGraphQLClient();
        var (endpointId, _) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        await NewAccountAsync(client, "唤醒");
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        var retryAt = await SleepingUntilAsync(host, before: host.Clock.GetUtcNow().AddMinutes(1));

        host.Commands.Start();
        var idle = retryAt - host.Clock.GetUtcNow() - TimeSpan.FromSeconds(1);
        for (var waited = TimeSpan.Zero; waited < idle; waited += TimeSpan.FromSeconds(1))
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        var idleQueries = host.Commands.Stop().Count(c => c.Contains("Webhook", StringComparison.Ordinal) || c.Contains("JournalEntries", StringComparison.Ordinal));
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        await receiver.WaitForAsync(2, TimeSpan.FromSeconds(30));

        // The first retry is 30 s ± 20 % after the failure; the old loop looked (4 queries) every second of that wait.
        Assert.InRange(idle.TotalSeconds, 22, 36);
        Assert.Equal(0, idleQueries);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        // The receiver has answered the retry; the loop marks the delivery after the answer (real time, bounded).
        var status = string.Empty;
        for (var until = DateTime.UtcNow.AddSeconds(30); status != "DELIVERED" && DateTime.UtcNow < until; await Task.Delay(20))
        {
            status = Assert.Single(await DeliveriesAsync(client, endpointId))!["status"]!.GetValue<string>();
        }

        Assert.Equal("DELIVERED", status);
    }

    /// <summary>Waits (real time, bounded) until the loop sleeps with a wake-up before <paramref name="before"/>; returns it.</summary>
    private static async Task<DateTimeOffset> SleepingUntilAsync(WebhookHost host, DateTimeOffset before)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (host.Sender.NextLookAt is { } next && next < before)
            {
                return next;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"The loop did not settle to sleep before {before:O} (next look {host.Sender.NextLookAt:O}).");
    }

    [Fact]
    public async Task RetryAfter_IsHonoured()
    {
        await using var host = new WebhookHost();
        await using var receiver = new WebhookReceiver { Respond = (n, _) => Task.FromResult(n == 0 ? new Answer(503, RetryAfterSeconds: 600) : new Answer(204)) };
        var client = host.CreateGraphQLClient();
        var (endpointId, _) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        await NewAccountAsync(client, "稍后再试");

        await host.Sender.RunOnceAsync();
        var waiting = Assert.Single(await DeliveriesAsync(client, endpointId))!;
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime.AddSeconds(600), waiting["nextAttemptAt"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));
        host.Clock.Advance(TimeSpan.FromSeconds(598));
        Assert.Equal(0, await host.Sender.RunOnceAsync());
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await host.Sender.RunOnceAsync());

        Assert.Equal("DELIVERED", Assert.Single(await DeliveriesAsync(client, endpointId))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gone_StopsAndDisablesTheEndpoint()
    {
        await using var host = new WebhookHost();
        await using var receiver = new WebhookReceiver { Respond = (_, _) => Task.FromResult(new Answer(410)) };
        var client = host.CreateGraphQLClient();
        var (endpointId, _) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        await NewAccountAsync(client, "已下线");

        await host.Sender.RunOnceAsync();
        await NewAccountAsync(client, "下线之后");
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.Sender.RunOnceAsync();

        Assert.Single(receiver.Received);
        var endpoint = await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { enabled disabledReason } } }", new { id = endpointId });
        Assert.False(endpoint["node"]!["enabled"]!.GetValue<bool>());
        Assert.Contains("410", endpoint["node"]!["disabledReason"]!.GetValue<string>());
        var dead = Assert.Single(await DeliveriesAsync(client, endpointId, ["FAILED"]))!;
        Assert.Equal(410, dead["lastStatusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Receiver500Forever_IsRetriedForThreeDays_ThenDeadLettered_AndReplayedByHand()
    {
        await using var host = new WebhookHost();
        var failing = true;
        await using var receiver = new WebhookReceiver { Respond = (_, _) => Task.FromResult(new Answer(failing ? 500 : 200)) };
        var client = host.CreateGraphQLClient();
        var (endpointId, _) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        var start = host.Clock.GetUtcNow();
        await NewAccountAsync(client, "一直失败");

        await host.Sender.RunOnceAsync();
        while ((await DeliveriesAsync(client, endpointId))[0]!["nextAttemptAt"]?.GetValue<DateTime>() is { } next)
        {
            host.Clock.SetUtcNow(new DateTimeOffset(next.ToUniversalTime(), TimeSpan.Zero) + TimeSpan.FromSeconds(1));
            client = host.CreateGraphQLClient(await new TokenClient(host).ClientCredentialsAsync(Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret));
            await host.Sender.RunOnceAsync();
        }

        var dead = Assert.Single(await DeliveriesAsync(client, endpointId, ["FAILED"]))!;
        Assert.True(host.Clock.GetUtcNow() - start >= TimeSpan.FromDays(3), $"gave up after {host.Clock.GetUtcNow() - start}");
        Assert.InRange(dead["attempts"]!.GetValue<int>(), 15, 40);
        Assert.Equal(dead["attempts"]!.GetValue<int>(), receiver.Received.Count);

        failing = false;
        var replayed = await client.QueryAsync("mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { webhookDelivery { status } errors { __typename } } }",
            new { input = new { id = dead["id"]!.GetValue<string>() } });
        Assert.Equal("PENDING", replayed["replayWebhookDelivery"]!["webhookDelivery"]!["status"]!.GetValue<string>());
        await host.Sender.RunOnceAsync();

        Assert.Equal("DELIVERED", Assert.Single(await DeliveriesAsync(client, endpointId))!["status"]!.GetValue<string>());
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task ReplayOfATimeRange_SendsTheEventsAgain_AndThoseBeforeTheEndpointExisted()
    {
        await using var host = new WebhookHost();
        await using var receiver = new WebhookReceiver();
        var client = host.CreateGraphQLClient();
        var from = host.Clock.GetUtcNow().UtcDateTime;
        var before = await NewAccountAsync(client, "注册之前");
        // Fanned out before the endpoint exists: it never gets this event on its own.
        await host.Sender.FanOutAsync(CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (endpointId, _) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
        var after = await NewAccountAsync(client, "注册之后");
        await host.Sender.RunOnceAsync();
        Assert.Equal(new[] { after }, receiver.Received.Select(r => r.Json["subjectId"]!.GetValue<string>()));

        var replay = await client.QueryAsync("mutation($input: ReplayWebhookDeliveriesInput!) { replayWebhookDeliveries(input: $input) { count errors { __typename } } }",
            new { input = new { endpointId, from, to = host.Clock.GetUtcNow().UtcDateTime.AddSeconds(1) } });
        await host.Sender.RunOnceAsync();

        Assert.Equal(2, replay["replayWebhookDeliveries"]!["count"]!.GetValue<int>());
        var all = receiver.Received.ToList();
        Assert.Equal(3, all.Count);
        var replays = all.Skip(1).ToDictionary(r => r.Json["subjectId"]!.GetValue<string>());
        Assert.Equal(new[] { after, before }.Order(), replays.Keys.Order());
        // The delivery it had goes again as the same message; the one it never had is a new message with the next sequence number.
        Assert.Equal(all[0].Id, replays[after].Id);
        Assert.Equal(2, replays[before].Json["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task SlowReceiver_TimesOut_WithoutHoldingUpTheOthers()
    {
        await using var host = new WebhookHost();
        await using var slow = new WebhookReceiver { Respond = async (_, _) => { await Task.Delay(TimeSpan.FromSeconds(30)); return new Answer(200); } };
        await using var fast = new WebhookReceiver();
        var client = host.CreateGraphQLClient();
        var (slowId, _) = await RegisterAsync(client, slow.Url, ["account.changed"]);
        var (fastId, _) = await RegisterAsync(client, fast.Url, ["account.changed"]);
        await NewAccountAsync(client, "慢接收方");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await host.Sender.RunOnceAsync();
        watch.Stop();

        // The attempt timeout of this host is 2 s; the fast receiver's delivery did not wait for it.
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.5, 10);
        Assert.True(fast.Received.Single().ReceivedAt - slow.Received.Single().ReceivedAt < TimeSpan.FromSeconds(1));
        Assert.Equal("DELIVERED", Assert.Single(await DeliveriesAsync(client, fastId))!["status"]!.GetValue<string>());
        var timedOut = Assert.Single(await DeliveriesAsync(client, slowId))!;
        Assert.Equal("PENDING", timedOut["status"]!.GetValue<string>());
        Assert.Contains("No answer within 2 s", timedOut["lastError"]!.GetValue<string>());
    }

    [Fact]
    public async Task InternalAddresses_AreRefused_AtRegistration_AndAtConnect()
    {
        await using var host = new WebhookHost(allowPrivateAddresses: false);
        await using var receiver = new WebhookReceiver();
        var client = host.CreateGraphQLClient();

        foreach (var url in new[] { receiver.Url, "http://localhost:8080/hooks", "http://169.254.169.254/latest/meta-data", "http://10.0.0.7/hooks", "http://[::1]/hooks", "ftp://example.com/x" })
        {
            var refused = await client.QueryAsync(CreateEndpoint, new { input = new { url } });
            var error = Assert.Single(refused["createWebhookEndpoint"]!["errors"]!.AsArray())!;
            Assert.Equal("ValidationError", error["__typename"]!.GetValue<string>());
        }

        // An endpoint whose name resolved to a public address when registered and to an internal one now (DNS rebinding) is refused when connecting.
        var tenantId = await TenantIdAsync(host);
        await using (var db = host.Services.GetRequiredService<ISalesDbContextPool>().Rent(tenantId))
        {
            db.Set<WebhookEndpoint>().Add(new WebhookEndpoint { TenantId = tenantId, Url = receiver.Url, Secret = WebhookEndpoint.NewSecret(), CreatedAt = host.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        await NewAccountAsync(client, "内网");
        await host.Sender.RunOnceAsync();

        Assert.Empty(receiver.Received);
        var delivery = Assert.Single(await DeliveriesAsync(client, null))!;
        Assert.Equal("PENDING", delivery["status"]!.GetValue<string>());
        Assert.Contains("internal addresses", delivery["lastError"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServerKilledMidDelivery_AnotherNodeDeliversEveryEvent_WithTheSameWebhookId()
    {
        var folder = Path.Combine(Path.GetTempPath(), "headlesssales-tests", Guid.NewGuid().ToString("N"));
        await using var receiver = new WebhookReceiver();
        var hang = new TaskCompletionSource();
        receiver.Respond = async (_, _) => { await hang.Task; return new Answer(200); };
        const int events = 5;
        string endpointId;
        var sent = new List<string>();
        try
        {
            await using (var first = new WebhookHost(folder))
            {
                var client = first.CreateGraphQLClient();
                (endpointId, _) = await RegisterAsync(client, receiver.Url, ["account.changed"]);
                for (var i = 0; i < events; i++)
                {
                    sent.Add(await NewAccountAsync(client, $"宕机 {i}"));
                }

                // The first node claims all five and sends them; the receiver holds every request; the node dies.
                using var kill = new CancellationTokenSource();
                var running = first.Sender.RunOnceAsync(kill.Token);
                await receiver.WaitForAsync(events, TimeSpan.FromSeconds(30));
                await kill.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
            }

            var firstIds = receiver.Received.Select(r => r.Id).ToHashSet();
            hang.SetResult();
            await using var second = new WebhookHost(folder);
            var secondClient = second.CreateGraphQLClient();
            // Claimed by the dead node: visibly pending until its lease lapses.
            var pending = await DeliveriesAsync(secondClient, endpointId);
            Assert.Equal(events, pending.Count);
            Assert.All(pending, d => Assert.Equal("PENDING", d!["status"]!.GetValue<string>()));
            Assert.All(pending, d => Assert.Equal(1, d!["attempts"]!.GetValue<int>()));
            second.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(events, await second.Sender.RunOnceAsync());

            var log = await DeliveriesAsync(secondClient, endpointId);
            Assert.Equal(events, log.Count);
            Assert.All(log, d => Assert.Equal("DELIVERED", d!["status"]!.GetValue<string>()));
            Assert.Equal(2 * events, receiver.Received.Count);
            var secondIds = receiver.Received.Skip(events).Select(r => r.Id).ToHashSet();
            Assert.Equal(firstIds, secondIds);
            Assert.Equal(sent.Order(), receiver.Received.Skip(events).Select(r => r.Json["subjectId"]!.GetValue<string>()).Order());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Removed with the temp folder later.
            }
        }
    }

    internal static async Task<(string Id, string Secret)> RegisterAsync(GraphQLTestClient client, string url, string[] eventTypes)
    {
        var created = (await client.QueryAsync(CreateEndpoint, new { input = new { url, eventTypes } }))["createWebhookEndpoint"]!;
        Assert.Empty(created["errors"]!.AsArray());
        return (created["webhookEndpoint"]!["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    internal static async Task<string> NewAccountAsync(GraphQLTestClient client, string name)
    {
        var created = await client.QueryAsync(CreateAccount, new { input = new { name = name + " " + Guid.NewGuid().ToString("N")[..6], industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL" } });
        return created["createAccount"]!["account"]!["id"]!.GetValue<string>();
    }

    private static async Task<List<JsonNode?>> DeliveriesAsync(GraphQLTestClient client, string? endpointId, string[]? statuses = null) =>
        (await client.QueryAsync(Deliveries, new { endpointId, statuses }))["webhookDeliveries"]!["nodes"]!.AsArray().ToList();

    private static async Task<long> TenantIdAsync(WebhookHost host)
    {
        await using var db = host.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        return await db.IntegrationClients.IgnoreQueryFilters().Where(c => c.ClientId == Identity.DemoIdentity.IntegrationClientId).Select(c => c.TenantId).SingleAsync();
    }
}
