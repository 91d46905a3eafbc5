using System.Net;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>The bad input of onboarding: each refused, through the public API.</summary>
public sealed class OnboardingRefusalTests
{
    private const string CreateTenant = """
        mutation($slug: String!, $email: String!) { createTenant(input: { slug: $slug, name: "测试公司", timeZone: "Asia/Shanghai", adminName: "管理员", adminEmail: $email }) {
          tenant { slug } errors { __typename ... on UserError { code message } } } }
        """;

    private const string AcceptInvitation = "mutation($token: String!, $password: String!) { acceptInvitation(input: { token: $token, password: $password }) { tenant errors { __typename ... on UserError { code message } } } }";

    [Fact]
    public async Task TenantSlug_TakenOrInvalid_IsRefused_AndOperatorFieldsAreForEveryoneElseRefused()
    {
        await using var api = new ApiFactory();
        var platform = await OnboardingEndToEndTests.OperatorAsync(api, new TokenClient(api));

        Assert.Equal("DUPLICATE", await CreateErrorAsync(platform, "demo"));
        Assert.Equal("VALIDATION_FAILED", await CreateErrorAsync(platform, "Not A Slug"));
        Assert.Equal("VALIDATION_FAILED", await CreateErrorAsync(platform, "ab"));
        Assert.Equal("VALIDATION_FAILED", await CreateErrorAsync(platform, "-edge-"));

        // Neither a tenant's admin, nor its all-scopes integration, nor an anonymous caller may act as the operator.
        const string list = "{ platformTenants(first: 10) { nodes { slug } } }";
        Assert.Equal("FORBIDDEN", (await (await api.MemberAsync("admin", "sales:read org:admin")).PostAsync(list)).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await api.CreateGraphQLClient().PostAsync(list)).FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await api.CreateAnonymousClient().PostAsync(list)).FirstErrorCode);
        // And the operator reads no tenant's data.
        Assert.Equal("FORBIDDEN", (await platform.PostAsync("{ accounts(first: 1) { nodes { id } } }")).FirstErrorCode);
        Assert.Contains("demo", (await platform.QueryAsync(list))["platformTenants"]!["nodes"]!.AsArray().Select(n => n!["slug"]!.GetValue<string>()));
        // Nor may a tenant's integration ask the token endpoint for the operator's scope.
        var escalation = await new TokenClient(api).RequestTokenAsync(Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret, "platform:operator");
        Assert.Null(escalation["access_token"]);
        Assert.Contains(escalation["error"]?.GetValue<string>(), new[] { "invalid_scope", "invalid_request" });
    }

    [Fact]
    public async Task SuspendedTenant_ItsTokensStopAndNobodySignsIn_UntilResumed()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        var platform = await OnboardingEndToEndTests.OperatorAsync(api, tokens);
        var repToken = await tokens.MemberTokenAsync("rep");
        var rep = api.CreateGraphQLClient(repToken);
        var integration = api.CreateGraphQLClient();
        await rep.QueryAsync("{ viewer { kind } }");
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, repToken);
        // A tenant admin can neither suspend their tenant nor, later, lift it.
        Assert.Equal("FORBIDDEN", (await integration.PostAsync("""mutation { suspendTenant(input: { slug: "demo" }) { errors { __typename } } }""")).FirstErrorCode);

        var suspended = await platform.QueryAsync("""mutation { suspendTenant(input: { slug: "demo" }) { tenant { suspendedAt } errors { __typename } } }""");
        Assert.NotNull(suspended["suspendTenant"]!["tenant"]!["suspendedAt"]!.GetValue<string>());

        // The open socket closes as for a bad token, and the tokens held are refused.
        Assert.Equal(4403, await socket.ReceiveCloseAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await rep.PostAsync("{ viewer { kind } }")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.PostAsync("{ viewer { kind } }")).Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync("admin@demo.example.com", Identity.DemoIdentity.Password));
        var clientToken = await tokens.RequestTokenAsync(Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret);
        Assert.Equal("invalid_client", clientToken["error"]?.GetValue<string>());

        await platform.QueryAsync("""mutation { resumeTenant(input: { slug: "demo" }) { tenant { slug } } }""");
        Assert.Equal("MEMBER", (await (await api.MemberAsync("rep")).QueryAsync("{ viewer { kind } }"))["viewer"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invitation_WeakPassword_Expired_OtherTenantsMember_AreRefused()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        var platform = await OnboardingEndToEndTests.OperatorAsync(api, tokens);
        await platform.QueryAsync(CreateTenant, new { slug = "beta", email = "boss@beta.example.com" });
        var anonymous = api.CreateAnonymousClient();
        var token = OnboardingEndToEndTests.InvitationToken(api, "boss@beta.example.com");

        foreach (var weak in new[] { "short1!", "onlyletterslong", "boss-boss-boss-1", "aaaaaaaaaaa1" })
        {
            var refused = await anonymous.QueryAsync(AcceptInvitation, new { token, password = weak });
            Assert.Equal("VALIDATION_FAILED", refused["acceptInvitation"]!["errors"]![0]!["code"]!.GetValue<string>());
        }

        Assert.Equal("INVALID_STATE", (await anonymous.QueryAsync(AcceptInvitation, new { token = "made-up", password = "Good-password-1" }))["acceptInvitation"]!["errors"]![0]!["code"]!.GetValue<string>());
        api.Clock.Advance(TimeSpan.FromDays(8));
        var expired = await anonymous.QueryAsync(AcceptInvitation, new { token, password = "Good-password-1" });
        Assert.Equal("INVALID_STATE", expired["acceptInvitation"]!["errors"]![0]!["code"]!.GetValue<string>());

        // The demo admin cannot invite beta's admin: another tenant's member is not found, as one that never existed.
        var demoAdmin = await api.MemberAsync("admin", "sales:read org:admin");
        var betaAdmin = Api.GraphQL.Relay.GlobalId.Encode("Member", await MemberIdAsync(api, "boss@beta.example.com"));
        const string invite = "mutation($id: ID!) { inviteMember(input: { memberId: $id }) { member { id } errors { __typename ... on UserError { code message } } } }";
        var foreign = await demoAdmin.QueryAsync(invite, new { id = betaAdmin });
        var missing = await demoAdmin.QueryAsync(invite, new { id = Api.GraphQL.Relay.GlobalId.Encode("Member", 9_999_999) });
        Assert.Equal("NOT_FOUND", foreign["inviteMember"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(missing.ToJsonString().Replace(Api.GraphQL.Relay.GlobalId.Encode("Member", 9_999_999), "<id>"), foreign.ToJsonString().Replace(betaAdmin, "<id>"));
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount_AndAreAudited_ResetAndChangeWork()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync("teamlead@demo.example.com", "wrong-password-" + attempt));
        }

        // Locked: even the right password is refused, for a while.
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync("teamlead@demo.example.com", Identity.DemoIdentity.Password));
        var audit = await (await api.MemberAsync("admin", "audit:read")).QueryAsync("{ auditLog(first: 20) { nodes { operation outcome errorCodes actor } } }");
        Assert.Contains(audit["auditLog"]!["nodes"]!.AsArray(), e => e!["operation"]!.GetValue<string>() == "signIn" && e["errorCodes"]![0]!.GetValue<string>() == "LOCKED_OUT");
        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await tokens.SignInAsync("teamlead@demo.example.com", Identity.DemoIdentity.Password);

        // A reset link sets a new password; the answer to an unknown account is the same.
        var anonymous = api.CreateAnonymousClient();
        const string request = "mutation($email: String!) { requestPasswordReset(input: { tenant: \"demo\", email: $email }) { errors { __typename } } }";
        Assert.Equal((await anonymous.QueryAsync(request, new { email = "nobody@demo.example.com" })).ToJsonString(), (await anonymous.QueryAsync(request, new { email = "teamlead@demo.example.com" })).ToJsonString());
        var reset = await anonymous.QueryAsync(
            "mutation($token: String!) { resetPassword(input: { token: $token, password: \"Reset-by-link-77\" }) { tenant email errors { __typename } } }",
            new { token = OnboardingEndToEndTests.InvitationToken(api, "teamlead@demo.example.com") });
        Assert.Equal("teamlead@demo.example.com", reset["resetPassword"]!["email"]!.GetValue<string>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync("teamlead@demo.example.com", Identity.DemoIdentity.Password));

        // And the member changes it while signed in, proving the current one.
        var lead = api.CreateGraphQLClient((await tokens.SignInAsync("teamlead@demo.example.com", "Reset-by-link-77"))["access_token"]!.GetValue<string>());
        const string change = "mutation($current: String!) { changePassword(input: { currentPassword: $current, newPassword: \"Changed-myself-88\" }) { errors { __typename ... on UserError { code } } } }";
        Assert.Equal("VALIDATION_FAILED", (await lead.QueryAsync(change, new { current = "not-it-at-all-1" }))["changePassword"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Empty((await lead.QueryAsync(change, new { current = "Reset-by-link-77" }))["changePassword"]!["errors"]!.AsArray());
        await tokens.SignInAsync("teamlead@demo.example.com", "Changed-myself-88");
    }

    private static async Task<string> CreateErrorAsync(GraphQLTestClient platform, string slug) =>
        (await platform.QueryAsync(CreateTenant, new { slug, email = "someone@new.example.com" }))["createTenant"]!["errors"]![0]!["code"]!.GetValue<string>();

    private static async Task<long> MemberIdAsync(ApiFactory api, string email)
    {
        var pool = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Api.Infrastructure.Data.ISalesDbContextPool>(api.Services);
        await using var db = pool.RentAcrossTenants();
        return Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Members).Single(m => m.Email == email).Id;
    }
}
