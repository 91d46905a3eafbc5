using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>The graphql-transport-ws protocol: the happy paths and every close code.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebSocketTransportTests(ApiFactory api)
{
    private const string AccountChanges = "subscription($id: ID!) { onAccountChanged(id: $id) { kind accountId account { name } } }";

    [Fact]
    public async Task Subscription_ReceivesEventsAndCompletesWhenTheServerEndsTheStream()
    {
        var http = api.CreateGraphQLClient();
        var accountId = await CreateAccountAsync(http, "WebSocket 订阅测试有限公司");
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        var subscribers = api.Services.GetRequiredService<IEventBus>().SubscriberCount;
        await socket.SubscribeAsync("s1", AccountChanges, new { id = accountId });
        await WaitUntilSubscribedAsync(subscribers);

        await http.QueryAsync("mutation($id: ID!) { updateAccount(input: { id: $id, city: \"苏州\" }) { errors { __typename } } }", new { id = accountId });
        var update = await socket.ReceiveAsync();
        await http.QueryAsync("mutation($id: ID!) { archiveAccount(input: { id: $id }) { errors { __typename } } }", new { id = accountId });
        var archive = await socket.ReceiveAsync();
        var complete = await socket.ReceiveAsync();

        Assert.Equal("next", update!["type"]!.GetValue<string>());
        Assert.Equal("s1", update["id"]!.GetValue<string>());
        Assert.Equal("UPDATED", update["payload"]!["data"]!["onAccountChanged"]!["kind"]!.GetValue<string>());
        Assert.Equal("WebSocket 订阅测试有限公司", update["payload"]!["data"]!["onAccountChanged"]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal("ARCHIVED", archive!["payload"]!["data"]!["onAccountChanged"]!["kind"]!.GetValue<string>());
        Assert.Equal("complete", complete!["type"]!.GetValue<string>());
        Assert.Equal("s1", complete["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClientComplete_StopsTheStreamWithoutReply()
    {
        var http = api.CreateGraphQLClient();
        var accountId = await CreateAccountAsync(http, "WebSocket 取消订阅有限公司");
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        var subscribers = api.Services.GetRequiredService<IEventBus>().SubscriberCount;
        await socket.SubscribeAsync("s1", AccountChanges, new { id = accountId });
        await WaitUntilSubscribedAsync(subscribers);

        await socket.SendAsync(new { id = "s1", type = "complete" });
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
        await http.QueryAsync("mutation($id: ID!) { updateAccount(input: { id: $id, city: \"无锡\" }) { errors { __typename } } }", new { id = accountId });

        // The next message is the answer to this ping, not an event of the completed subscription.
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task QueryOverSubscribe_SendsNextThenComplete()
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        await socket.SubscribeAsync("q1", "{ tenant { slug } }");

        var next = await socket.ReceiveAsync();
        var complete = await socket.ReceiveAsync();

        Assert.Equal("demo", next!["payload"]!["data"]!["tenant"]!["slug"]!.GetValue<string>());
        Assert.Equal("complete", complete!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidDocument_SendsErrorAndNoComplete()
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        await socket.SubscribeAsync("bad", "{ noSuchField }");

        var error = await socket.ReceiveAsync();
        await socket.SendAsync(new { type = "ping" });
        var afterwards = await socket.ReceiveAsync();

        Assert.Equal("error", error!["type"]!.GetValue<string>());
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("pong", afterwards!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task MissingSubprotocol_Closes4406()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(api, subProtocol: null);

        Assert.Equal(4406, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task NoConnectionInit_Closes4408()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(api);

        // The fixture sets a two-second initialisation timeout on the fake clock. The server arms its
        // timer just after accepting, so the clock moves until the socket is closed.
        var closed = socket.ReceiveCloseAsync();
        for (var step = 0; step < 100 && !closed.IsCompleted; step++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(closed, Task.Delay(50));
        }

        Assert.Equal(4408, await closed);
    }

    [Fact]
    public async Task SecondConnectionInit_Closes4429()
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        await socket.SendAsync(new { type = "connection_init" });

        Assert.Equal(4429, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task SubscribeBeforeAck_Closes4401()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(api);
        await socket.SubscribeAsync("early", "{ __typename }");

        Assert.Equal(4401, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task DuplicateOperationId_Closes4409()
    {
        var accountId = await CreateAccountAsync(api.CreateGraphQLClient(), "WebSocket 重复编号有限公司");
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        await socket.SubscribeAsync("same", AccountChanges, new { id = accountId });
        await socket.SubscribeAsync("same", AccountChanges, new { id = accountId });

        Assert.Equal(4409, await socket.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"unknown\"}")]
    [InlineData("{\"payload\":{}}")]
    [InlineData("{\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\"}}")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"x\"}")]
    public async Task InvalidMessage_Closes4400(string message)
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        await socket.SendTextAsync(message);

        Assert.Equal(4400, await socket.ReceiveCloseAsync());
    }

    internal static async Task<string> CreateAccountAsync(GraphQLTestClient http, string name)
    {
        var data = await http.QueryAsync("""
            mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } errors { __typename } } }
            """, new { input = new { name, industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL" } });
        return data["createAccount"]!["account"]!["id"]!.GetValue<string>();
    }

    /// <summary>The server attaches a subscription off its receive loop; wait until the bus has one more subscriber.</summary>
    private async Task WaitUntilSubscribedAsync(int before)
    {
        var bus = api.Services.GetRequiredService<IEventBus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (bus.SubscriberCount < before + 1)
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }
}
