using System.Net;
using HeadlessSales.Client.Authentication;
using HeadlessSales.Sdk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessSales.Sdk.Tests.Runtime;

public sealed class ClientCredentialsTokenProviderTests
{
    private readonly StubHttpHandler _tokenEndpoint = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    private ClientCredentialsTokenProvider CreateProvider() => new(
        new HttpClient(_tokenEndpoint),
        new ClientCredentialsOptions
        {
            TokenEndpoint = new Uri("https://sales.test/connect/token"),
            ClientId = "call-centre",
            ClientSecret = "s3cret",
            Scope = "api",
            RefreshBeforeExpiry = TimeSpan.FromSeconds(60),
        },
        _time);

    private StubHttpHandler IssueToken(string token, int expiresIn = 3600) =>
        _tokenEndpoint.Respond(HttpStatusCode.OK, "application/json", $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":{{expiresIn}}}""");

    [Fact]
    public async Task Token_IsRequestedWithTheClientCredentialsGrant()
    {
        IssueToken("first");

        Assert.Equal("first", await CreateProvider().GetAccessTokenAsync());

        var request = Assert.Single(_tokenEndpoint.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("grant_type=client_credentials&client_id=call-centre&client_secret=s3cret&scope=api", request.Body);
    }

    [Fact]
    public async Task Token_IsCachedUntilShortlyBeforeItExpires()
    {
        IssueToken("first", expiresIn: 600);
        IssueToken("second", expiresIn: 600);
        var provider = CreateProvider();

        Assert.Equal("first", await provider.GetAccessTokenAsync());
        _time.Advance(TimeSpan.FromSeconds(539));
        Assert.Equal("first", await provider.GetAccessTokenAsync());
        _time.Advance(TimeSpan.FromSeconds(1)); // 60 s before expiry
        Assert.Equal("second", await provider.GetAccessTokenAsync());
        Assert.Equal(2, _tokenEndpoint.Requests.Count);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneTokenRequest()
    {
        IssueToken("shared");
        var provider = CreateProvider();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => provider.GetAccessTokenAsync().AsTask()));

        Assert.All(tokens, token => Assert.Equal("shared", token));
        Assert.Single(_tokenEndpoint.Requests);
    }

    [Fact]
    public async Task RejectedToken_IsReplacedOnTheNextCall()
    {
        IssueToken("revoked");
        IssueToken("fresh");
        var provider = CreateProvider();
        var revoked = await provider.GetAccessTokenAsync();

        provider.Invalidate(revoked);

        Assert.Equal("fresh", await provider.GetAccessTokenAsync());
    }

    [Fact]
    public async Task OAuthError_IsReportedWithItsCode()
    {
        _tokenEndpoint.Respond(HttpStatusCode.BadRequest, "application/json", """{"error":"invalid_client","error_description":"Unknown client."}""");

        var exception = await Assert.ThrowsAsync<ClientCredentialsException>(() => CreateProvider().GetAccessTokenAsync().AsTask());

        Assert.Contains("invalid_client: Unknown client.", exception.Message);
    }

    [Fact]
    public async Task Handler_SendsTheBearerToken_AndRetriesOnceWithAFreshTokenAfter401()
    {
        IssueToken("stale");
        IssueToken("fresh");
        var api = new StubHttpHandler()
            .Respond(HttpStatusCode.Unauthorized, "application/json", "{}")
            .RespondGraphQL("""{"data":{}}""");
        using var client = new HttpClient(new AccessTokenHandler(CreateProvider()) { InnerHandler = api });

        using var response = await client.PostAsync("https://sales.test/graphql", new StringContent("""{"query":"{ tenant { id } }"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer stale", "Bearer fresh"], api.Requests.Select(r => r.Authorization));
        Assert.All(api.Requests, r => Assert.Equal("""{"query":"{ tenant { id } }"}""", r.Body));
    }
}
