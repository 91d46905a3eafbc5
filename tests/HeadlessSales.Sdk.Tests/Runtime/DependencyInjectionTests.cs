using System.Net;
using HeadlessSales.Client;
using HeadlessSales.Sdk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Sdk.Tests.Runtime;

// Inside the namespace: HeadlessSales.Sdk (the typed SDK, an enclosing namespace) declares types of the same names.
using HeadlessSales.Sdk.Tests.Generated;

/// <summary>The generated <c>AddFixtureClient</c> wires the client, its HttpClient and client-credentials authentication.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddClient_WithClientCredentials_SendsAuthenticatedRequestsToTheEndpoint()
    {
        var api = new StubHttpHandler().RespondGraphQL("""{"data":{"node":null}}""");
        var tokenEndpoint = new StubHttpHandler().Respond(HttpStatusCode.OK, "application/json", """{"access_token":"abc","expires_in":300}""");
        var services = new ServiceCollection();
        var builder = services
            .AddFixtureClient(options => options.Endpoint = new Uri("https://sales.test/graphql"))
            .AddClientCredentials(options =>
            {
                options.TokenEndpoint = new Uri("https://sales.test/connect/token");
                options.ClientId = "script";
                options.ClientSecret = "secret";
            });
        builder.HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => api);
        services.AddHttpClient("FixtureClient.TokenEndpoint").ConfigurePrimaryHttpMessageHandler(() => tokenEndpoint);
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IFixtureClient>().GetAccountAsync("A1");

        Assert.True(result.IsSuccess);
        var request = Assert.Single(api.Requests);
        Assert.Equal(("https://sales.test/graphql", "Bearer abc"), (request.Uri!.ToString(), request.Authorization));
        Assert.Single(tokenEndpoint.Requests);
    }

    [Fact]
    public void WebSocketEndpoint_DefaultsToTheHttpEndpointWithAWebSocketScheme()
    {
        var services = new ServiceCollection();
        services.AddFixtureClient(options => options.Endpoint = new Uri("https://sales.test/graphql"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<GraphQLClientOptions>>().Get("FixtureClient");

        Assert.Equal(new Uri("wss://sales.test/graphql"), options.ResolveWebSocketEndpoint());
    }

    [Fact]
    public void MissingEndpoint_IsReportedWhenTheClientIsResolved()
    {
        var services = new ServiceCollection();
        services.AddFixtureClient(_ => { });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IFixtureClient>());

        Assert.Contains("needs an absolute Endpoint", exception.Message);
    }
}
