using System.Text.Json;
using HeadlessSales.Client;
using HeadlessSales.Client.WebSockets;
using HeadlessSales.Sdk.Tests.Infrastructure;

namespace HeadlessSales.Sdk.Tests.Runtime;

// Inside the namespace: HeadlessSales.Sdk (the typed SDK, an enclosing namespace) declares types of the same names.
using HeadlessSales.Sdk.Tests.Generated;

/// <summary>The graphql-transport-ws client against a scripted in-memory server, through the generated client.</summary>
public sealed class WebSocketGraphQLTransportTests
{
    private const string ChangedEvent = """{"onAccountChanged":{"accountId":"A1","kind":"UPDATED","occurredAt":"2026-11-27T09:30:00Z"}}""";

    private static (FixtureClient Client, WebSocketGraphQLTransport Transport) CreateClient(GraphQLWsTestServer server, int maxAttempts = 3, TimeSpan? keepAlive = null)
    {
        var transport = new WebSocketGraphQLTransport(
            new GraphQLWebSocketOptions
            {
                Endpoint = server.Endpoint,
                Connect = server.ConnectAsync,
                ConnectionInitPayload = _ => ValueTask.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { ["Authorization"] = "Bearer t0ken" }),
                Reconnect = new WebSocketReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxAttempts = maxAttempts, JitterRatio = 0 },
                KeepAliveInterval = keepAlive,
            },
            FixtureClientSerialization.CreateOptions());
        var unusedHttp = new Client.Http.HttpGraphQLTransport(new HttpClient(), FixtureClientSerialization.CreateOptions());
        return (new FixtureClient(unusedHttp, transport), transport);
    }

    private static async Task<List<OperationResult<OnAccountChangedResult>>> CollectAsync(IAsyncEnumerable<OperationResult<OnAccountChangedResult>> events)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var results = new List<OperationResult<OnAccountChangedResult>>();
        await foreach (var result in events.WithCancellation(timeout.Token))
        {
            results.Add(result);
        }

        return results;
    }

    [Fact]
    public async Task Subscription_SendsTheTokenInConnectionInit_AndYieldsEachEventUntilComplete()
    {
        JsonElement init = default;
        JsonElement subscribe = default;
        await using var server = new GraphQLWsTestServer(async connection =>
        {
            init = await connection.AcceptAsync();
            subscribe = await connection.ReceiveAsync("subscribe");
            var id = subscribe.GetProperty("id").GetString()!;
            await connection.NextAsync(id, ChangedEvent);
            await connection.NextAsync(id, ChangedEvent.Replace("UPDATED", "DELETED", StringComparison.Ordinal));
            await connection.SendAsync($$"""{"type":"complete","id":"{{id}}"}""");
            await connection.DrainUntilClosedAsync();
        });
        var (client, transport) = CreateClient(server);
        await using var _ = transport;

        var results = await CollectAsync(client.OnAccountChanged("A1"));

        await server.ScriptsCompleted();
        Assert.Equal("Bearer t0ken", init.GetProperty("payload").GetProperty("Authorization").GetString());
        Assert.Equal("OnAccountChanged", subscribe.GetProperty("payload").GetProperty("operationName").GetString());
        Assert.Equal("""{"id":"A1"}""", subscribe.GetProperty("payload").GetProperty("variables").GetRawText());
        Assert.Equal([AccountChangeKind.Updated, AccountChangeKind.Deleted], results.Select(r => r.EnsureSuccess().OnAccountChanged.Kind));
    }

    [Fact]
    public async Task DroppedConnection_IsReopened_AndTheSubscriptionResent()
    {
        await using var server = new GraphQLWsTestServer(
            async first =>
            {
                await first.AcceptAsync();
                var id = (await first.ReceiveAsync("subscribe")).GetProperty("id").GetString()!;
                await first.NextAsync(id, ChangedEvent);
                await first.CloseAsync(1011, "server restarting");
                await first.DrainUntilClosedAsync();
            },
            async second =>
            {
                await second.AcceptAsync();
                var id = (await second.ReceiveAsync("subscribe")).GetProperty("id").GetString()!;
                await second.NextAsync(id, ChangedEvent.Replace("UPDATED", "CREATED", StringComparison.Ordinal));
                await second.SendAsync($$"""{"type":"complete","id":"{{id}}"}""");
                await second.DrainUntilClosedAsync();
            });
        var (client, transport) = CreateClient(server);
        await using var _ = transport;

        var results = await CollectAsync(client.OnAccountChanged("A1"));

        await server.ScriptsCompleted();
        Assert.Equal(2, server.ConnectionCount);
        Assert.Equal([AccountChangeKind.Updated, AccountChangeKind.Created], results.Select(r => r.EnsureSuccess().OnAccountChanged.Kind));
    }

    [Fact]
    public async Task MalformedServerMessage_IsTreatedAsALostConnection()
    {
        await using var server = new GraphQLWsTestServer(
            async first =>
            {
                await first.AcceptAsync();
                await first.ReceiveAsync("subscribe");
                await first.SendAsync("this is not JSON");
                await first.DrainUntilClosedAsync();
            },
            async second =>
            {
                await second.AcceptAsync();
                var id = (await second.ReceiveAsync("subscribe")).GetProperty("id").GetString()!;
                await second.NextAsync(id, ChangedEvent);
                await second.SendAsync($$"""{"type":"complete","id":"{{id}}"}""");
                await second.DrainUntilClosedAsync();
            });
        var (client, transport) = CreateClient(server);
        await using var _ = transport;

        var results = await CollectAsync(client.OnAccountChanged("A1"));

        await server.ScriptsCompleted();
        Assert.Equal(AccountChangeKind.Updated, Assert.Single(results).EnsureSuccess().OnAccountChanged.Kind);
    }

    [Fact]
    public async Task UnansweredPings_AreTreatedAsALostConnection()
    {
        await using var server = new GraphQLWsTestServer(
            async silent =>
            {
                await silent.AcceptAsync();
                await silent.ReceiveAsync("subscribe");
                await silent.ReceiveAsync("ping"); // and never a pong: a peer that has gone away
                await silent.DrainUntilClosedAsync();
            },
            async second =>
            {
                await second.AcceptAsync();
                var id = (await second.ReceiveAsync("subscribe")).GetProperty("id").GetString()!;
                await second.NextAsync(id, ChangedEvent);
                await second.SendAsync($$"""{"type":"complete","id":"{{id}}"}""");
                await second.DrainUntilClosedAsync();
            });
        var (client, transport) = CreateClient(server, keepAlive: TimeSpan.FromMilliseconds(100));
        await using var _ = transport;

        var results = await CollectAsync(client.OnAccountChanged("A1"));

        await server.ScriptsCompleted();
        Assert.Equal(2, server.ConnectionCount);
        Assert.Single(results);
    }

    [Fact]
    public async Task ErrorMessage_EndsTheSubscriptionWithTheErrors()
    {
        await using var server = new GraphQLWsTestServer(async connection =>
        {
            await connection.AcceptAsync();
            var id = (await connection.ReceiveAsync("subscribe")).GetProperty("id").GetString()!;
            await connection.SendAsync($$$"""{"type":"error","id":"{{{id}}}","payload":[{"message":"Account not found.","extensions":{"code":"NOT_FOUND"}}]}""");
            await connection.DrainUntilClosedAsync();
        });
        var (client, transport) = CreateClient(server);
        await using var _ = transport;

        var results = await CollectAsync(client.OnAccountChanged("missing"));

        var result = Assert.Single(results);
        Assert.Equal("NOT_FOUND", Assert.Single(result.Errors).Code);
        Assert.Null(result.Data);
    }

    [Fact]
    public async Task ServerPing_IsAnsweredWithPong()
    {
        await using var server = new GraphQLWsTestServer(async connection =>
        {
            await connection.AcceptAsync();
            var id = (await connection.ReceiveAsync("subscribe")).GetProperty("id").GetString()!;
            await connection.SendAsync("""{"type":"ping"}""");
            await connection.ReceiveAsync("pong");
            await connection.SendAsync($$"""{"type":"complete","id":"{{id}}"}""");
            await connection.DrainUntilClosedAsync();
        });
        var (client, transport) = CreateClient(server);
        await using var _ = transport;

        Assert.Empty(await CollectAsync(client.OnAccountChanged("A1")));
        await server.ScriptsCompleted();
    }

    [Fact]
    public async Task StoppingEarly_SendsComplete_AndClosesTheIdleConnection()
    {
        string? completedId = null;
        string? subscribedId = null;
        await using var server = new GraphQLWsTestServer(async connection =>
        {
            await connection.AcceptAsync();
            subscribedId = (await connection.ReceiveAsync("subscribe")).GetProperty("id").GetString()!;
            await connection.NextAsync(subscribedId, ChangedEvent);
            completedId = (await connection.ReceiveAsync("complete")).GetProperty("id").GetString();
            await connection.DrainUntilClosedAsync();
        });
        var (client, transport) = CreateClient(server);
        await using var _ = transport;

        await foreach (var first in client.OnAccountChanged("A1"))
        {
            Assert.True(first.IsSuccess);
            break;
        }

        await server.ScriptsCompleted();
        Assert.Equal(subscribedId, completedId);
    }

    [Fact]
    public async Task RejectedConnection_FailsWithTheCloseReason_WithoutRetrying()
    {
        await using var server = new GraphQLWsTestServer(async connection =>
        {
            await connection.ReceiveAsync("connection_init");
            await connection.CloseAsync(4403, "Forbidden");
            await connection.DrainUntilClosedAsync();
        });
        var (client, transport) = CreateClient(server);
        await using var _ = transport;

        var exception = await Assert.ThrowsAsync<GraphQLTransportException>(() => CollectAsync(client.OnAccountChanged("A1")));

        Assert.Contains("4403", exception.Message);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task ReconnectBackoff_DoublesUpToTheCap()
    {
        var options = new WebSocketReconnectOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), JitterRatio = 0.2 };

        Assert.Equal(
            [1, 2, 4, 5, 5],
            Enumerable.Range(1, 5).Select(attempt => options.DelayBeforeAttempt(attempt, random: 0).TotalSeconds));
        Assert.Equal(4.8, options.DelayBeforeAttempt(3, random: 1).TotalSeconds, precision: 6);
    }
}
