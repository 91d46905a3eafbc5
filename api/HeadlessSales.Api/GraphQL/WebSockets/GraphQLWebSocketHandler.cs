using HeadlessSales.Api.GraphQL.Execution;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.GraphQL.WebSockets;

/// <summary>Accepts WebSocket upgrades at the GraphQL endpoint and runs one connection per socket.</summary>
public sealed class GraphQLWebSocketHandler(
    GraphQLRequestExecutor executor,
    global::GraphQL.IGraphQLTextSerializer serializer,
    IOptions<GraphQLServerOptions> options,
    TimeProvider timeProvider,
    ILogger<GraphQLWebSocketHandler> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        var offersProtocol = http.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLTransportWsConnection.SubProtocol);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(offersProtocol ? GraphQLTransportWsConnection.SubProtocol : null).ConfigureAwait(false);
        var connection = new GraphQLTransportWsConnection(
            socket, http, executor, serializer, http.RequestServices.GetRequiredService<IActorResolver>(),
            http.RequestServices.GetRequiredService<IActorStandingSignal>(), http.RequestServices.GetRequiredService<CurrentActor>(),
            options.Value.WebSocket, timeProvider, logger);
        if (!offersProtocol)
        {
            await connection.CloseAsync(CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable").ConfigureAwait(false);
            return;
        }

        await connection.RunAsync(http.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>The close codes of the graphql-transport-ws protocol.</summary>
public static class CloseCodes
{
    public const int BadRequest = 4400;
    public const int Unauthorized = 4401;
    public const int Forbidden = 4403;
    public const int SubprotocolNotAcceptable = 4406;
    public const int ConnectionInitialisationTimeout = 4408;
    public const int SubscriberAlreadyExists = 4409;
    public const int TooManyInitialisationRequests = 4429;
    public const int InternalServerError = 4500;
}
