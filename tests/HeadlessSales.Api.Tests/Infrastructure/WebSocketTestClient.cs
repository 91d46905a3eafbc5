using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeadlessSales.Api.Tests.Infrastructure;

/// <summary>A raw graphql-transport-ws peer, so tests can also break the protocol on purpose.</summary>
public sealed class WebSocketTestClient : IAsyncDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);
    private readonly WebSocket _socket;

    private WebSocketTestClient(WebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    /// <param name="origin">The page's origin, as a browser sends it; null for a client that is not a browser.</param>
    public static async Task<WebSocketTestClient> ConnectAsync(ApiFactory api, string? subProtocol = "graphql-transport-ws", string? origin = null)
    {
        var client = api.Server.CreateWebSocketClient();
        if (origin is not null)
        {
            client.ConfigureRequest = request => request.Headers.Origin = origin;
        }

        if (subProtocol is not null)
        {
            client.SubProtocols.Add(subProtocol);
        }

        return new WebSocketTestClient(await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None));
    }

    /// <summary>Connects and completes the handshake.</summary>
    public static async Task<WebSocketTestClient> ConnectAndInitAsync(ApiFactory api, string? token = null)
    {
        var client = await ConnectAsync(api);
        await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + (token ?? api.IntegrationToken()) } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack?["type"]?.GetValue<string>());
        return client;
    }

    /// <summary>Connects to a server on a real port (see <see cref="ServerProcess"/>) and completes the handshake.</summary>
    public static async Task<WebSocketTestClient> ConnectAndInitAsync(Uri server, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new UriBuilder(server) { Scheme = "ws", Path = "/graphql" }.Uri, CancellationToken.None);
        var client = new WebSocketTestClient(socket);
        await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + token } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack?["type"]?.GetValue<string>());
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends raw bytes as one text frame, valid UTF-8 or not.</summary>
    public Task SendBytesAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <returns>The next message, or null when the server closed the socket.</returns>
    public async Task<JsonNode?> ReceiveAsync()
    {
        // A safety net against a hung test, not a wait the test relies on.
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray());
            }
        }
    }

    /// <summary>Reads until the server closes, and returns the close code.</summary>
    public async Task<int> ReceiveCloseAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }

        return (int)_socket.CloseStatus!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        _socket.Dispose();
    }
}
