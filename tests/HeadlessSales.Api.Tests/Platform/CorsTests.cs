using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>A host with one configured origin; the demo portal's origin comes from its registered redirect URI.</summary>
public sealed class CorsFixture : ApiFactory
{
    public const string ConfiguredOrigin = "https://board.example.com";
    public const string PortalOrigin = "http://localhost:5173";
    public const string ForeignOrigin = "https://evil.example";

    public ConcurrentQueue<string> Warnings { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cors:AllowedOrigins:0"] = ConfiguredOrigin,
    };

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<ILoggerProvider>(new WarningSink(Warnings));

    private sealed class WarningSink(ConcurrentQueue<string> warnings) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
            }
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>Preflight and actual requests as a browser sends them, and the WebSocket upgrade's origin check.</summary>
public sealed class CorsTests(CorsFixture api) : IClassFixture<CorsFixture>
{
    [Theory]
    [InlineData(CorsFixture.PortalOrigin, "/graphql")]
    [InlineData(CorsFixture.PortalOrigin, "/connect/token")]
    [InlineData(CorsFixture.ConfiguredOrigin, "/graphql")]
    [InlineData(CorsFixture.ConfiguredOrigin, "/documents/RG9jdW1lbnQ6MQ/content")]
    public async Task Preflight_FromAnAllowedOrigin_NamesTheOrigin_MethodsAndHeaders_WithoutCredentials(string origin, string path)
    {
        using var response = await api.CreateClient().SendAsync(Preflight(origin, path, "authorization, content-type, graphql-require-preflight"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"));
        var headers = Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant();
        Assert.Contains("authorization", headers);
        Assert.Contains("content-type", headers);
        Assert.Contains("graphql-require-preflight", headers);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task Request_FromAnAllowedOrigin_CarriesTheOrigin_AndTheHeadersAFrontEndReads()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        request.Headers.Add("Origin", CorsFixture.PortalOrigin);

        using var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CorsFixture.PortalOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.Contains("www-authenticate", Header(response, "Access-Control-Expose-Headers")!.ToLowerInvariant());
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task ForeignOrigin_PreflightAndRequest_GetNoCorsHeaders_AndAreLogged()
    {
        using var preflight = await api.CreateClient().SendAsync(Preflight(CorsFixture.ForeignOrigin, "/graphql", "authorization, content-type"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        request.Headers.Add("Origin", CorsFixture.ForeignOrigin);
        using var actual = await api.CreateClient().SendAsync(request);

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Headers"));
        Assert.Null(Header(actual, "Access-Control-Allow-Origin"));
        Assert.Contains(api.Warnings, w => w.Contains(CorsFixture.ForeignOrigin) && w.Contains("/graphql"));
    }

    [Theory]
    [InlineData("https://board.example.com.evil.example")]
    [InlineData("http://board.example.com")]
    [InlineData("null")]
    public async Task LookAlikeOrOpaqueOrigins_AreRefused(string origin)
    {
        using var response = await api.CreateClient().SendAsync(Preflight(origin, "/graphql", "authorization"));

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WebSocket_FromAForeignOrigin_IsRefusedBeforeTheUpgrade()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestClient.ConnectAsync(api, origin: CorsFixture.ForeignOrigin));

        Assert.Contains("403", refused.Message);
        Assert.Contains(api.Warnings, w => w.Contains(CorsFixture.ForeignOrigin));
    }

    [Theory]
    [InlineData(CorsFixture.PortalOrigin)]
    [InlineData(CorsFixture.ConfiguredOrigin)]
    [InlineData("http://localhost")]
    public async Task WebSocket_FromAnAllowedOrSameOrigin_IsAccepted(string origin)
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(api, origin: origin);
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + api.IntegrationToken() } });

        Assert.Equal("connection_ack", (await socket.ReceiveAsync())?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task AFrontEndClientRegisteredElsewhere_IsAllowed_OnceTheCachedOriginsAreReadAgain()
    {
        const string origin = "https://rep-app.example.org";
        using (await api.CreateClient().SendAsync(Preflight(CorsFixture.PortalOrigin, "/graphql", "authorization")))
        {
        }

        // Registered straight in the store, as another node or an operator would: this node's cache does not hear of it.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = "rep-app",
                ClientType = OpenIddictConstants.ClientTypes.Public,
                RedirectUris = { new Uri(origin + "/signed-in") },
            };
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        }

        using var before = await api.CreateClient().SendAsync(Preflight(origin, "/graphql", "authorization"));
        api.Clock.Advance(new BrowserOriginsOptions().ClientOriginsRefresh);
        using var after = await api.CreateClient().SendAsync(Preflight(origin, "/graphql", "authorization"));

        Assert.Null(Header(before, "Access-Control-Allow-Origin"));
        Assert.Equal(origin, Header(after, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://app.example.com/path")]
    [InlineData("app.example.com")]
    [InlineData("ftp://app.example.com")]
    public void AConfiguredOriginThatIsNotAnOrigin_StopsTheServerWithAClearMessage(string configured)
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var failure = Assert.Throws<InvalidOperationException>(() => new BrowserOrigins(
            new BrowserOriginsOptions { AllowedOrigins = [configured] }, services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
            services.GetRequiredService<ILogger<BrowserOrigins>>()));

        Assert.Contains(configured, failure.Message);
        Assert.Contains("Cors:AllowedOrigins", failure.Message);
    }

    private static HttpRequestMessage Preflight(string origin, string path, string requestHeaders)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", requestHeaders);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
