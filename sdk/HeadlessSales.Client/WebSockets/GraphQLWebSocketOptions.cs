using System.Net.WebSockets;

namespace HeadlessSales.Client.WebSockets;

/// <summary>Settings of the graphql-transport-ws connection.</summary>
public sealed class GraphQLWebSocketOptions
{
    public const string SubProtocol = "graphql-transport-ws";

    public required Uri Endpoint { get; init; }

    /// <summary>
    /// Builds the <c>connection_init</c> payload. Browsers cannot set headers on a WebSocket, so servers
    /// read the token here; it is called on every (re)connect so a refreshed token is used.
    /// </summary>
    public Func<CancellationToken, ValueTask<IReadOnlyDictionary<string, object?>?>>? ConnectionInitPayload { get; init; }

    /// <summary>How long the server has to answer <c>connection_init</c> with <c>connection_ack</c>.</summary>
    public TimeSpan ConnectionAckTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public WebSocketReconnectOptions Reconnect { get; init; } = new();

    public GraphQLDocumentMode DocumentMode { get; init; } = GraphQLDocumentMode.Text;

    /// <summary>
    /// How often the client pings. A connection that has carried nothing (no pong, no event) for two
    /// intervals is treated as lost and reopened: a half-open TCP connection would otherwise wait forever.
    /// Null disables it.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Opens the socket; replaceable so tests can connect to an in-memory server.</summary>
    public Func<Uri, CancellationToken, Task<WebSocket>> Connect { get; init; } = ConnectClientWebSocketAsync;

    /// <summary>Opens a <see cref="ClientWebSocket"/> offering the graphql-transport-ws subprotocol.</summary>
    public static async Task<WebSocket> ConnectClientWebSocketAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>Exponential backoff between reconnection attempts: <c>min(InitialDelay · 2^(n-1), MaxDelay)</c>, plus jitter.</summary>
public sealed class WebSocketReconnectOptions
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before active subscriptions fail; 0 disables reconnection.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Up to this fraction is added at random to each delay so that many clients do not reconnect in lockstep.</summary>
    public double JitterRatio { get; init; } = 0.2;

    public TimeSpan DelayBeforeAttempt(int attempt, double random)
    {
        var exponential = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + (JitterRatio * random)));
    }
}
