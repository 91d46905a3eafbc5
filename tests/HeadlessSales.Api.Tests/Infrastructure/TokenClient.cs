using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HeadlessSales.Api.Tests.Infrastructure;

/// <summary>Gets tokens from the host's token server the way real clients do: client credentials, or a person signing in with PKCE.</summary>
public sealed partial class TokenClient(Func<WebApplicationFactoryClientOptions, HttpClient> createClient)
{
    /// <summary>Against the in-process host.</summary>
    public TokenClient(ApiFactory api) : this(api.CreateClient)
    {
    }

    /// <summary>Against a server on a real port, e.g. a <see cref="ServerProcess"/>.</summary>
    public TokenClient(Uri address) : this(options => new HttpClient(new HttpClientHandler { AllowAutoRedirect = options.AllowAutoRedirect, UseCookies = options.HandleCookies }) { BaseAddress = address })
    {
    }

    public async Task<string> ClientCredentialsAsync(string clientId, string secret, string? scope = null)
    {
        var response = await RequestTokenAsync(clientId, secret, scope);
        return response["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"No token: {response}");
    }

    public async Task<JsonObject> RequestTokenAsync(string clientId, string secret, string? scope = null)
    {
        using var http = createClient(new WebApplicationFactoryClientOptions());
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>The authorization-code flow with PKCE, through the login page, as a browser would go through it.</summary>
    public async Task<JsonObject> SignInAsync(string email, string password, string scope = "sales:read sales:write offline_access", string tenant = "demo",
        string clientId = Identity.DemoIdentity.PortalClientId, string redirectUri = Identity.DemoIdentity.PortalRedirectUri, string? oneTimeCode = null)
    {
        var (code, verifier) = await AuthorizationCodeAsync(email, password, scope, tenant, clientId, redirectUri, oneTimeCode);
        return await ExchangeCodeAsync(code, verifier, clientId, redirectUri);
    }

    /// <summary>The first half of <see cref="SignInAsync"/>: signs in and returns the code, not yet exchanged.</summary>
    public async Task<(string Code, string Verifier)> AuthorizationCodeAsync(string email, string password, string scope = "sales:read sales:write offline_access", string tenant = "demo",
        string clientId = Identity.DemoIdentity.PortalClientId, string redirectUri = Identity.DemoIdentity.PortalRedirectUri, string? oneTimeCode = null)
    {
        using var browser = createClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var (authorize, verifier) = AuthorizationRequest(scope, clientId, redirectUri);

        using var toLogin = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        using var loginPage = await browser.GetAsync(toLogin.Headers.Location);
        var html = await loginPage.Content.ReadAsStringAsync();
        var antiforgery = HiddenField(html, "__RequestVerificationToken");
        var returnUrl = WebUtility.HtmlDecode(HiddenField(html, "returnUrl"));

        using var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["returnUrl"] = returnUrl,
            ["tenant"] = tenant,
            ["email"] = email,
            ["password"] = password,
            // The second factor's field, left empty by members without one.
            ["code"] = oneTimeCode ?? string.Empty,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        if (login.Headers.Location!.OriginalString.Contains("error=1"))
        {
            throw new InvalidOperationException("The login page refused the credentials.");
        }

        using var toCallback = await browser.GetAsync(login.Headers.Location);
        var callback = toCallback.Headers.Location ?? throw new InvalidOperationException($"No redirect: {toCallback.StatusCode} {await toCallback.Content.ReadAsStringAsync()}");
        var code = HttpUtility.ParseQueryString(callback.Query)["code"] ?? throw new InvalidOperationException($"No code in {callback}");
        return (code, verifier);
    }

    /// <summary>A portal's authorization request with PKCE (path and query), and the verifier that redeems its code.</summary>
    public static (string Url, string Verifier) AuthorizationRequest(string scope, string clientId = Identity.DemoIdentity.PortalClientId, string redirectUri = Identity.DemoIdentity.PortalRedirectUri)
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var url = "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "xyz",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return (url, verifier);
    }

    /// <summary>Redeems an authorization code at the token endpoint; the answer may be an error (e.g. for a replayed code).</summary>
    public async Task<JsonObject> ExchangeCodeAsync(string code, string verifier,
        string clientId = Identity.DemoIdentity.PortalClientId, string redirectUri = Identity.DemoIdentity.PortalRedirectUri)
    {
        using var http = createClient(new WebApplicationFactoryClientOptions());
        using var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["code"] = code,
            ["code_verifier"] = verifier,
        }));
        return JsonNode.Parse(await token.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Redeems a refresh token; the answer may be an error (e.g. for a reused one).</summary>
    public async Task<JsonObject> RefreshAsync(string refreshToken)
    {
        using var http = createClient(new WebApplicationFactoryClientOptions());
        using var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = Identity.DemoIdentity.PortalClientId,
            ["refresh_token"] = refreshToken,
        }));
        return JsonNode.Parse(await token.Content.ReadAsStringAsync())!.AsObject();
    }

    public async Task<string> MemberTokenAsync(string role, string scope = "sales:read sales:write") =>
        (await SignInAsync($"{role}@demo.example.com", Identity.DemoIdentity.Password, scope))["access_token"]!.GetValue<string>();

    /// <summary>The value of a hidden form field of a page the server rendered.</summary>
    public static string HiddenField(string html, string name) =>
        Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"") is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No {name} field");
}
