using System.Text;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>A host with small WebSocket budgets, so a test can reach them in a few messages.</summary>
public sealed class WebSocketLimitsApiFactory : ApiFactory
{
    public const int OperationsPerSecond = 5;
    // Above the burst of the rate test, so that test meets only the rate budget.
    public const int SubscriptionsPerSocket = OperationsPerSecond + 2;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:WebSocket:MaxOperationsPerSecond"] = OperationsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GraphQL:WebSocket:MaxSubscriptionsPerSocket"] = SubscriptionsPerSocket.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>What a WebSocket client may not do: send bad encodings, flood operations, or hoard subscriptions.</summary>
public sealed class WebSocketLimitTests(WebSocketLimitsApiFactory api) : IClassFixture<WebSocketLimitsApiFactory>
{
    private const string AccountChanges = "subscription($id: ID!) { onAccountChanged(id: $id) { kind } }";

    [Fact]
    public async Task InvalidUtf8Frame_ClosesWith4400()
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);

        await socket.SendBytesAsync([.. Encoding.UTF8.GetBytes("""{"type":"ping","payload":{"x":" """), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}}")]);

        Assert.Equal(4400, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task LoneSurrogateInVariables_IsAnsweredWithAnError()
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);

        await socket.SendTextAsync("""{"id":"1","type":"subscribe","payload":{"query":"query($s: String) { __typename }","variables":{"s":"\ud800"}}}""");
        var answer = await socket.ReceiveAsync();

        Assert.NotNull(answer);
        Assert.Equal("error", answer!["type"]!.GetValue<string>());
        Assert.Equal("INVALID_UNICODE", answer["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task OperationsBeyondThePerSecondBudget_AreRefused()
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);

        for (var i = 0; i < WebSocketLimitsApiFactory.OperationsPerSecond + 1; i++)
        {
            await socket.SubscribeAsync($"q{i}", "{ tenant { name } }");
        }

        var answers = new List<System.Text.Json.Nodes.JsonNode>();
        while (answers.Count(a => a["type"]!.GetValue<string>() is "complete" or "error") < WebSocketLimitsApiFactory.OperationsPerSecond + 1)
        {
            answers.Add((await socket.ReceiveAsync())!);
        }

        var refused = Assert.Single(answers, a => a["type"]!.GetValue<string>() == "error");
        Assert.Equal("RATE_LIMITED", refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(WebSocketLimitsApiFactory.OperationsPerSecond, answers.Count(a => a["type"]!.GetValue<string>() == "complete"));

        // The budget comes back with the next second.
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await socket.SubscribeAsync("after", "{ tenant { name } }");
        Assert.Equal("next", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubscriptionsBeyondThePerSocketLimit_AreRefused()
    {
        var accountId = await Platform.WebSocketTransportTests.CreateAccountAsync(api.CreateGraphQLClient(), "WebSocket 订阅上限有限公司");
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);

        for (var i = 0; i < WebSocketLimitsApiFactory.SubscriptionsPerSocket; i++)
        {
            await socket.SubscribeAsync($"s{i}", AccountChanges, new { id = accountId });

            // Messages are handled in order: the pong means the subscribe was counted in this second.
            await socket.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
            api.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await socket.SubscribeAsync("one-too-many", AccountChanges, new { id = accountId });
        var answer = await socket.ReceiveAsync();

        Assert.True(answer!["type"]!.GetValue<string>() == "error" && answer["id"]!.GetValue<string>() == "one-too-many", answer.ToJsonString());
        Assert.Equal("TOO_MANY_SUBSCRIPTIONS", answer["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
