using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>A second tenant tries every road into the first one's data; each is a dead end that looks like nothing is there.</summary>
public sealed class TenantIsolationTests(SecurityFixture api) : IClassFixture<SecurityFixture>
{
    [Fact]
    public async Task GuessedGlobalIds_ReadAsNotFound()
    {
        var demo = await DemoIdsAsync();

        var data = await api.Rival.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = demo.Values.ToArray() });

        Assert.All(data["nodes"]!.AsArray(), Assert.Null);
    }

    [Fact]
    public async Task ForeignId_AndNeverExistingId_GiveTheSameAnswer()
    {
        var demoAccount = (await DemoIdsAsync())["account"];
        var neverExisted = GlobalId.Encode("Account", 9_999_999);
        const string mutation = "mutation($id: ID!) { updateAccount(input: { id: $id, city: \"x\" }) { account { id } errors { __typename ... on UserError { code message } } } }";

        var foreign = await api.Rival.PostAsync(mutation, new { id = demoAccount });
        var missing = await api.Rival.PostAsync(mutation, new { id = neverExisted });

        Assert.Equal("NOT_FOUND", foreign.Data!["updateAccount"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(missing.Body.Replace(neverExisted, "<id>"), foreign.Body.Replace(demoAccount, "<id>"));
    }

    [Fact]
    public async Task FiltersWithForeignIds_MatchNothing()
    {
        var demo = await DemoIdsAsync();

        var data = await api.Rival.QueryAsync("""
            query($member: ID!, $account: ID!, $team: ID!) {
              accounts(where: { ownerIds: [$member] }) { totalCount }
              contacts(where: { accountIds: [$account] }) { totalCount }
              members(where: { teamIds: [$team] }) { totalCount }
            }
            """, new { member = demo["member"], account = demo["account"], team = demo["team"] });

        Assert.Equal(0, data["accounts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(0, data["contacts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(0, data["members"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConnectionsAndAggregates_CountOnlyTheCallersTenant()
    {
        var rival = await api.Rival.QueryAsync("{ tenant { slug } accounts { totalCount nodes { owner { email } } } members { totalCount } }");
        var demo = await api.Demo.QueryAsync("{ accounts { totalCount } }");

        Assert.Equal("rival", rival["tenant"]!["slug"]!.GetValue<string>());
        Assert.Equal(5, rival["accounts"]!["totalCount"]!.GetValue<int>());
        Assert.True(demo["accounts"]!["totalCount"]!.GetValue<int>() >= 400);
        Assert.All(rival["accounts"]!["nodes"]!.AsArray(), n => Assert.EndsWith("@rival.example.com", n!["owner"]!["email"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MutationsReferencingForeignObjects_AreRefusedAsNotFound()
    {
        var demo = await DemoIdsAsync();

        var create = await api.Rival.QueryAsync("""
            mutation($owner: ID!, $account: ID!) {
              a: createAccount(input: { name: "渗透测试", industry: OTHER, ownership: PRIVATE, size: SMALL, ownerId: $owner }) { account { id } errors { ... on UserError { code } } }
              c: createContact(input: { accountId: $account, name: "间谍", decisionRole: USER }) { contact { id } errors { ... on UserError { code } } }
              archiveAccount(input: { id: $account }) { account { id } errors { ... on UserError { code } } }
            }
            """, new { owner = demo["member"], account = demo["account"] });

        Assert.Equal("NOT_FOUND", create["a"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", create["c"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", create["archiveAccount"]!["errors"]![0]!["code"]!.GetValue<string>());
        var still = await api.Demo.QueryAsync("query($id: ID!) { node(id: $id) { ... on Account { archived } } }", new { id = demo["account"] });
        Assert.False(still["node"]!["archived"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SubscriptionToAForeignAccount_ReceivesNothing()
    {
        var demoAccount = (await DemoIdsAsync())["account"];
        var bus = api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var rival = await WebSocketTestClient.ConnectAndInitAsync(api, api.RivalToken);
        await rival.SubscribeAsync("spy", "subscription($id: ID!) { onAccountChanged(id: $id) { kind account { name } } }", new { id = demoAccount });
        while (bus.SubscriberCount <= before)
        {
            await Task.Yield();
        }

        await api.Demo.QueryAsync("mutation($id: ID!) { updateAccount(input: { id: $id, city: \"杭州\" }) { errors { __typename } } }", new { id = demoAccount });
        await rival.SendAsync(new { type = "ping" });

        // The pong comes first: the demo tenant's change never reached the rival's stream.
        Assert.Equal("pong", (await rival.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    private async Task<Dictionary<string, string>> DemoIdsAsync()
    {
        var data = await api.Demo.QueryAsync("{ members(first: 1) { nodes { id } } accounts(first: 1) { nodes { id } } teams(first: 1) { nodes { id } } contacts(first: 1) { nodes { id } } }");
        static string First(JsonNode node) => node["nodes"]![0]!["id"]!.GetValue<string>();
        return new Dictionary<string, string>
        {
            ["member"] = First(data["members"]!),
            ["account"] = First(data["accounts"]!),
            ["team"] = First(data["teams"]!),
            ["contact"] = First(data["contacts"]!),
        };
    }
}
