using System.Net;
using System.Web;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.ExternalSignIn;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>
/// Sign-in through a tenant's own OpenID Connect provider. The "enterprise directory" is a second in-process instance of
/// this server (an OpenID Connect provider through OpenIddict's server) at <c>https://directory.test/</c>; the first
/// instance's OpenIddict client reaches it through its back channel, routed to that instance's test server, and the test
/// plays the browser between the two.
/// </summary>
public sealed class ExternalSignInTests
{
    private const string DirectoryHost = "directory.test";
    private static readonly Uri Directory = new($"https://{DirectoryHost}/");
    private const string ClientSecret = "corp-directory-secret-2026";
    private const string PersonEmail = "wang.fang@corp.example.com";
    private const string PersonPassword = "Wang-fang-directory-7";
    private const string Callback = "http://localhost/account/external/callback";

    private const string Configure = """
        mutation($issuer: String!, $clientId: String!, $secret: String) {
          configureExternalSignIn(input: { displayName: "Corp Directory", issuer: $issuer, clientId: $clientId, clientSecret: $secret, scopes: ["openid"] }) {
            externalSignInProvider { displayName issuer clientId scopes memberClaim } errors { __typename ... on UserError { code message } } } }
        """;

    [Fact]
    public async Task Member_SignsInThroughTheTenantsDirectory_AndTheAuthorizationRequestGoesOn_RefusalsLeaveNobodySignedIn()
    {
        await using var directory = new ApiFactory();
        await using var api = new WithDirectory(directory);
        // The browser's cookie jar keeps real time, and OpenIddict's request-forgery cookie expires with the state token (15
        // minutes on the host's clock): both hosts' clocks stand at the real time, together, for this test.
        var now = DateTimeOffset.UtcNow;
        _ = (api.Services, directory.Services);
        api.Clock.SetUtcNow(now);
        directory.Clock.SetUtcNow(now);
        await RegisterClientAsync(directory, "hs-demo");
        await RegisterClientAsync(directory, "hs-other");
        await DirectoryPersonAsync(directory);

        var admin = await api.MemberAsync("admin", "sales:read org:admin");
        var member = (await admin.QueryAsync("""mutation($email: String!) { createMember(input: { name: "王芳", email: $email, role: SALES_OPS, hiredOn: "2026-03-02" }) { member { id } } }""",
            new { email = PersonEmail }))["createMember"]!["member"]!["id"]!.GetValue<string>();

        // Bad settings are refused when given: a plain-HTTP issuer, a provider that cannot be reached, and a rep is not the admin.
        var http = (await admin.QueryAsync(Configure, new { issuer = "http://directory.test/", clientId = "hs-demo", secret = ClientSecret }))["configureExternalSignIn"]!;
        Assert.Equal("VALIDATION_FAILED", http["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("https", http["errors"]![0]!["message"]!.GetValue<string>());
        var unreachable = (await admin.QueryAsync(Configure, new { issuer = "https://nowhere.test/", clientId = "hs-demo", secret = ClientSecret }))["configureExternalSignIn"]!;
        Assert.Contains("https://nowhere.test/.well-known/openid-configuration could not be read", unreachable["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", (await (await api.MemberAsync("rep", "sales:read")).PostAsync(Configure, new { issuer = Directory.AbsoluteUri, clientId = "hs-demo", secret = ClientSecret })).FirstErrorCode);
        Assert.Null((await admin.QueryAsync("{ externalSignInProvider { issuer } }"))["externalSignInProvider"]);

        var configured = (await admin.QueryAsync(Configure, new { issuer = Directory.AbsoluteUri, clientId = "hs-demo", secret = ClientSecret }))["configureExternalSignIn"]!;
        Assert.Empty(configured["errors"]!.AsArray());
        Assert.Equal("""{"displayName":"Corp Directory","issuer":"https://directory.test/","clientId":"hs-demo","scopes":["openid"],"memberClaim":"email"}""",
            configured["externalSignInProvider"]!.ToJsonString());
        // The secret is kept encrypted, and shown nowhere.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await using var db = scope.ServiceProvider.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
            var stored = await db.ExternalSignInProviders.IgnoreQueryFilters().SingleAsync();
            Assert.StartsWith(ProtectedSecrets.Prefix, stored.ProtectedClientSecret);
            Assert.DoesNotContain(ClientSecret, stored.ProtectedClientSecret);
        }

        // The person goes through the directory; the callback signs them in and the portal's request ends with a code.
        var browser = new Browser(api, directory);
        var (authorize, verifier) = TokenClient.AuthorizationRequest("sales:read offline_access");
        var flow = await browser.ThroughDirectoryAsync(authorize, signInAtDirectory: true);
        using var signedIn = await flow.App.GetAsync(flow.Callback);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.StartsWith("/connect/authorize?", signedIn.Headers.Location!.OriginalString);
        using var toPortal = await flow.App.GetAsync(signedIn.Headers.Location);
        var code = HttpUtility.ParseQueryString(toPortal.Headers.Location!.Query)["code"]!;
        var token = (await new TokenClient(api).ExchangeCodeAsync(code, verifier))["access_token"]!.GetValue<string>();
        var viewer = (await api.CreateGraphQLClient(token).QueryAsync("{ viewer { member { id email role } } }"))["viewer"]!["member"]!;
        Assert.Equal($$"""{"id":"{{member}}","email":"{{PersonEmail}}","role":"SALES_OPS"}""", viewer.ToJsonString());

        // The same answer of the provider again (a replayed state and code) signs nobody in.
        Assert.True(await Browser.RefusedAsync(flow));

        // A code the directory issued to another tenant's client does not pass as this tenant's.
        var foreign = await browser.ThroughDirectoryAsync(TokenClient.AuthorizationRequest("sales:read").Url, signInAtDirectory: false,
            atDirectory: url => url.Replace("client_id=hs-demo", "client_id=hs-other", StringComparison.Ordinal));
        Assert.True(await Browser.RefusedAsync(foreign));

        // A deactivated member is refused.
        await admin.QueryAsync("mutation($id: ID!) { updateMember(input: { id: $id, active: false }) { member { active } } }", new { id = member });
        Assert.True(await Browser.RefusedAsync(await browser.ThroughDirectoryAsync(TokenClient.AuthorizationRequest("sales:read").Url, signInAtDirectory: false)));
        await admin.QueryAsync("mutation($id: ID!) { updateMember(input: { id: $id, active: true }) { member { active } } }", new { id = member });

        // A tenant suspended while the person was at the directory is refused when they come back.
        var pending = await browser.ThroughDirectoryAsync(TokenClient.AuthorizationRequest("sales:read").Url, signInAtDirectory: false);
        var platform = await OnboardingEndToEndTests.OperatorAsync(api, new TokenClient(api));
        await platform.QueryAsync("""mutation { suspendTenant(input: { slug: "demo" }) { errors { __typename } } }""");
        Assert.True(await Browser.RefusedAsync(pending));
    }

    /// <summary>The host under test, whose OpenIddict client reaches <c>directory.test</c> through the directory instance's test server.</summary>
    private sealed class WithDirectory(ApiFactory directory) : ApiFactory
    {
        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(new RouteToDirectory(() => directory.Server));
    }

    private sealed class RouteToDirectory(Func<TestServer> directory) : IConfigureNamedOptions<HttpClientFactoryOptions>
    {
        public void Configure(string? name, HttpClientFactoryOptions options)
        {
            if (name?.StartsWith("OpenIddict.Client.SystemNetHttp", StringComparison.Ordinal) == true)
            {
                options.HttpMessageHandlerBuilderActions.Add(builder => builder.AdditionalHandlers.Add(new ToDirectory(directory)));
            }
        }

        public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
    }

    /// <summary>Sends <c>directory.test</c>'s requests to its test server; any other host cannot be reached, as without a network.</summary>
    private sealed class ToDirectory(Func<TestServer> directory) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Host != DirectoryHost)
            {
                throw new HttpRequestException($"No route to {request.RequestUri.Host}.");
            }

            using var invoker = new HttpMessageInvoker(directory().CreateHandler());
            return await invoker.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>HeadlessSales registered at the directory as a confidential client, as an enterprise's IT would.</summary>
    private static async Task RegisterClientAsync(ApiFactory directory, string clientId)
    {
        await using var scope = directory.Services.CreateAsyncScope();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(Callback) },
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code]);
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
    }

    /// <summary>The person as the directory knows them: made by its admin, with a password they set from the invitation.</summary>
    private static async Task DirectoryPersonAsync(ApiFactory directory)
    {
        var admin = await directory.MemberAsync("admin", "sales:read org:admin");
        var id = (await admin.QueryAsync("""mutation($email: String!) { createMember(input: { name: "王芳", email: $email, role: SALES_OPS, hiredOn: "2025-01-06" }) { member { id } } }""",
            new { email = PersonEmail }))["createMember"]!["member"]!["id"]!.GetValue<string>();
        await admin.QueryAsync("mutation($id: ID!) { inviteMember(input: { memberId: $id }) { errors { __typename } } }", new { id });
        var accepted = await directory.CreateAnonymousClient().QueryAsync(
            "mutation($token: String!, $password: String!) { acceptInvitation(input: { token: $token, password: $password }) { errors { __typename } } }",
            new { token = OnboardingEndToEndTests.InvitationToken(directory, PersonEmail), password = PersonPassword });
        Assert.Empty(accepted["acceptInvitation"]!["errors"]!.AsArray());
    }

    /// <summary>A sign-in under way: the browser's cookies for the application, and where the directory sent it back to.</summary>
    private sealed record Flow(HttpClient App, string Callback);

    /// <summary>
    /// A browser that stays signed in at the directory, and comes to the application afresh each time (a new cookie jar,
    /// as after signing out), so that each sign-in goes through the login page.
    /// </summary>
    private sealed class Browser(ApiFactory api, ApiFactory directory)
    {
        private HttpClient AtDirectory { get; } = directory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = Directory });

        /// <summary>
        /// From the portal's authorization request to the login page, its "sign in with Corp Directory" button, and the
        /// directory (signing in there the first time); returns where the directory sends the browser back to.
        /// </summary>
        public async Task<Flow> ThroughDirectoryAsync(string authorize, bool signInAtDirectory, Func<string, string>? atDirectory = null)
        {
            var app = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            using var toLogin = await app.GetAsync(authorize);
            using var loginPage = await app.GetAsync(toLogin.Headers.Location!.OriginalString + "&tenant=demo");
            var html = await loginPage.Content.ReadAsStringAsync();
            Assert.Contains("Sign in with Corp Directory", html);
            using var started = await app.PostAsync(ExternalSignInEndpoints.StartPath, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = TokenClient.HiddenField(html, "__RequestVerificationToken"),
                ["returnUrl"] = WebUtility.HtmlDecode(TokenClient.HiddenField(html, "returnUrl")),
                ["tenant"] = "demo",
            }));
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
            var providerRequest = started.Headers.Location!.AbsoluteUri;
            Assert.StartsWith(Directory + "connect/authorize?", providerRequest);
            providerRequest = (atDirectory ?? (url => url))(providerRequest);

            using var atProvider = await AtDirectory.GetAsync(providerRequest);
            var answer = atProvider.Headers.Location!;
            if (signInAtDirectory)
            {
                using var directoryLogin = await AtDirectory.GetAsync(answer);
                var form = await directoryLogin.Content.ReadAsStringAsync();
                using var loggedIn = await AtDirectory.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = TokenClient.HiddenField(form, "__RequestVerificationToken"),
                    ["returnUrl"] = WebUtility.HtmlDecode(TokenClient.HiddenField(form, "returnUrl")),
                    ["tenant"] = "demo",
                    ["email"] = PersonEmail,
                    ["password"] = PersonPassword,
                }));
                using var authorized = await AtDirectory.GetAsync(loggedIn.Headers.Location);
                answer = authorized.Headers.Location!;
            }

            Assert.StartsWith(Callback + "?", answer.AbsoluteUri);
            return new Flow(app, answer.PathAndQuery);
        }

        /// <summary>The callback sends the browser back to the login page with the external-sign-in error, signed in as nobody.</summary>
        public static async Task<bool> RefusedAsync(Flow flow)
        {
            using var answer = await flow.App.GetAsync(flow.Callback);
            return answer.StatusCode == HttpStatusCode.Redirect
                && answer.Headers.Location!.OriginalString.StartsWith("/account/login?error=external", StringComparison.Ordinal);
        }
    }
}
