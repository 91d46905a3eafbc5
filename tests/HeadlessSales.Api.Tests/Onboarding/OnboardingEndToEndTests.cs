using System.Net;
using System.Web;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>
/// A new customer put on the platform through the public API alone: the operator creates the tenant, its admin accepts
/// the invitation the e-mail carried, signs in with PKCE, invites a rep and registers an integration; the rep signs in and
/// sees only their own book; the admin deactivates the rep and the rep's live token stops working.
/// </summary>
public sealed class OnboardingEndToEndTests
{
    private const string AdminEmail = "founder@acme.example.com";
    private const string AdminPassword = "Acme-admin-2026!";
    private const string RepEmail = "rep.li@acme.example.com";
    private const string RepPassword = "Li-sells-well-42";

    [Fact]
    public async Task OperatorCreatesTenant_AdminOnboardsARep_DeactivationEndsTheRepsLiveToken()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        var platform = await OperatorAsync(api, tokens);

        var created = await platform.QueryAsync("""
            mutation { createTenant(input: { slug: "acme", name: "Acme 机械", timeZone: "Asia/Shanghai", adminName: "王总", adminEmail: "FOUNDER@acme.example.com" }) {
              tenant { slug name suspendedAt } errors { __typename } } }
            """);
        Assert.Equal("acme", created["createTenant"]!["tenant"]!["slug"]!.GetValue<string>());
        Assert.Empty(created["createTenant"]!["errors"]!.AsArray());

        // The admin follows the link of the e-mail; the invitation works once.
        var anonymous = api.CreateAnonymousClient();
        var invitation = InvitationToken(api, AdminEmail);
        var accepted = await anonymous.QueryAsync(AcceptInvitation, new { token = invitation, password = AdminPassword });
        Assert.Equal("acme", accepted["acceptInvitation"]!["tenant"]!.GetValue<string>());
        var replayed = await anonymous.QueryAsync(AcceptInvitation, new { token = invitation, password = AdminPassword });
        Assert.Equal("INVALID_STATE", replayed["acceptInvitation"]!["errors"]![0]!["code"]!.GetValue<string>());

        var adminToken = (await tokens.SignInAsync(AdminEmail, AdminPassword, "sales:read sales:write org:admin offline_access", tenant: "acme"))["access_token"]!.GetValue<string>();
        var admin = api.CreateGraphQLClient(adminToken);
        Assert.Equal("FORBIDDEN", (await admin.PostAsync("""mutation { createTenant(input: { slug: "sneaky", name: "x", timeZone: "UTC", adminName: "x", adminEmail: "x@x.example.com" }) { errors { __typename } } }""")).FirstErrorCode);

        // The admin builds the org tree, adds two reps and invites one of them.
        var region = (await admin.QueryAsync("""mutation { createRegion(input: { code: "EAST", name: "华东" }) { region { id } } }"""))["createRegion"]!["region"]!["id"]!.GetValue<string>();
        var team = (await admin.QueryAsync("mutation($region: ID!) { createTeam(input: { regionId: $region, name: \"上海一组\" }) { team { id } } }", new { region }))["createTeam"]!["team"]!["id"]!.GetValue<string>();
        const string createRep = "mutation($team: ID!, $name: String!, $email: String!) { createMember(input: { name: $name, email: $email, role: REP, teamId: $team, hiredOn: \"2026-01-05\" }) { member { id } } }";
        var rep = (await admin.QueryAsync(createRep, new { team, name = "李销售", email = RepEmail }))["createMember"]!["member"]!["id"]!.GetValue<string>();
        var colleague = (await admin.QueryAsync(createRep, new { team, name = "赵销售", email = "rep.zhao@acme.example.com" }))["createMember"]!["member"]!["id"]!.GetValue<string>();
        var invited = await admin.QueryAsync("mutation($id: ID!) { inviteMember(input: { memberId: $id }) { member { email } errors { __typename } } }", new { id = rep });
        Assert.Equal(RepEmail, invited["inviteMember"]!["member"]!["email"]!.GetValue<string>());

        // The integration the admin registers fills both reps' books.
        var registered = (await admin.QueryAsync("""mutation { createIntegrationClient(input: { name: "ERP", scopes: ["sales:read", "sales:write"] }) { integrationClient { clientId } clientSecret } }"""))["createIntegrationClient"]!;
        var erp = api.CreateGraphQLClient(await tokens.ClientCredentialsAsync(registered["integrationClient"]!["clientId"]!.GetValue<string>(), registered["clientSecret"]!.GetValue<string>()));
        const string createAccount = "mutation($owner: ID!, $name: String!) { createAccount(input: { name: $name, industry: INDUSTRIAL_AUTOMATION, ownership: PRIVATE, size: SMALL, ownerId: $owner }) { account { id } errors { __typename } } }";
        var own = (await erp.QueryAsync(createAccount, new { owner = rep, name = "李的客户" }))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        await erp.QueryAsync(createAccount, new { owner = colleague, name = "赵的客户" });

        // The rep accepts, signs in, and sees their own account only.
        await anonymous.QueryAsync(AcceptInvitation, new { token = InvitationToken(api, RepEmail), password = RepPassword });
        var repSession = await tokens.SignInAsync(RepEmail, RepPassword, "sales:read sales:write offline_access", tenant: "acme");
        var repClient = api.CreateGraphQLClient(repSession["access_token"]!.GetValue<string>());
        var book = await repClient.QueryAsync("{ accounts(first: 50) { nodes { id name } } }");
        Assert.Equal([own], book["accounts"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        var viewer = (await repClient.QueryAsync("{ viewer { member { email role } sessions { client createdAt } } }"))["viewer"]!;
        Assert.Equal(RepEmail, viewer["member"]!["email"]!.GetValue<string>());
        Assert.Single(viewer["sessions"]!.AsArray());

        // Deactivated: the token the rep holds stops working at once, and their refresh token gets no new one.
        await admin.QueryAsync("mutation($id: ID!) { updateMember(input: { id: $id, active: false }) { member { active } } }", new { id = rep });
        var refused = await repClient.PostAsync("{ accounts(first: 50) { nodes { id } } }");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        var refreshed = await tokens.RefreshAsync(repSession["refresh_token"]!.GetValue<string>());
        Assert.Equal("invalid_grant", refreshed["error"]?.GetValue<string>());
    }

    private const string AcceptInvitation = "mutation($token: String!, $password: String!) { acceptInvitation(input: { token: $token, password: $password }) { tenant email errors { __typename ... on UserError { code message } } } }";

    /// <summary>The platform operator as set up by <c>create-operator</c>, holding a token of the real token endpoint.</summary>
    internal static async Task<GraphQLTestClient> OperatorAsync(ApiFactory api, TokenClient tokens)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var (clientId, secret) = await PlatformOperators.CreateAsync(scope.ServiceProvider, "Test operator", CancellationToken.None);
        return api.CreateGraphQLClient(await tokens.ClientCredentialsAsync(clientId, secret));
    }

    /// <summary>The token of the last link e-mailed to <paramref name="email"/>, as the person would click it.</summary>
    internal static string InvitationToken(ApiFactory api, string email)
    {
        var message = api.Services.GetRequiredService<EmailOutbox>().Messages.Last(m => m.To == email);
        return HttpUtility.ParseQueryString(new Uri(message.Link!).Query)["token"]!;
    }
}
