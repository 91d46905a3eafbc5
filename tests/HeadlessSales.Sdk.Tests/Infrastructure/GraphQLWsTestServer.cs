using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace HeadlessSales.Sdk.Tests.Infrastructure;

/// <summary>
/// An in-memory WebSocket server whose side of the graphql-transport-ws conversation each test scripts,
/// one script per accepted connection, so the client's reactions to every server move can be checked.
/// </summary>
internal sealed class GraphQLWsTestServer : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Queue<Func<ServerSideConnection, Task>> _scripts = new();
    private readonly List<Task> _running = [];

    public GraphQLWsTestServer(params Func<ServerSideConnection, Task>[] scripts)
    {
        foreach (var script in scripts)
        {
            _scripts.Enqueue(script);
        }

        _host = new HostBuilder()
            .ConfigureWebHost(web => web.UseTestServer().Configure(app =>
            {
                app.UseWebSockets();
                app.Run(HandleAsync);
            }))
            .Start();
    }

    public int ConnectionCount { get; private set; }

    public Uri Endpoint { get; } = new("ws://localhost/graphql");

    /// <summary>The connector to plug into <c>GraphQLWebSocketOptions.Connect</c>.</summary>
    public async Task<WebSocket> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var client = _host.GetTestServer().CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        return await client.ConnectAsync(endpoint, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAny(Task.WhenAll(_running), Task.Delay(TimeSpan.FromSeconds(5)));
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Waits until every script has finished, surfacing the assertions they made.</summary>
    public async Task ScriptsCompleted()
    {
        var all = Task.WhenAll(_running);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))) != all)
        {
            throw new TimeoutException("The server scripts did not finish.");
        }

        await all;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Assert.Contains("graphql-transport-ws", context.WebSockets.WebSocketRequestedProtocols);
        using var socket = await context.WebSockets.AcceptWebSocketAsync("graphql-transport-ws");
        Func<ServerSideConnection, Task> script;
        lock (_scripts)
        {
            ConnectionCount++;
            script = _scripts.Count > 0 ? _scripts.Dequeue() : throw new InvalidOperationException("Unexpected connection " + ConnectionCount);
        }

        var run = script(new ServerSideConnection(socket));
        lock (_running)
        {
            _running.Add(run);
        }

        await run;
    }
}

internal sealed class ServerSideConnection(WebSocket socket)
{
    public async Task<JsonElement> ReceiveAsync(string expectedType)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage);
        var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
        Assert.Equal(expectedType, message.GetProperty("type").GetString());
        return message;
    }

    public Task SendAsync(string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<JsonElement> AcceptAsync()
    {
        var init = await ReceiveAsync("connection_init");
        await SendAsync("""{"type":"connection_ack"}""");
        return init;
    }

    public Task NextAsync(string id, string dataJson) =>
        SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{"data":{{{dataJson}}}}}""");

    public Task CloseAsync(int code, string reason) =>
        socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);

    /// <summary>Waits for the client's close handshake so the socket is not torn down mid-message.</summary>
    public async Task DrainUntilClosedAsync()
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The client went away: nothing left to read.
        }
    }
}
