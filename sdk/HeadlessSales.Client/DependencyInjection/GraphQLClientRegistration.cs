using System.Text.Json;
using HeadlessSales.Client.Authentication;
using HeadlessSales.Client.Http;
using HeadlessSales.Client.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Client;

/// <summary>Where the GraphQL API lives.</summary>
public sealed class GraphQLClientOptions
{
    /// <summary>The GraphQL HTTP endpoint, e.g. <c>https://sales.example.com/graphql</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The graphql-transport-ws endpoint; by default <see cref="Endpoint"/> with ws/wss instead of http/https.</summary>
    public Uri? WebSocketEndpoint { get; set; }

    public WebSocketReconnectOptions Reconnect { get; set; } = new();

    /// <summary>Client pings on the WebSocket; see <see cref="GraphQLWebSocketOptions.KeepAliveInterval"/>.</summary>
    public TimeSpan? KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Send full documents (the default) or only their persisted ids, over HTTP and WebSocket alike.</summary>
    public GraphQLDocumentMode DocumentMode { get; set; } = GraphQLDocumentMode.Text;

    /// <summary>Replaces how the WebSocket is opened (tests, proxies); null uses <see cref="System.Net.WebSockets.ClientWebSocket"/>.</summary>
    public Func<Uri, CancellationToken, Task<System.Net.WebSockets.WebSocket>>? ConnectWebSocket { get; set; }

    internal Uri ResolveWebSocketEndpoint()
    {
        if (WebSocketEndpoint is not null)
        {
            return WebSocketEndpoint;
        }

        var builder = new UriBuilder(Endpoint!) { Scheme = Endpoint!.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return builder.Uri;
    }
}

/// <summary>Returned by the generated <c>Add{ClientName}</c>, to configure the client further.</summary>
public interface IGraphQLClientBuilder
{
    string Name { get; }

    IServiceCollection Services { get; }

    /// <summary>The named HttpClient of the GraphQL endpoint: add handlers, resilience, headers here.</summary>
    IHttpClientBuilder HttpClientBuilder { get; }
}

/// <summary>Registration used by the generated <c>Add{ClientName}</c> methods.</summary>
public static class GraphQLClientRegistration
{
    public static IGraphQLClientBuilder AddTypedGraphQLClient<TClient, TImplementation>(
        IServiceCollection services,
        string name,
        JsonSerializerOptions serializerOptions,
        Func<IGraphQLTransport, IGraphQLSubscriptionTransport?, TImplementation> createClient,
        Action<GraphQLClientOptions> configure)
        where TClient : class
        where TImplementation : class, TClient
    {
        services.AddOptions<GraphQLClientOptions>(name)
            .Configure(configure)
            .Validate(options => options.Endpoint is { IsAbsoluteUri: true }, $"GraphQL client '{name}' needs an absolute Endpoint.");

        var httpClientBuilder = services.AddHttpClient(name, (provider, httpClient) =>
            httpClient.BaseAddress = provider.GetRequiredService<IOptionsMonitor<GraphQLClientOptions>>().Get(name).Endpoint);

        // One WebSocket per client name, shared by every subscription of the application.
        services.TryAddKeyedSingleton<IGraphQLSubscriptionTransport>(name, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<GraphQLClientOptions>>().Get(name);
            var tokenProvider = provider.GetKeyedService<IAccessTokenProvider>(name);
            return new WebSocketGraphQLTransport(
                new GraphQLWebSocketOptions
                {
                    Endpoint = options.ResolveWebSocketEndpoint(),
                    Reconnect = options.Reconnect,
                    DocumentMode = options.DocumentMode,
                    KeepAliveInterval = options.KeepAliveInterval,
                    Connect = options.ConnectWebSocket ?? GraphQLWebSocketOptions.ConnectClientWebSocketAsync,
                    ConnectionInitPayload = tokenProvider is null ? null : async cancellationToken =>
                        new Dictionary<string, object?> { ["Authorization"] = "Bearer " + await tokenProvider.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false) },
                },
                serializerOptions,
                provider.GetService<TimeProvider>());
        });

        services.TryAddTransient<TClient>(provider => createClient(
            new HttpGraphQLTransport(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
                serializerOptions,
                provider.GetRequiredService<IOptionsMonitor<GraphQLClientOptions>>().Get(name).DocumentMode),
            provider.GetRequiredKeyedService<IGraphQLSubscriptionTransport>(name)));

        return new GraphQLClientBuilder(name, services, httpClientBuilder);
    }

    /// <summary>
    /// Authenticates the client with OAuth 2 client credentials: HTTP requests carry a bearer token and the
    /// WebSocket sends it in its <c>connection_init</c> payload.
    /// </summary>
    public static IGraphQLClientBuilder AddClientCredentials(this IGraphQLClientBuilder builder, Action<ClientCredentialsOptions> configure)
    {
        var tokenClientName = builder.Name + ".TokenEndpoint";
        builder.Services.AddOptions<ClientCredentialsOptions>(builder.Name).Configure(configure);
        builder.Services.AddHttpClient(tokenClientName);
        builder.Services.TryAddKeyedSingleton<IAccessTokenProvider>(builder.Name, (provider, _) => new ClientCredentialsTokenProvider(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(tokenClientName),
            provider.GetRequiredService<IOptionsMonitor<ClientCredentialsOptions>>().Get(builder.Name),
            provider.GetService<TimeProvider>()));
        builder.HttpClientBuilder.AddHttpMessageHandler(provider =>
            new AccessTokenHandler(provider.GetRequiredKeyedService<IAccessTokenProvider>(builder.Name)));
        return builder;
    }

    private sealed record GraphQLClientBuilder(string Name, IServiceCollection Services, IHttpClientBuilder HttpClientBuilder) : IGraphQLClientBuilder;
}
