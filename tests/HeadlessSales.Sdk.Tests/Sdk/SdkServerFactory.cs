using HeadlessSales.Client;
using HeadlessSales.Client.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TypedSdk = global::HeadlessSales.Sdk;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>
/// The real server in process, on a SQLite file of its own seeded with the demo tenant, and a typed SDK
/// client wired to it exactly as an integrator would, except that HTTP and WebSocket go through the test server.
/// </summary>
public class SdkServerFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "headlesssales-sdk-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The demo tenant's integration client, seeded on first start (see DemoIdentity in the server).</summary>
    public const string DemoClientId = "demo-integration";
    public const string DemoClientSecret = "demo-integration-secret";

    /// <summary>
    /// A client authenticated with client credentials against the server's own token endpoint: the
    /// token goes in the Authorization header over HTTP and in the connection_init payload over WebSocket.
    /// </summary>
    public TypedSdk.IHeadlessSalesClient CreateSdkClient(out IServiceProvider clientServices, GraphQLDocumentMode documentMode = GraphQLDocumentMode.Text)
    {
        var services = new ServiceCollection();
        var builder = services
            .AddHeadlessSalesClient(options =>
            {
                options.Endpoint = new Uri(Server.BaseAddress, "/graphql");
                options.DocumentMode = documentMode;
                options.ConnectWebSocket = async (endpoint, cancellationToken) =>
                {
                    var client = Server.CreateWebSocketClient();
                    client.SubProtocols.Add("graphql-transport-ws");
                    return await client.ConnectAsync(endpoint, cancellationToken);
                };
            })
            .AddClientCredentials(options =>
            {
                options.TokenEndpoint = new Uri(Server.BaseAddress, "/connect/token");
                options.ClientId = DemoClientId;
                options.ClientSecret = DemoClientSecret;
            });
        builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        services.AddHttpClient(builder.Name + ".TokenEndpoint").ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        var provider = services.BuildServiceProvider();
        clientServices = provider;
        return provider.GetRequiredService<TypedSdk.IHeadlessSalesClient>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ConfigureServer(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("HeadlessSales:DataFolder", _dataFolder);
        builder.UseSetting("Identity:RequireHttps", "false"); // the test server speaks plain HTTP
        // The fixed-date demo without assignment rules: the tests route their leads themselves.
        builder.UseSetting("Demo:ProcessHistory", "false");
    }

    /// <summary>An access token of the demo integration client, from the server's token endpoint.</summary>
    public async Task<string> GetDemoTokenAsync()
    {
        var provider = new ClientCredentialsTokenProvider(
            CreateClient(),
            new ClientCredentialsOptions { TokenEndpoint = new Uri(Server.BaseAddress, "/connect/token"), ClientId = DemoClientId, ClientSecret = DemoClientSecret });
        return await provider.GetAccessTokenAsync();
    }

    private string? _operatorClientId;
    private string? _operatorSecret;

    /// <summary>An access token of a platform operator, made as the <c>create-operator</c> command makes one.</summary>
    public async Task<string> GetOperatorTokenAsync()
    {
        if (_operatorClientId is null)
        {
            await using var scope = Services.CreateAsyncScope();
            (_operatorClientId, _operatorSecret) = await global::HeadlessSales.Api.Identity.PlatformOperators.CreateAsync(scope.ServiceProvider, "SDK tests", CancellationToken.None);
        }

        var provider = new ClientCredentialsTokenProvider(
            CreateClient(),
            new ClientCredentialsOptions { TokenEndpoint = new Uri(Server.BaseAddress, "/connect/token"), ClientId = _operatorClientId, ClientSecret = _operatorSecret! });
        return await provider.GetAccessTokenAsync();
    }

    protected virtual void ConfigureServer(IWebHostBuilder builder)
    {
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open goes with the temp folder later.
        }
    }
}
