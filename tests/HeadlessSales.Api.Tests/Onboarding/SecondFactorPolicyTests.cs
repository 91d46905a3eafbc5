using System.Net;
using System.Text.RegularExpressions;
using System.Web;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>
/// A tenant that requires a second factor of its admins, and TOTP secrets kept encrypted: an admin without one is made to
/// enrol at the login page; the secret is stored protected, and one stored before protection keeps working.
/// </summary>
public sealed class SecondFactorPolicyTests
{
    private const string AdminEmail = "admin@demo.example.com";

    [Fact]
    public async Task RequiredForAdmins_AnAdminWithoutOneEnrolsAtTheLoginPage_ThenNeedsACode_RepsAreNotAsked()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        var admin = await api.MemberAsync("admin", "sales:read org:admin");
        Assert.Equal("FORBIDDEN", (await (await api.MemberAsync("rep", "sales:read")).PostAsync("mutation { updateSignInPolicy(input: { requireAdminSecondFactor: true }) { errors { __typename } } }")).FirstErrorCode);
        Assert.False((await admin.QueryAsync("{ signInPolicy { requireAdminSecondFactor } }"))["signInPolicy"]!["requireAdminSecondFactor"]!.GetValue<bool>());
        var updated = await admin.QueryAsync("mutation { updateSignInPolicy(input: { requireAdminSecondFactor: true }) { signInPolicy { requireAdminSecondFactor } errors { __typename } } }");
        Assert.True(updated["updateSignInPolicy"]!["signInPolicy"]!["requireAdminSecondFactor"]!.GetValue<bool>());

        // The right password gets the admin the enrolment page, not a session.
        using var browser = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var (authorize, verifier) = TokenClient.AuthorizationRequest("sales:read");
        using var toLogin = await browser.GetAsync(authorize);
        using var loginPage = await browser.GetAsync(toLogin.Headers.Location);
        var login = await loginPage.Content.ReadAsStringAsync();
        using var enrolPage = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenClient.HiddenField(login, "__RequestVerificationToken"),
            ["returnUrl"] = WebUtility.HtmlDecode(TokenClient.HiddenField(login, "returnUrl")),
            ["tenant"] = "demo",
            ["email"] = AdminEmail,
            ["password"] = DemoIdentity.Password,
        }));
        Assert.Equal(HttpStatusCode.OK, enrolPage.StatusCode);
        var enrol = await enrolPage.Content.ReadAsStringAsync();
        var secret = Regex.Match(enrol, "<code id=\"totp-secret\">([A-Z2-7]+)</code>").Groups[1].Value;
        var key = Base32.Decode(secret);
        Assert.Contains("otpauth://totp/HeadlessSales%20demo:admin%40demo.example.com?secret=" + secret, WebUtility.HtmlDecode(enrol));
        using (var scope = api.Services.CreateScope())
        {
            // Kept encrypted: the database holds no trace of the secret.
            await using var db = scope.ServiceProvider.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
            var stored = await db.MemberCredentials.IgnoreQueryFilters().Join(db.Members.IgnoreQueryFilters().Where(m => m.Email == AdminEmail), c => c.MemberId, m => m.Id, (c, _) => c).SingleAsync();
            Assert.StartsWith(ProtectedSecrets.Prefix, stored.PendingTotpSecret);
            Assert.DoesNotContain(secret, stored.PendingTotpSecret);
        }

        // A wrong code shows the page again; the right one turns the factor on, shows the recovery codes, and the request goes on.
        var wrong = Totp.CodeAt(key, api.Clock.GetUtcNow()) == "000000" ? "111111" : "000000";
        using var again = await Post(browser, enrol, wrong);
        Assert.Contains("The code is wrong", await again.Content.ReadAsStringAsync());
        using var confirmed = await Post(browser, enrol, Totp.CodeAt(key, api.Clock.GetUtcNow()));
        var codesPage = await confirmed.Content.ReadAsStringAsync();
        Assert.Equal(RecoveryCodes.Count, Regex.Matches(codesPage, "<li>[a-z2-7]{5}-[a-z2-7]+</li>").Count);
        var next = WebUtility.HtmlDecode(Regex.Match(codesPage, "<a id=\"continue\" href=\"([^\"]+)\"").Groups[1].Value);
        using var toPortal = await browser.GetAsync(next);
        var code = HttpUtility.ParseQueryString(toPortal.Headers.Location!.Query)["code"]!;
        Assert.NotNull((await tokens.ExchangeCodeAsync(code, verifier))["access_token"]);

        // From now on the password alone is not enough; a fresh code is. Other roles are not asked.
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read"));
        api.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        Assert.NotNull((await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: Totp.CodeAt(key, api.Clock.GetUtcNow())))["access_token"]);
        Assert.NotNull((await tokens.SignInAsync("rep@demo.example.com", DemoIdentity.Password, "sales:read"))["access_token"]);
    }

    [Fact]
    public async Task ASecretStoredBeforeEncryption_StillWorks_AndIsEncryptedAtItsFirstUse()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        var admin = api.CreateGraphQLClient((await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read"))["access_token"]!.GetValue<string>());
        var secret = (await admin.QueryAsync("mutation($p: String!) { enrollTotp(input: { currentPassword: $p }) { secret } }", new { p = DemoIdentity.Password }))["enrollTotp"]!["secret"]!.GetValue<string>();
        var key = Base32.Decode(secret);
        await admin.QueryAsync("mutation($c: String!) { confirmTotp(input: { code: $c }) { recoveryCodes } }", new { c = Totp.CodeAt(key, api.Clock.GetUtcNow()) });

        // As a row written before secrets were encrypted would hold it: the Base32 text itself.
        await using var scope = api.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var memberId = await db.Members.IgnoreQueryFilters().Where(m => m.Email == AdminEmail).Select(m => m.Id).SingleAsync();
        Assert.StartsWith(ProtectedSecrets.Prefix, await StoredAsync(db, memberId));
        await db.MemberCredentials.IgnoreQueryFilters().Where(c => c.MemberId == memberId).ExecuteUpdateAsync(set => set.SetProperty(c => c.TotpSecret, secret));

        api.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        Assert.NotNull((await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: Totp.CodeAt(key, api.Clock.GetUtcNow())))["access_token"]);
        var after = await StoredAsync(db, memberId);
        Assert.StartsWith(ProtectedSecrets.Prefix, after);
        Assert.DoesNotContain(secret, after);

        // And it goes on working, encrypted.
        api.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        Assert.NotNull((await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: Totp.CodeAt(key, api.Clock.GetUtcNow())))["access_token"]);
    }

    private static async Task<string?> StoredAsync(SalesDbContext db, long memberId) =>
        await db.MemberCredentials.IgnoreQueryFilters().AsNoTracking().Where(c => c.MemberId == memberId).Select(c => c.TotpSecret).SingleAsync();

    private static Task<HttpResponseMessage> Post(HttpClient browser, string enrolPage, string code) =>
        browser.PostAsync(SecondFactorAtSignIn.EnrolPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenClient.HiddenField(enrolPage, "__RequestVerificationToken"),
            ["returnUrl"] = WebUtility.HtmlDecode(TokenClient.HiddenField(enrolPage, "returnUrl")),
            ["ticket"] = TokenClient.HiddenField(enrolPage, "ticket"),
            ["code"] = code,
        }));
}
