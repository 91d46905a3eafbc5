using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>Inside a tenant, members see by role and place in the org tree: rep, team, region, everyone.</summary>
public sealed class RowVisibilityTests(SecurityFixture api) : IClassFixture<SecurityFixture>
{
    private const string OwnedAccounts = """
        query($owners: [ID!]) { accounts(first: 100, where: { ownerIds: $owners }) { totalCount nodes { id owner { id team { id } region { id } } } } }
        """;

    [Fact]
    public async Task Rep_SeesOnlyOwnAccountsAndContacts()
    {
        var rep = await ClientForAsync("rep");
        var me = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();

        var mine = await rep.QueryAsync(OwnedAccounts, new { owners = (string[]?)null });
        var expected = await api.Demo.QueryAsync(OwnedAccounts, new { owners = new[] { me } });
        var contacts = await rep.QueryAsync("{ contacts(first: 100) { totalCount nodes { account { owner { id } } } } }");

        Assert.Equal(expected["accounts"]!["totalCount"]!.GetValue<int>(), mine["accounts"]!["totalCount"]!.GetValue<int>());
        Assert.All(mine["accounts"]!["nodes"]!.AsArray(), a => Assert.Equal(me, a!["owner"]!["id"]!.GetValue<string>()));
        Assert.All(contacts["contacts"]!["nodes"]!.AsArray(), c => Assert.Equal(me, c!["account"]!["owner"]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rep_CannotReadOrChangeAPeersAccount()
    {
        var rep = await ClientForAsync("rep");
        var me = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var all = await api.Demo.QueryAsync(OwnedAccounts, new { owners = (string[]?)null });
        var peerAccount = all["accounts"]!["nodes"]!.AsArray().First(a => a!["owner"]!["id"]!.GetValue<string>() != me)!["id"]!.GetValue<string>();

        var read = await rep.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = peerAccount });
        var change = await rep.QueryAsync("mutation($id: ID!) { updateAccount(input: { id: $id, city: \"偷改\" }) { errors { ... on UserError { code } } } }", new { id = peerAccount });
        var contact = await rep.QueryAsync("mutation($id: ID!) { createContact(input: { accountId: $id, name: \"x\", decisionRole: USER }) { errors { ... on UserError { code } } } }", new { id = peerAccount });

        Assert.Null(read["node"]);
        Assert.Equal("NOT_FOUND", change["updateAccount"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", contact["createContact"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task TeamLead_SeesTheTeam_RegionManagerTheRegion_AdminEverything()
    {
        var lead = await ClientForAsync("teamlead");
        var manager = await ClientForAsync("regionmanager");
        var admin = await ClientForAsync("admin");
        var leadTeam = (await lead.QueryAsync("{ viewer { member { team { id } } } }"))["viewer"]!["member"]!["team"]!["id"]!.GetValue<string>();
        var managerRegion = (await manager.QueryAsync("{ viewer { member { region { id } } } }"))["viewer"]!["member"]!["region"]!["id"]!.GetValue<string>();

        var teamView = await lead.QueryAsync(OwnedAccounts, new { owners = (string[]?)null });
        var regionView = await manager.QueryAsync(OwnedAccounts, new { owners = (string[]?)null });
        var everything = await admin.QueryAsync("{ accounts { totalCount } }");
        var total = await api.Demo.QueryAsync("{ accounts { totalCount } }");

        Assert.NotEmpty(teamView["accounts"]!["nodes"]!.AsArray());
        Assert.All(teamView["accounts"]!["nodes"]!.AsArray(), a => Assert.Equal(leadTeam, a!["owner"]!["team"]!["id"]!.GetValue<string>()));
        Assert.All(regionView["accounts"]!["nodes"]!.AsArray(), a => Assert.Equal(managerRegion, a!["owner"]!["region"]!["id"]!.GetValue<string>()));
        Assert.True(regionView["accounts"]!["totalCount"]!.GetValue<int>() > teamView["accounts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(total["accounts"]!["totalCount"]!.GetValue<int>(), everything["accounts"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rep_IsRefusedAdministrativeFields()
    {
        var rep = await ClientForAsync("rep");

        var createRegion = await rep.PostAsync("mutation { createRegion(input: { code: \"HACK\", name: \"x\" }) { region { id } } }");
        var clients = await rep.PostAsync("{ integrationClients { totalCount } }");
        var audit = await rep.PostAsync("{ auditLog { totalCount } }");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, createRegion.Status);
        Assert.Equal("FORBIDDEN", createRegion.FirstErrorCode);
        Assert.False(createRegion.HasData);
        Assert.Equal("FORBIDDEN", clients.FirstErrorCode);
        Assert.Equal("FORBIDDEN", audit.FirstErrorCode);
    }

    [Fact]
    public async Task SalesOps_TuneTheSalesProcess_ButNotTheOrgTreeOrIntegrationClients()
    {
        var salesOps = await api.MemberAsync("salesops", "sales:read sales:write org:admin");

        var viewer = await salesOps.QueryAsync("{ viewer { scopes } }");
        var settings = await salesOps.PostAsync("mutation { updateProcessHealthSettings(input: { followUpWindowDays: 3 }) { errors { __typename } } }");
        var createRegion = await salesOps.PostAsync("mutation { createRegion(input: { code: \"OPS\", name: \"x\" }) { region { id } } }");
        var clients = await salesOps.PostAsync("{ integrationClients { totalCount } }");

        Assert.Contains("org:admin", viewer["viewer"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(settings.Errors is null, settings.Body);
        Assert.Empty(settings.Data!["updateProcessHealthSettings"]!["errors"]!.AsArray());
        Assert.Equal("FORBIDDEN", createRegion.FirstErrorCode);
        Assert.False(createRegion.HasData);
        Assert.Equal("FORBIDDEN", clients.FirstErrorCode);
    }

    [Fact]
    public async Task Member_GetsOnlyTheScopesTheirRoleAllows()
    {
        var reviewer = await new TokenClient(api).SignInAsync("reviewer@demo.example.com", Identity.DemoIdentity.Password, "sales:read sales:write org:admin");
        var client = api.CreateGraphQLClient(reviewer["access_token"]!.GetValue<string>());

        var viewer = await client.QueryAsync("{ viewer { kind scopes member { role } } accounts { totalCount } }");

        Assert.Equal(["sales:read"], viewer["viewer"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("REVIEWER", viewer["viewer"]!["member"]!["role"]!.GetValue<string>());
        Assert.Equal(0, viewer["accounts"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task RefreshToken_IssuesANewAccessToken()
    {
        var tokens = new TokenClient(api);
        var signedIn = await tokens.SignInAsync("rep@demo.example.com", Identity.DemoIdentity.Password);
        using var http = api.CreateClient();

        using var refreshed = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = Identity.DemoIdentity.PortalClientId,
            ["refresh_token"] = signedIn["refresh_token"]!.GetValue<string>(),
        }));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await refreshed.Content.ReadAsStringAsync())!;

        Assert.Equal(System.Net.HttpStatusCode.OK, refreshed.StatusCode);
        var me = await api.CreateGraphQLClient(body["access_token"]!.GetValue<string>()).QueryAsync("{ viewer { member { email } } }");
        Assert.Equal("rep@demo.example.com", me["viewer"]!["member"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrongPassword_IsRefusedWithoutSayingWhichPartWasWrong()
    {
        var tokens = new TokenClient(api);

        var wrongPassword = await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync("rep@demo.example.com", "guess"));
        var unknownEmail = await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync("nobody@demo.example.com", Identity.DemoIdentity.Password));
        var otherTenant = await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.SignInAsync("rep@demo.example.com", Identity.DemoIdentity.Password, tenant: "rival"));

        Assert.Equal(wrongPassword.Message, unknownEmail.Message);
        Assert.Equal(wrongPassword.Message, otherTenant.Message);
    }

    private async Task<GraphQLTestClient> ClientForAsync(string role) => api.CreateGraphQLClient(await new TokenClient(api).MemberTokenAsync(role));
}
