using System.Net;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>Expiry, on a host of its own because these tests move its clock by hours.</summary>
public sealed class TokenLifetimeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ExpiredToken_IsRefused_AndEndsALiveSubscription()
    {
        var token = await new TokenClient(api).ClientCredentialsAsync(Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret);
        var client = api.CreateAnonymousClient();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, token);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("{ tenant { slug } }")).Status);

        var closed = socket.ReceiveCloseAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var response = await client.PostAsync("{ tenant { slug } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("INVALID_TOKEN", response.FirstErrorCode);
        Assert.Equal(4403, await closed);
    }
}

/// <summary>Tokens issued for longer than a timer can wait (about 49 days), as an operator may configure.</summary>
public sealed class LongTokenLifetimeFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Identity:AccessTokenLifetime"] = "60.00:00:00",
    };
}

public sealed class LongTokenLifetimeTests(LongTokenLifetimeFactory api) : IClassFixture<LongTokenLifetimeFactory>
{
    [Fact]
    public async Task ASixtyDayToken_OpensASocket_WhichClosesOnlyWhenTheTokenExpires()
    {
        var token = await new TokenClient(api).ClientCredentialsAsync(Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret);
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, token);

        // Past the longest single timer wait, before the token's end: the socket still answers.
        api.Clock.Advance(TimeSpan.FromDays(50));
        await socket.SubscribeAsync("1", "{ tenant { slug } }");
        Assert.Equal("next", (string?)(await socket.ReceiveAsync())?["type"]);
        Assert.Equal("complete", (string?)(await socket.ReceiveAsync())?["type"]);

        var closed = socket.ReceiveCloseAsync();
        api.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));

        Assert.Equal(4403, await closed);
    }
}
