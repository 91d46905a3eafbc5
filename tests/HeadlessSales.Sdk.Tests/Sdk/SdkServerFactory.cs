using HeadlessSales.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TypedSdk = global::HeadlessSales.Sdk;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>
/// The real server in process, on a SQLite file of its own seeded with the demo tenant, and a typed SDK
/// client wired to it exactly as an integrator would, except that HTTP and WebSocket go through the test server.
/// </summary>
public sealed class SdkServerFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "headlesssales-sdk-tests", Guid.NewGuid().ToString("N"));

    public TypedSdk.IHeadlessSalesClient CreateSdkClient(out IServiceProvider clientServices)
    {
        var services = new ServiceCollection();
        services
            .AddHeadlessSalesClient(options =>
            {
                options.Endpoint = new Uri(Server.BaseAddress, "/graphql");
                options.ConnectWebSocket = async (endpoint, cancellationToken) =>
                {
                    var client = Server.CreateWebSocketClient();
                    client.SubProtocols.Add("graphql-transport-ws");
                    return await client.ConnectAsync(endpoint, cancellationToken);
                };
            })
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        var provider = services.BuildServiceProvider();
        clientServices = provider;
        return provider.GetRequiredService<TypedSdk.IHeadlessSalesClient>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("HeadlessSales:DataFolder", _dataFolder);
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
