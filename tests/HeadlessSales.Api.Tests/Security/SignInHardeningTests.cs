using System.Net;
using System.Text.RegularExpressions;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>A host whose password hasher counts its checks, to see that a login hashes whether or not the e-mail exists.</summary>
public sealed class CountingHasherApiFactory : ApiFactory
{
    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<IPasswordHasher<MemberCredential>>();
        services.AddSingleton<IPasswordHasher<MemberCredential>>(Hasher);
    }
}

public sealed class CountingPasswordHasher : IPasswordHasher<MemberCredential>
{
    private readonly PasswordHasher<MemberCredential> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(MemberCredential user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(MemberCredential user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>The login page sends people only to this site, and costs the same whether the e-mail exists or not.</summary>
public sealed partial class SignInHardeningTests(CountingHasherApiFactory api) : IClassFixture<CountingHasherApiFactory>
{
    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/ok\r\nSet-Cookie: x=1")]
    [InlineData("/tab\there")]
    [InlineData("\\\\evil.example")]
    public async Task ForeignOrMalformedReturnUrl_SendsTheBrowserHome(string returnUrl)
    {
        var response = await LogInAsync("rep@demo.example.com", DemoIdentity.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LocalReturnUrl_IsFollowed()
    {
        var response = await LogInAsync("rep@demo.example.com", DemoIdentity.Password, "/connect/authorize?client_id=x&state=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connect/authorize?client_id=x&state=1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task MalformedReturnUrlOnTheLoginPage_IsNotRendered()
    {
        using var browser = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var page = await browser.GetAsync("/account/login?returnUrl=" + Uri.EscapeDataString("/\\evil.example"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/", WebUtility.HtmlDecode(HiddenField(await page.Content.ReadAsStringAsync(), "returnUrl")));
    }

    [Fact]
    public async Task UnknownEmail_IsHashedLikeAKnownOne()
    {
        await LogInAsync("rep@demo.example.com", "wrong password", "/");
        var beforeUnknown = api.Hasher.Verifications;

        var response = await LogInAsync("nobody-at-all@demo.example.com", "wrong password", "/");

        Assert.Contains("error=1", response.Headers.Location!.OriginalString);
        Assert.Equal(beforeUnknown + 1, api.Hasher.Verifications);
    }

    private Task<HttpResponseMessage> LogInAsync(string email, string password, string returnUrl) =>
        new LoginForm(api).PostAsync(email, password, returnUrl);

    /// <summary>Posts the login form as a browser does: the page first, for its antiforgery token and cookie.</summary>
    public sealed class LoginForm(ApiFactory api)
    {
        public async Task<HttpResponseMessage> PostAsync(string email, string password, string returnUrl = "/") =>
            (await PostTimedAsync(email, password, returnUrl)).Response;

        /// <summary>As <see cref="PostAsync"/>, with the time the post took (the page before it not counted).</summary>
        public async Task<(HttpResponseMessage Response, TimeSpan Post)> PostTimedAsync(string email, string password, string returnUrl = "/")
        {
            using var browser = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var page = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = HiddenField(page, "__RequestVerificationToken"),
                ["returnUrl"] = returnUrl,
                ["tenant"] = "demo",
                ["email"] = email,
                ["password"] = password,
            });
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await browser.PostAsync("/account/login", form);
            return (response, watch.Elapsed);
        }
    }

    private static string HiddenField(string html, string name) =>
        Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"") is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No {name} field");
}
