using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using HeadlessSales.Client.Serialization;

namespace HeadlessSales.Client.WebSockets;

/// <summary>
/// Subscriptions over one shared graphql-transport-ws connection, opened on the first subscription and
/// closed when the last one ends. A dropped connection is re-opened with exponential backoff and every
/// active subscription is sent again; close codes that retrying cannot fix (bad token, protocol errors)
/// fail the subscriptions instead.
/// </summary>
public sealed class WebSocketGraphQLTransport : IGraphQLSubscriptionTransport, IAsyncDisposable
{
    private readonly GraphQLWebSocketOptions _options;
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, ActiveSubscription> _subscriptions = new();
    private readonly SemaphoreSlim _connectionLock = new(1, 1);
    private readonly SemaphoreSlim _subscribeLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private Connection? _connection;
    private int _reconnecting;

    public WebSocketGraphQLTransport(GraphQLWebSocketOptions options, JsonSerializerOptions serializerOptions, TimeProvider? timeProvider = null)
    {
        _options = options;
        _serializerOptions = serializerOptions;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async IAsyncEnumerable<OperationResult<TData>> SubscribeAsync<TData>(
        GraphQLRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        Http.GraphQLMultipartRequest.RefuseFiles(request.Variables, _serializerOptions, "The WebSocket transport");
        var subscription = new ActiveSubscription(Guid.NewGuid().ToString("N"), request);
        _subscriptions[subscription.Id] = subscription;
        try
        {
            var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            await SubscribeOnAsync(subscription, connection, cancellationToken).ConfigureAwait(false);

            await foreach (var message in subscription.Messages.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (message.IsError)
                {
                    // graphql-transport-ws: an error message ends the operation, no complete follows.
                    yield return new OperationResult<TData>(default, GraphQLResponseReader.ReadErrors(message.Payload, _serializerOptions));
                    yield break;
                }

                yield return GraphQLResponseReader.Read<TData>(message.Payload, _serializerOptions);
            }
        }
        finally
        {
            _subscriptions.TryRemove(subscription.Id, out _);
            if (!subscription.IsFinished && _connection is { IsOpen: true } open)
            {
                // The consumer stopped early: tell the server so it releases the operation.
                await TrySendAsync(open, writer => WriteMessage(writer, "complete", subscription.Id)).ConfigureAwait(false);
            }

            await CloseIfIdleAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Messages.Writer.TryComplete(new ObjectDisposedException(nameof(WebSocketGraphQLTransport)));
        }

        if (_connection is { } connection)
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "client disposed").ConfigureAwait(false);
        }
    }

    private async Task<Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        await _connectionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsOpen: true } existing)
            {
                return existing;
            }

            _connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return _connection;
        }
        finally
        {
            _connectionLock.Release();
        }
    }

    private async Task<Connection> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = await _options.Connect(_options.Endpoint, cancellationToken).ConfigureAwait(false);
        var connection = new Connection(socket);
        try
        {
            var payload = _options.ConnectionInitPayload is null ? null : await _options.ConnectionInitPayload(cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(writer => WriteMessage(writer, "connection_init", null, payload), cancellationToken).ConfigureAwait(false);

            using var ackTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ackTimeout.CancelAfter(_options.ConnectionAckTimeout);
            while (true)
            {
                using var message = await connection.ReceiveAsync(ackTimeout.Token).ConfigureAwait(false)
                    ?? throw new GraphQLTransportException($"The server closed the WebSocket before acknowledging the connection ({connection.CloseDescription}).");
                var type = TypeOf(message.RootElement);
                if (type == "connection_ack")
                {
                    break;
                }

                if (type == "ping")
                {
                    await connection.SendAsync(writer => WriteMessage(writer, "pong", null), ackTimeout.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await connection.CloseAsync(WebSocketCloseStatus.ProtocolError, "no connection_ack").ConfigureAwait(false);
            throw new GraphQLTransportException($"The server did not acknowledge the connection within {_options.ConnectionAckTimeout}.");
        }
        catch
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "connection setup failed").ConfigureAwait(false);
            throw;
        }

        connection.MarkReceived(_timeProvider.GetUtcNow());
        connection.ReceiveLoop = Task.Run(() => ReceiveLoopAsync(connection));
        if (_options.KeepAliveInterval is { } interval)
        {
            _ = Task.Run(() => KeepAliveAsync(connection, interval));
        }

        return connection;
    }

    private async Task SubscribeOnAsync(ActiveSubscription subscription, Connection connection, CancellationToken cancellationToken)
    {
        // Serialized so a reconnect re-subscribing everything and a new subscription never send the same id twice (close 4409).
        await _subscribeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (subscription.Connection == connection || subscription.IsFinished)
            {
                return;
            }

            subscription.Connection = connection;
            await connection.SendAsync(
                writer => WriteMessage(writer, "subscribe", subscription.Id, subscription.Request.ToWire(_options.DocumentMode)),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _subscribeLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(Connection connection)
    {
        try
        {
            while (true)
            {
                using var message = await connection.ReceiveAsync(connection.Stopping).ConfigureAwait(false);
                if (message is null)
                {
                    break;
                }

                connection.MarkReceived(_timeProvider.GetUtcNow());
                await DispatchAsync(connection, message.RootElement).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Whatever ends the loop (a broken socket, a malformed message, a deliberate stop) ends this
            // connection; it must not fault silently and leave subscriptions waiting. Handled below.
        }

        var closedByClient = connection.ClosedByClient;
        connection.MarkClosed();
        if (closedByClient)
        {
            return;
        }

        // Release the socket (the server may be waiting for our close after a bad message), then recover.
        await connection.CloseAsync(WebSocketCloseStatus.ProtocolError, "connection lost").ConfigureAwait(false);
        if (!_disposed.IsCancellationRequested)
        {
            await OnConnectionLostAsync(connection).ConfigureAwait(false);
        }
    }

    private async Task KeepAliveAsync(Connection connection, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _timeProvider);
        DateTimeOffset? unansweredPingSince = null;
        try
        {
            while (await timer.WaitForNextTickAsync(connection.Stopping).ConfigureAwait(false))
            {
                var now = _timeProvider.GetUtcNow();
                if (connection.LastReceived >= unansweredPingSince)
                {
                    unansweredPingSince = null;
                }

                // Lost only when silent for two intervals with a ping unanswered for one: a tick that a busy machine
                // delayed must not drop a connection that was never asked.
                if (unansweredPingSince is { } pinged && now - pinged >= interval && now - connection.LastReceived > interval * 2)
                {
                    // Stop reading, which ends the connection and starts recovery.
                    connection.Abandon();
                    return;
                }

                await connection.SendAsync(writer => WriteMessage(writer, "ping", null), connection.Stopping).ConfigureAwait(false);
                unansweredPingSince ??= now;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection ended by other means; the receive loop handles that.
        }
    }

    private async Task DispatchAsync(Connection connection, JsonElement message)
    {
        var type = TypeOf(message);
        var id = message.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        var subscription = id is null ? null : _subscriptions.GetValueOrDefault(id);
        var payload = message.TryGetProperty("payload", out var payloadElement) ? payloadElement.Clone() : default;
        switch (type)
        {
            case "ping":
                await connection.SendAsync(writer => WriteMessage(writer, "pong", null), connection.Stopping).ConfigureAwait(false);
                break;
            case "next" when subscription is not null:
                subscription.Messages.Writer.TryWrite(new SubscriptionMessage(false, payload));
                break;
            case "error" when subscription is not null:
                subscription.IsFinished = true;
                subscription.Messages.Writer.TryWrite(new SubscriptionMessage(true, payload));
                subscription.Messages.Writer.TryComplete();
                break;
            case "complete" when subscription is not null:
                subscription.IsFinished = true;
                subscription.Messages.Writer.TryComplete();
                break;
        }
    }

    private async Task OnConnectionLostAsync(Connection lost)
    {
        if (_subscriptions.IsEmpty || Interlocked.Exchange(ref _reconnecting, 1) == 1)
        {
            return;
        }

        try
        {
            if (IsTerminal(lost.CloseStatus))
            {
                FailAll(new GraphQLTransportException($"The server closed the subscription connection: {lost.CloseDescription}."));
                return;
            }

            for (var attempt = 1; attempt <= _options.Reconnect.MaxAttempts; attempt++)
            {
                var delay = _options.Reconnect.DelayBeforeAttempt(attempt, Random.Shared.NextDouble());
                try
                {
                    await Task.Delay(delay, _timeProvider, _disposed.Token).ConfigureAwait(false);
                    var connection = await GetConnectionAsync(_disposed.Token).ConfigureAwait(false);
                    foreach (var subscription in _subscriptions.Values)
                    {
                        await SubscribeOnAsync(subscription, connection, _disposed.Token).ConfigureAwait(false);
                    }

                    return;
                }
                catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception) when (exception is WebSocketException or GraphQLTransportException or IOException or HttpRequestException)
                {
                    // Try again after a longer pause.
                }
            }

            FailAll(new GraphQLTransportException($"The subscription connection was lost and {_options.Reconnect.MaxAttempts} reconnection attempts failed."));
        }
        finally
        {
            Interlocked.Exchange(ref _reconnecting, 0);
        }
    }

    private static string? TypeOf(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    /// <summary>Close codes of graphql-transport-ws that mean the same request would fail again.</summary>
    private static bool IsTerminal(WebSocketCloseStatus? status) => (int?)status switch
    {
        4400 => true, // invalid message
        4401 => true, // unauthorized (subscribe before ack)
        4403 => true, // forbidden: the connection_init payload was rejected
        4406 => true, // subprotocol not acceptable
        4409 => true, // subscriber for this id already exists
        4429 => true, // too many initialisation requests
        _ => false,
    };

    private void FailAll(Exception exception)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Messages.Writer.TryComplete(exception);
        }
    }

    private async Task CloseIfIdleAsync()
    {
        if (!_subscriptions.IsEmpty)
        {
            return;
        }

        await _connectionLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_subscriptions.IsEmpty && _connection is { } connection)
            {
                _connection = null;
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "no active subscriptions").ConfigureAwait(false);
            }
        }
        finally
        {
            _connectionLock.Release();
        }
    }

    private static async Task TrySendAsync(Connection connection, Action<Utf8JsonWriter> write)
    {
        try
        {
            await connection.SendAsync(write, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is already gone, and with it the server-side operation.
        }
    }

    private void WriteMessage(Utf8JsonWriter writer, string type, string? id, object? payload = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        if (id is not null)
        {
            writer.WriteString("id", id);
        }

        if (payload is not null)
        {
            writer.WritePropertyName("payload");
            JsonSerializer.Serialize(writer, payload, payload.GetType(), _serializerOptions);
        }

        writer.WriteEndObject();
    }

    private readonly record struct SubscriptionMessage(bool IsError, JsonElement Payload);

    private sealed class ActiveSubscription(string id, GraphQLRequest request)
    {
        public string Id { get; } = id;

        public GraphQLRequest Request { get; } = request;

        public Channel<SubscriptionMessage> Messages { get; } = Channel.CreateUnbounded<SubscriptionMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        private volatile bool _isFinished;

        public Connection? Connection { get; set; }

        /// <summary>The server ended the operation (complete or error): nothing to cancel on the way out.</summary>
        public bool IsFinished
        {
            get => _isFinished;
            set => _isFinished = value;
        }
    }

    /// <summary>One WebSocket: framing of JSON messages, a send lock (WebSocket allows one sender at a time), close bookkeeping.</summary>
    private sealed class Connection(WebSocket socket)
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly CancellationTokenSource _stopping = new();
        private volatile bool _closed;

        public Task? ReceiveLoop { get; set; }

        public CancellationToken Stopping => _stopping.Token;

        public bool ClosedByClient { get; private set; }

        public bool IsOpen => !_closed && socket.State == WebSocketState.Open;

        /// <summary>How the server closed the socket, as seen when the connection ended; null if it just dropped.</summary>
        public WebSocketCloseStatus? CloseStatus { get; private set; }

        public string CloseDescription { get; private set; } = "connection dropped";

        private long _lastReceivedTicks;

        /// <summary>When the server last sent anything; read by the keep-alive.</summary>
        public DateTimeOffset LastReceived => new(Interlocked.Read(ref _lastReceivedTicks), TimeSpan.Zero);

        public void MarkReceived(DateTimeOffset now) => Interlocked.Exchange(ref _lastReceivedTicks, now.UtcTicks);

        /// <summary>Stops the receive loop without a close handshake, as for a dead peer; recovery follows.</summary>
        public void Abandon() => _stopping.Cancel();

        public void MarkClosed()
        {
            _closed = true;
            CloseStatus ??= socket.CloseStatus;
            if (socket.CloseStatus is { } status)
            {
                CloseDescription = $"{(int)status} {socket.CloseStatusDescription}";
            }
        }

        public async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }

            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        /// <summary>The next JSON message, or null once the socket is closed.</summary>
        public async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    MarkClosed();
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    }

                    return null;
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    return JsonDocument.Parse(buffer.WrittenMemory);
                }
            }
        }

        public async Task CloseAsync(WebSocketCloseStatus status, string description)
        {
            ClosedByClient = true;
            _closed = true;
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing is best effort: the peer may already be gone.
            }
            finally
            {
                await _stopping.CancelAsync().ConfigureAwait(false);
                socket.Dispose();
            }
        }
    }
}
