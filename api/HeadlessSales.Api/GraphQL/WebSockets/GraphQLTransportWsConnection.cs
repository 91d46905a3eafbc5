using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using HeadlessSales.Api.GraphQL.Execution;
using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.GraphQL.WebSockets;

/// <summary>
/// One client connection speaking graphql-transport-ws: <c>connection_init</c> (authenticated from its
/// payload) → <c>connection_ack</c>, then any number of <c>subscribe</c> operations each answered by
/// <c>next</c>* and <c>complete</c>, or by one <c>error</c>. Every protocol violation closes the socket
/// with the protocol's close code. The actor is re-checked against cached state before every operation and
/// every event, and again whenever its tenant's members or clients change (on any node): a session whose actor
/// no longer stands closes with 4403, as a bad or expired token does; one whose role or view changed goes on
/// under the new actor, its subscriptions set up again and refused where the new actor may not hold them.
/// </summary>
public sealed class GraphQLTransportWsConnection(
    WebSocket socket,
    HttpContext http,
    GraphQLRequestExecutor executor,
    IGraphQLTextSerializer serializer,
    IActorResolver actorResolver,
    IActorStandingSignal standingSignal,
    CurrentActor currentActor,
    GraphQLServerOptions.WebSocketOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    private const string SessionEnded = "Forbidden: the session was ended";

    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly SemaphoreSlim _recheckGate = new(1, 1);
    private readonly ConcurrentDictionary<string, IDisposable> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly IServiceProvider _services = http.RequestServices;
    private volatile bool _closeSent;
    private ITimer? _closeGrace;
    private ITimer? _tokenExpiry;
    private IDisposable? _standingWatch;
    private int _initReceived;
    private volatile bool _acknowledged;
    private DateTimeOffset _operationWindowStart;
    private int _operationsInWindow;

    /// <summary>Refuses invalid bytes instead of replacing them, so a bad frame is a protocol error, not altered text.</summary>
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _closing.Token);
        var cancellationToken = linked.Token;
        using var initTimeout = timeProvider.CreateTimer(
            _ => _ = CloseUnlessInitialisedAsync(),
            null, options.ConnectionInitTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (!cancellationToken.IsCancellationRequested && socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    break;
                }

                await HandleMessageAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The client went away or the connection was closed by a protocol violation.
        }
        finally
        {
            _tokenExpiry?.Dispose();
            _standingWatch?.Dispose();
            _closeGrace?.Dispose();
            foreach (var operation in _operations.Values)
            {
                operation.Dispose();
            }

            _operations.Clear();

            // The request scope ends when this returns; operations still running must not outlive it.
            await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
        }
    }

    private async Task CloseUnlessInitialisedAsync()
    {
        if (Volatile.Read(ref _initReceived) == 0)
        {
            await CloseAsync(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout").ConfigureAwait(false);
        }
    }

    /// <returns>The text of the next message, or null when the client closed or broke the protocol.</returns>
    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= options.MaxMessageBytes)
                    {
                        await CloseAsync((int)WebSocketCloseStatus.MessageTooBig, "Message too big").ConfigureAwait(false);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, options.MaxMessageBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    // Either the client's own close, answered in kind, or its answer to ours.
                    await CloseAsync((int)WebSocketCloseStatus.NormalClosure, string.Empty).ConfigureAwait(false);
                    return null;
                }

                if (_closeSent)
                {
                    // After our close frame, only the client's close matters.
                    length = 0;
                    continue;
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    await CloseAsync(CloseCodes.BadRequest, "Binary messages are not supported").ConfigureAwait(false);
                    return null;
                }

                length += received.Count;
                if (received.EndOfMessage)
                {
                    try
                    {
                        return StrictUtf8.GetString(buffer, 0, length);
                    }
                    catch (System.Text.DecoderFallbackException)
                    {
                        await CloseAsync(CloseCodes.BadRequest, "Invalid message received: not UTF-8").ConfigureAwait(false);
                        return null;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleMessageAsync(string text, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: not JSON").ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!WellFormedJson.IsWellFormed(root))
            {
                await RefuseIllFormedTextAsync(root, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                await CloseAsync(CloseCodes.BadRequest, "Invalid message received: missing type").ConfigureAwait(false);
                return;
            }

            var payload = root.TryGetProperty("payload", out var payloadElement) ? payloadElement : default;
            switch (typeElement.GetString())
            {
                case "connection_init":
                    await OnConnectionInitAsync(payload, cancellationToken).ConfigureAwait(false);
                    break;
                case "ping":
                    await SendAsync(new { type = "pong" }, cancellationToken).ConfigureAwait(false);
                    break;
                case "pong":
                    break;
                case "subscribe":
                    await OnSubscribeAsync(root, cancellationToken).ConfigureAwait(false);
                    break;
                case "complete":
                    if (TryReadId(root, out var completedId) && _operations.TryRemove(completedId!, out var operation))
                    {
                        operation.Dispose();
                    }
                    else if (completedId is null)
                    {
                        await CloseAsync(CloseCodes.BadRequest, "Invalid message received: complete without id").ConfigureAwait(false);
                    }

                    break;
                default:
                    await CloseAsync(CloseCodes.BadRequest, $"Invalid message received: unknown type").ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task OnConnectionInitAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            await CloseAsync(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests").ConfigureAwait(false);
            return;
        }

        if (payload.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: connection_init payload must be an object").ConfigureAwait(false);
            return;
        }

        // Browsers cannot set headers on a WebSocket, so the token travels in the connection_init payload.
        var actor = TryReadToken(payload, out var token)
            ? await actorResolver.ResolveAsync(new ActorCredentials(token), cancellationToken).ConfigureAwait(false)
            : null;
        if (actor is null)
        {
            await CloseAsync(CloseCodes.Forbidden, "Forbidden").ConfigureAwait(false);
            return;
        }

        currentActor.Resolve(actor);
        if (actor.IsAuthenticated)
        {
            _standingWatch = standingSignal.Watch(actor.TenantId, () => _ = RecheckActorAsync());
        }

        if (actor.ExpiresAt is { } expiresAt)
        {
            // A long subscription must not outlive the token that authorised it.
            ArmTokenExpiry(expiresAt);
        }

        _acknowledged = true;
        await SendAsync(new { type = "connection_ack" }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A timer cannot wait longer than about 49 days, so a longer-lived token's expiry is reached in legs.</summary>
    private void ArmTokenExpiry(DateTimeOffset expiresAt)
    {
        var remaining = Max(expiresAt - timeProvider.GetUtcNow(), TimeSpan.Zero);
        var leg = remaining > LongestTimerWait ? LongestTimerWait : remaining;
        _tokenExpiry?.Dispose();
        _tokenExpiry = timeProvider.CreateTimer(
            _ =>
            {
                if (expiresAt > timeProvider.GetUtcNow())
                {
                    if (!_closing.IsCancellationRequested)
                    {
                        ArmTokenExpiry(expiresAt);
                    }

                    return;
                }

                _ = CloseAsync(CloseCodes.Forbidden, "Forbidden: the access token expired");
            },
            null, leg, Timeout.InfiniteTimeSpan);
    }

    private async Task OnSubscribeAsync(JsonElement message, CancellationToken cancellationToken)
    {
        if (!_acknowledged)
        {
            await CloseAsync(CloseCodes.Unauthorized, "Unauthorized").ConfigureAwait(false);
            return;
        }

        // A persisted document is named by documentId instead of its text, as over HTTP.
        if (!TryReadId(message, out var id) || id is null
            || !message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
            || !(IsString(payload, "query") || IsString(payload, "documentId")))
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: subscribe needs an id and a payload with a query or documentId").ConfigureAwait(false);
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = serializer.ReadNode<GraphQLRequest>(payload);
        }
        catch (JsonException)
        {
            // e.g. variables that are not an object
            request = null;
        }

        if (request is null)
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received: malformed payload").ConfigureAwait(false);
            return;
        }

        if (_operations.ContainsKey(id))
        {
            await CloseAsync(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists").ConfigureAwait(false);
            return;
        }

        // Budgets of one socket: the operation is refused, the socket and its other operations go on.
        if (!TryTakeOperationPermit())
        {
            await SendErrorAsync(id, "RATE_LIMITED", $"More than {options.MaxOperationsPerSecond} operations in one second on this socket; retry in a second.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_operations.Count >= options.MaxSubscriptionsPerSocket)
        {
            await SendErrorAsync(id, "TOO_MANY_SUBSCRIPTIONS", $"This socket already has {options.MaxSubscriptionsPerSocket} operations open, the most allowed; complete one first or open another socket.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await RecheckActorAsync().ConfigureAwait(false))
        {
            return;
        }

        var operation = new Operation(request);
        if (!_operations.TryAdd(id, operation))
        {
            await CloseAsync(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists").ConfigureAwait(false);
            return;
        }

        // Executing off the receive loop keeps pings and other operations flowing while this one resolves.
        var execution = Task.Run(() => ExecuteAsync(id, request, operation, cancellationToken), CancellationToken.None);
        _inFlight.TryAdd(execution, 0);
        _ = execution.ContinueWith(done => _inFlight.TryRemove(done, out _), TaskScheduler.Default);
    }

    private async Task ExecuteAsync(string id, GraphQLRequest request, Operation operation, CancellationToken cancellationToken)
    {
        try
        {
            var startedUnder = currentActor.Actor;
            var result = await executor.ExecuteAsync(request, _services, currentActor.Principal, queryOnly: false, operation.Cancellation.Token).ConfigureAwait(false);
            if (!result.Executed)
            {
                if (_operations.TryRemove(new KeyValuePair<string, IDisposable>(id, operation)))
                {
                    await SendAsync(new { id, type = "error", payload = result.Errors }, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                var events = Channel.CreateUnbounded<ResolvedEvent>(new UnboundedChannelOptions { SingleReader = true });
                operation.Attach(streams.Values.First(), events.Writer, currentActor);
                if (!ReferenceEquals(startedUnder, currentActor.Actor))
                {
                    // The actor changed while this one was set up, too late for the others' re-subscription to see it.
                    await _recheckGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await ResubscribeAsync(id, operation, events.Writer).ConfigureAwait(false);
                    }
                    finally
                    {
                        _recheckGate.Release();
                    }
                }

                await PumpAsync(id, operation, events.Reader, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_operations.ContainsKey(id))
            {
                await SendAsync(new { id, type = "next", payload = result }, cancellationToken).ConfigureAwait(false);
                await CompleteAsync(id, operation, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Completed by the client or the connection ended.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "GraphQL operation {OperationId} over WebSocket failed", id);
            await CloseAsync(CloseCodes.InternalServerError, "Internal server error").ConfigureAwait(false);
        }
    }

    /// <summary>Sends a subscription's events in order; a queue keeps slow clients from blocking the publisher.</summary>
    private async Task PumpAsync(string id, Operation operation, ChannelReader<ResolvedEvent> events, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, operation.Cancellation.Token);
        try
        {
            await foreach (var (result, resolvedUnder) in events.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (!await RecheckActorAsync().ConfigureAwait(false))
                {
                    return;
                }

                if (!ReferenceEquals(resolvedUnder, currentActor.Actor))
                {
                    // Resolved for a standing the actor no longer has; the operation now runs under the new one.
                    continue;
                }

                await SendAsync(new { id, type = "next", payload = result }, stop.Token).ConfigureAwait(false);
            }
        }
        catch (ChannelClosedException exception)
        {
            // GraphQL.NET turns source errors into results with errors; an exception here is a server fault.
            var traceId = ErrorInfoProvider.CurrentTraceId();
            logger.LogError(exception.InnerException ?? exception, "Subscription {OperationId} failed (trace id {TraceId})", id, traceId);
            var result = new ExecutionResult { Errors = [new InternalServerError(traceId)] };
            await SendAsync(new { id, type = "next", payload = result }, cancellationToken).ConfigureAwait(false);
        }

        await CompleteAsync(id, operation, cancellationToken).ConfigureAwait(false);
    }

    private async Task CompleteAsync(string id, Operation operation, CancellationToken cancellationToken)
    {
        // Only an operation still registered is completed, so a client-side complete is never echoed.
        if (_operations.TryRemove(new KeyValuePair<string, IDisposable>(id, operation)))
        {
            operation.Dispose();
            await SendAsync(new { id, type = "complete" }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Re-reads the actor's standing from the cache: ends the session when it no longer stands; when its role or
    /// view changed, goes on under the new actor and sets each subscription up again under it, ending those it
    /// may no longer hold with an <c>error</c>. Queries and mutations already running finish as they started.
    /// </summary>
    /// <returns>False when the session was ended.</returns>
    private async Task<bool> RecheckActorAsync()
    {
        try
        {
            await _recheckGate.WaitAsync(_closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (_closeSent)
            {
                return false;
            }

            var before = currentActor.Actor;
            var now = await actorResolver.RevalidateAsync(before, _closing.Token).ConfigureAwait(false);
            if (now is null)
            {
                logger.LogInformation("WebSocket session of {Actor} ended: it no longer stands", before.Describe());
                await CloseAsync(CloseCodes.Forbidden, SessionEnded).ConfigureAwait(false);
                return false;
            }

            if (!IActorResolver.SameStanding(before, now))
            {
                currentActor.Resolve(now);
                await ResubscribeAllAsync().ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Re-checking the actor of a WebSocket failed");
            await CloseAsync(CloseCodes.InternalServerError, "Internal server error").ConfigureAwait(false);
            return false;
        }
        finally
        {
            _recheckGate.Release();
        }
    }

    /// <summary>Sets every subscription up again under the current actor; the caller holds the re-check gate.</summary>
    private async Task ResubscribeAllAsync()
    {
        foreach (var (id, operation) in _operations)
        {
            if (operation is Operation { Events: { } events } subscription)
            {
                await ResubscribeAsync(id, subscription, events).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sets one subscription up again under the current actor, or ends it with an error where that actor may not hold it.</summary>
    private async Task ResubscribeAsync(string id, Operation operation, ChannelWriter<ResolvedEvent> events)
    {
        try
        {
            var result = await executor.ExecuteAsync(operation.Request, _services, currentActor.Principal, queryOnly: false, operation.Cancellation.Token).ConfigureAwait(false);
            if (result.Streams is { Count: > 0 } streams)
            {
                operation.Attach(streams.Values.First(), events, currentActor);
            }
            else if (_operations.TryRemove(new KeyValuePair<string, IDisposable>(id, operation)))
            {
                operation.Dispose();
                await SendAsync(new { id, type = "error", payload = result.Errors }, _closing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Completed meanwhile.
        }
    }

    /// <summary>A fixed one-second window on the server's clock.</summary>
    private bool TryTakeOperationPermit()
    {
        var now = timeProvider.GetUtcNow();
        if (now - _operationWindowStart >= TimeSpan.FromSeconds(1))
        {
            _operationWindowStart = now;
            _operationsInWindow = 0;
        }

        return ++_operationsInWindow <= options.MaxOperationsPerSecond;
    }

    private Task SendErrorAsync(string id, string code, string message, CancellationToken cancellationToken) =>
        SendAsync(new { id, type = "error", payload = new ExecutionErrors { new ExecutionError(message) { Code = code } } }, cancellationToken);

    /// <summary>
    /// A message with text no string can hold: a subscribe whose id is readable gets an error for that
    /// operation, as a bad variable would; anything else breaks the protocol.
    /// </summary>
    private async Task RefuseIllFormedTextAsync(JsonElement root, CancellationToken cancellationToken)
    {
        if (_acknowledged && root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("type", out var type) && WellFormedJson.IsWellFormed(type) && type.ValueKind == JsonValueKind.String && type.GetString() == "subscribe"
            && root.TryGetProperty("id", out var idElement) && WellFormedJson.IsWellFormed(idElement) && TryReadId(root, out var id) && !_operations.ContainsKey(id!))
        {
            await SendErrorAsync(id!, TransportError.InvalidUnicodeCode, TransportError.InvalidUnicode().Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await CloseAsync(CloseCodes.BadRequest, "Invalid message received: text that is not valid Unicode").ConfigureAwait(false);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static bool IsString(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String;

    /// <summary>Reads <c>{ "Authorization": "Bearer …" }</c> or <c>{ "accessToken": "…" }</c>.</summary>
    /// <returns>True with a null token when the payload carries none; false when what it carries is not a token.</returns>
    private static bool TryReadToken(JsonElement payload, out string? token)
    {
        token = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        foreach (var property in payload.EnumerateObject())
        {
            var isHeader = property.NameEquals("Authorization") || property.NameEquals("authorization");
            var isToken = property.NameEquals("accessToken") || property.NameEquals("token");
            if (!isHeader && !isToken)
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            return isHeader ? BearerToken.TryRead(property.Value.GetString(), out token) && token is not null : (token = property.Value.GetString()) is { Length: > 0 };
        }

        return true;
    }

    private static bool TryReadId(JsonElement message, out string? id)
    {
        id = message.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String && idElement.GetString() is { Length: > 0 } value
            ? value
            : null;
        return id is not null;
    }

    private async Task SendAsync(object message, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(serializer.Serialize(message));
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// Sends a close frame, then lets the receive loop wait for the client's answering close so the frame
    /// is delivered rather than cut off by an abort; a client that never answers is dropped after a grace period.
    /// </summary>
    public async Task CloseAsync(int code, string reason)
    {
        await _sendGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_closeSent && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                _closeSent = true;
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        finally
        {
            _sendGate.Release();
        }

        if (socket.State is WebSocketState.Closed or WebSocketState.Aborted)
        {
            _closing.Cancel();
        }
        else
        {
            _closeGrace ??= timeProvider.CreateTimer(_ => _closing.Cancel(), null, CloseGracePeriod, Timeout.InfiniteTimeSpan);
        }

        foreach (var operation in _operations.Values)
        {
            operation.Dispose();
        }
    }

    private static readonly TimeSpan CloseGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>The longest due time a timer accepts is 2^32 - 2 milliseconds.</summary>
    private static readonly TimeSpan LongestTimerWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>An operation in flight: cancelled and unsubscribed on completion from either side.</summary>
    private sealed class Operation(GraphQLRequest request) : IDisposable
    {
        private readonly Lock _gate = new();
        private ChannelObserver? _observer;
        private IDisposable? _subscription;
        private bool _disposed;

        public GraphQLRequest Request { get; } = request;

        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>Where a subscription's events go, once it has a stream.</summary>
        public ChannelWriter<ResolvedEvent>? Events { get; private set; }

        /// <summary>Feeds <paramref name="events"/> from <paramref name="stream"/>, in place of the stream fed before, if any.</summary>
        public void Attach(IObservable<ExecutionResult> stream, ChannelWriter<ResolvedEvent> events, CurrentActor actor)
        {
            var observer = new ChannelObserver(events, actor);
            lock (_gate)
            {
                // The stream set up for the former actor goes quiet first: an event missed beats one shown past its right.
                _observer?.Detach();
                _subscription?.Dispose();
                if (_disposed)
                {
                    return;
                }

                Events = events;
                _observer = observer;
                _subscription = stream.Subscribe(observer);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                Cancellation.Cancel();
                _subscription?.Dispose();
            }
        }
    }

    /// <summary>An event's result and the actor it was resolved for, so that one resolved for a former standing is not sent.</summary>
    private readonly record struct ResolvedEvent(ExecutionResult Result, Actor ResolvedUnder);

    private sealed class ChannelObserver(ChannelWriter<ResolvedEvent> writer, CurrentActor actor) : IObserver<ExecutionResult>
    {
        private volatile bool _detached;

        public void Detach() => _detached = true;

        public void OnNext(ExecutionResult value)
        {
            if (!_detached)
            {
                writer.TryWrite(new ResolvedEvent(value, actor.Actor));
            }
        }

        public void OnError(Exception error)
        {
            if (!_detached)
            {
                writer.TryComplete(error);
            }
        }

        public void OnCompleted()
        {
            if (!_detached)
            {
                writer.TryComplete();
            }
        }
    }
}
