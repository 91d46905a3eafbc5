using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>An admin's TOTP second factor through the public surface: the API to enrol and confirm, the login page to use it.</summary>
public sealed class SecondFactorTests
{
    private const string AdminEmail = "admin@demo.example.com";

    private const string Enroll = """
        mutation($password: String!) { enrollTotp(input: { currentPassword: $password }) { secret otpauthUri errors { __typename ... on UserError { code } } } }
        """;

    private const string Confirm = """
        mutation($code: String!) { confirmTotp(input: { code: $code }) { recoveryCodes errors { __typename ... on UserError { code } } } }
        """;

    [Fact]
    public async Task Admin_EnrolsAndConfirms_ThenSignInNeedsAFreshCodeOrAnUnusedRecoveryCode()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        var admin = api.CreateGraphQLClient((await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read org:admin"))["access_token"]!.GetValue<string>());

        var wrongPassword = await admin.QueryAsync(Enroll, new { password = "not-the-password-1" });
        Assert.Equal("VALIDATION_FAILED", wrongPassword["enrollTotp"]!["errors"]![0]!["code"]!.GetValue<string>());
        var enrolled = (await admin.QueryAsync(Enroll, new { password = DemoIdentity.Password }))["enrollTotp"]!;
        var secret = enrolled["secret"]!.GetValue<string>();
        Assert.StartsWith("otpauth://totp/HeadlessSales%20demo:admin%40demo.example.com?secret=" + secret + "&issuer=HeadlessSales%20demo", enrolled["otpauthUri"]!.GetValue<string>());
        var key = Base32.Decode(secret);

        // Until confirmed, signing in is as before.
        await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read");
        var wrongCode = await admin.QueryAsync(Confirm, new { code = "000000" == Totp.CodeAt(key, api.Clock.GetUtcNow()) ? "111111" : "000000" });
        Assert.Equal("VALIDATION_FAILED", wrongCode["confirmTotp"]!["errors"]![0]!["code"]!.GetValue<string>());
        var confirmingCode = Totp.CodeAt(key, api.Clock.GetUtcNow());
        var recoveryCodes = (await admin.QueryAsync(Confirm, new { code = confirmingCode }))["confirmTotp"]!["recoveryCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(8, recoveryCodes.Distinct().Count());

        // On: the password alone is refused, and so is the code that confirmed the secret (used already).
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: confirmingCode));

        // The next step's code works once.
        api.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        var fresh = Totp.CodeAt(key, api.Clock.GetUtcNow());
        Assert.NotNull((await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: fresh))["access_token"]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: fresh));
        // A code with the wrong password opens nothing.
        api.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync(AdminEmail, "wrong-password-2026", "sales:read", oneTimeCode: Totp.CodeAt(key, api.Clock.GetUtcNow())));

        // A recovery code, once; written as the member may type it.
        Assert.NotNull((await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: recoveryCodes[0].ToUpperInvariant()))["access_token"]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read", oneTimeCode: recoveryCodes[0]));

        // Off again with the password and a code: the password alone signs in.
        api.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        var disabled = await admin.QueryAsync("""
            mutation($password: String!, $code: String!) { disableTotp(input: { currentPassword: $password, code: $code }) { errors { __typename } } }
            """, new { password = DemoIdentity.Password, code = Totp.CodeAt(key, api.Clock.GetUtcNow()) });
        Assert.Empty(disabled["disableTotp"]!["errors"]!.AsArray());
        await tokens.SignInAsync(AdminEmail, DemoIdentity.Password, "sales:read");
    }

    [Fact]
    public async Task NonAdmins_AndIntegrations_CannotEnrol()
    {
        await using var api = new ApiFactory();
        var rep = await api.MemberAsync("rep", "sales:read");
        var asRep = await rep.PostAsync(Enroll, new { password = DemoIdentity.Password });
        Assert.Equal("FORBIDDEN", asRep.FirstErrorCode);

        var integration = await api.CreateGraphQLClient().QueryAsync(Enroll, new { password = DemoIdentity.Password });
        Assert.Equal("InvalidStateError", integration["enrollTotp"]!["errors"]![0]!["__typename"]!.GetValue<string>());
    }
}
