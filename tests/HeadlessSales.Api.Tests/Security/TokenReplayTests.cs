using System.Net;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// A used authorization code or refresh token, presented again, is taken for a stolen one: the token
/// endpoint refuses it and revokes every token of its grant, against the real token endpoint.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TokenReplayTests(ApiFactory api)
{
    private readonly TokenClient _tokens = new(api);

    [Fact]
    public async Task ReplayedAuthorizationCode_IsRefused_AndRevokesTheTokensIssuedFromIt()
    {
        var (code, verifier) = await _tokens.AuthorizationCodeAsync("teamlead@demo.example.com", DemoIdentity.Password);
        var first = await _tokens.ExchangeCodeAsync(code, verifier);
        Assert.NotNull(first["access_token"]);

        var replay = await _tokens.ExchangeCodeAsync(code, verifier);
        var refreshAfterReplay = await _tokens.RefreshAsync(first["refresh_token"]!.GetValue<string>());
        var graphql = await api.CreateGraphQLClient(first["access_token"]!.GetValue<string>()).PostAsync("{ viewer { member { email } } }");

        Assert.Equal("invalid_grant", replay["error"]?.GetValue<string>());
        Assert.Equal("invalid_grant", refreshAfterReplay["error"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, graphql.Status);
    }

    [Fact]
    public async Task RefreshTokens_Rotate_AndReuseRevokesTheFamily()
    {
        var signedIn = await _tokens.SignInAsync("rep@demo.example.com", DemoIdentity.Password);
        var firstRefresh = signedIn["refresh_token"]!.GetValue<string>();

        var rotated = await _tokens.RefreshAsync(firstRefresh);
        var secondRefresh = rotated["refresh_token"]!.GetValue<string>();
        Assert.NotEqual(firstRefresh, secondRefresh);

        // At once, with no clock movement: no reuse window.
        var reuse = await _tokens.RefreshAsync(firstRefresh);
        var successorAfterReuse = await _tokens.RefreshAsync(secondRefresh);

        Assert.Equal("invalid_grant", reuse["error"]?.GetValue<string>());
        Assert.Equal("invalid_grant", successorAfterReuse["error"]?.GetValue<string>());
    }
}

/// <summary>A host with small sign-in budgets and a generous GraphQL one.</summary>
public sealed class SignInBudgetApiFactory : ApiFactory
{
    public const int LoginsPerAccount = 3;
    public const int LoginsPerAddress = 8;
    public const int TokenRequestsPerAddress = 4;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:LoginPerAccount:PermitsPerWindow"] = $"{LoginsPerAccount}",
        ["RateLimiting:LoginPerAccount:Window"] = "00:10:00",
        ["RateLimiting:LoginPerAddress:PermitsPerWindow"] = $"{LoginsPerAddress}",
        ["RateLimiting:LoginPerAddress:Window"] = "00:10:00",
        ["RateLimiting:TokenPerAddress:PermitsPerWindow"] = $"{TokenRequestsPerAddress}",
        ["RateLimiting:TokenPerAddress:Window"] = "00:10:00",
    };
}

/// <summary>Login per account, login per address, the token endpoint and GraphQL each spend their own budget.</summary>
public sealed class SignInBudgetTests(SignInBudgetApiFactory api) : IClassFixture<SignInBudgetApiFactory>
{
    [Fact]
    public async Task EachBudgetIsSpentAlone()
    {
        var graphql = api.CreateGraphQLClient();
        var login = new SignInHardeningTests.LoginForm(api);

        // Guessing one account's password runs out of that account's budget only.
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInBudgetApiFactory.LoginsPerAccount; i++)
        {
            guesses.Add((await login.PostAsync("rep@demo.example.com", "guess " + i)).StatusCode);
        }

        var otherAccount = await login.PostAsync("teamlead@demo.example.com", DemoIdentity.Password);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Redirect, SignInBudgetApiFactory.LoginsPerAccount).Append(HttpStatusCode.TooManyRequests), guesses);
        Assert.Equal(HttpStatusCode.Redirect, otherAccount.StatusCode);

        // The token endpoint has a budget of its own, and spending it leaves logins and GraphQL alone.
        var tokenStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < SignInBudgetApiFactory.TokenRequestsPerAddress; i++)
        {
            using var http = api.CreateClient();
            using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = DemoIdentity.IntegrationClientId,
                ["client_secret"] = "wrong secret",
            }));
            tokenStatuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, tokenStatuses[^1]);
        Assert.Equal(HttpStatusCode.Redirect, (await login.PostAsync("salesops@demo.example.com", DemoIdentity.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await graphql.PostAsync("{ tenant { slug } }")).Status);
    }
}
