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
