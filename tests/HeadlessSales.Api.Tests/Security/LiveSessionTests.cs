using System.Net;
using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// Sessions that outlive their right: a socket opened before its client was revoked or its member deactivated
/// or moved. On a host of its own, because these tests deactivate and demote demo members.
/// </summary>
public sealed class LiveSessionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Escalations = "subscription { onEscalationRaised { leadId } }";
    private const string TeamBoard = "subscription($teamId: ID!) { onFollowUpLogged(teamId: $teamId) { activityId } }";

    [Fact]
    public async Task RevokedClient_ItsOpenSocketCloses4403_AndItsSubscriptionEnds()
    {
        var (clientId, token) = await CreateClientAsync(api);
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, token);
        await SubscribeAsync(api, socket, "escalations", Escalations);
        var subscribers = Bus(api).SubscriberCount;

        await RevokeAsync(api.CreateGraphQLClient(), clientId);

        Assert.Equal(4403, await socket.ReceiveCloseAsync());
        Assert.Equal("Forbidden: the session was ended", socket.CloseDescription);
        await WaitUntilAsync(() => Bus(api).SubscriberCount == subscribers - 1);
    }

    [Fact]
    public async Task DeactivatedMember_TheirOpenSocketCloses4403_AndTheirTokenIsRefused()
    {
        var token = await new TokenClient(api).MemberTokenAsync("salesops");
        var salesOps = api.CreateGraphQLClient(token);
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, token);
        await SubscribeAsync(api, socket, "escalations", Escalations);

        var updated = await api.CreateGraphQLClient().QueryAsync(
            "mutation($id: ID!) { updateMember(input: { id: $id, active: false }) { member { active } errors { __typename } } }",
            new { id = await MemberIdAsync("salesops@demo.example.com") });

        Assert.False(updated["updateMember"]!["member"]!["active"]!.GetValue<bool>());
        Assert.Equal(4403, await socket.ReceiveCloseAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await salesOps.PostAsync("{ tenant { slug } }")).Status);
    }

    [Fact]
    public async Task DemotedTeamLead_LosesTheBoardSubscription_AndKeepsTheSocketAndTheRest()
    {
        var token = await new TokenClient(api).MemberTokenAsync("teamlead");
        var lead = await MemberAsync("teamlead@demo.example.com");
        var teamId = lead["team"]!["id"]!.GetValue<string>();
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, token);
        await SubscribeAsync(api, socket, "board", TeamBoard, new { teamId });
        await SubscribeAsync(api, socket, "escalations", Escalations);

        await api.CreateGraphQLClient().QueryAsync(
            "mutation($id: ID!) { updateMember(input: { id: $id, role: REP }) { errors { __typename } } }",
            new { id = lead["id"]!.GetValue<string>() });
        var ended = await socket.ReceiveAsync();
        await socket.SendAsync(new { type = "ping" });
        var pong = await socket.ReceiveAsync();
        await socket.SubscribeAsync("board-again", TeamBoard, new { teamId });
        var refused = await socket.ReceiveAsync();

        Assert.Equal(("error", "board"), (ended!["type"]!.GetValue<string>(), ended["id"]!.GetValue<string>()));
        Assert.Equal("FORBIDDEN", ended["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("pong", pong!["type"]!.GetValue<string>());
        Assert.Equal(("error", "board-again"), (refused!["type"]!.GetValue<string>(), refused["id"]!.GetValue<string>()));
        Assert.Equal("FORBIDDEN", refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Null(socket.CloseStatus);
    }

    [Fact]
    public async Task RepeatedRequests_ReadTheClientsStandingFromTheCache_UntilItIsRevoked()
    {
        var (clientId, token) = await CreateClientAsync(api);
        var client = api.CreateGraphQLClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("{ tenant { slug } }")).Status);

        api.Commands.Start();
        var again = await client.PostAsync("{ tenant { slug } }");
        var commands = api.Commands.Stop();
        await RevokeAsync(api.CreateGraphQLClient(), clientId);
        var afterRevoke = await client.PostAsync("{ tenant { slug } }");

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.DoesNotContain(commands, c => c.Contains("IntegrationClients", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.Status);
    }

    [Fact]
    public async Task RepeatedMemberRequests_ReadTheMemberFromTheCache()
    {
        var rep = await api.MemberAsync("rep");
        Assert.Equal(HttpStatusCode.OK, (await rep.PostAsync("{ tenant { slug } }")).Status);

        api.Commands.Start();
        var again = await rep.PostAsync("{ tenant { slug } }");
        var commands = api.Commands.Stop();

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.DoesNotContain(commands, c => c.Contains("\"Members\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARevocationThisNodeNeverHeardOf_IsSeenWithinTheCachesMaxAge()
    {
        var (clientId, token) = await CreateClientAsync(api);
        var client = api.CreateGraphQLClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("{ tenant { slug } }")).Status);

        // As if another node had revoked it while this one was cut off from Redis: the row changes, no event comes.
        await using (var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants())
        {
            var key = GlobalId.TryDecode(clientId, "IntegrationClient")!.Value;
            Assert.Equal(1, await db.IntegrationClients.IgnoreQueryFilters().Where(c => c.Id == key).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, DateTime.UtcNow)));
        }

        var stillCached = await client.PostAsync("{ tenant { slug } }");
        api.Clock.Advance(ActorStandingCache.MaxAge);
        var reRead = await client.PostAsync("{ tenant { slug } }");

        Assert.Equal(HttpStatusCode.OK, stillCached.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, reRead.Status);
    }

    [RedisFact]
    public async Task ClientRevokedOnOneNode_EndsItsSocketOnTheOther()
    {
        var folder = Path.Combine(Path.GetTempPath(), "headlesssales-tests", "nodes-" + Guid.NewGuid().ToString("N"));
        var channel = $"headlesssales:test:{Guid.NewGuid():N}";
        using var nodeA = new ApiNode(folder, channel);
        var (clientId, token) = await CreateClientAsync(nodeA);
        using var nodeB = new ApiNode(folder, channel);
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(nodeB, token);
        await SubscribeAsync(nodeB, socket, "escalations", Escalations);

        await RevokeAsync(nodeA.CreateGraphQLClient(), clientId);

        Assert.Equal(4403, await socket.ReceiveCloseAsync());
    }

    /// <summary>
    /// Issue 22: the standing cache saves the database read on every request, yet two nodes sharing one database serve
    /// no request on a stale standing: the node that did not make the change refuses the very next request.
    /// </summary>
    [RedisFact]
    public async Task RevokedClientAndDeactivatedMember_TheOtherNodeRefusesTheirVeryNextRequest()
    {
        var folder = Path.Combine(Path.GetTempPath(), "headlesssales-tests", "nodes-" + Guid.NewGuid().ToString("N"));
        var channel = $"headlesssales:test:{Guid.NewGuid():N}";
        using var nodeA = new ApiNode(folder, channel);
        var (clientId, clientToken) = await CreateClientAsync(nodeA);
        using var nodeB = new ApiNode(folder, channel);
        var memberToken = await new TokenClient(nodeB).MemberTokenAsync("rep");
        var clientOnB = nodeB.CreateGraphQLClient(clientToken);
        var memberOnB = nodeB.CreateGraphQLClient(memberToken);
        // Both standings are now cached on B: these requests read no IntegrationClients or Members row.
        Assert.Equal(HttpStatusCode.OK, (await clientOnB.PostAsync("{ tenant { slug } }")).Status);
        Assert.Equal(HttpStatusCode.OK, (await memberOnB.PostAsync("{ tenant { slug } }")).Status);
        nodeB.Commands.Start();
        var cachedClient = await clientOnB.PostAsync("{ tenant { slug } }");
        var cachedMember = await memberOnB.PostAsync("{ tenant { slug } }");
        var cachedReads = nodeB.Commands.Stop();

        var admin = nodeA.CreateGraphQLClient();
        await RevokeAsync(admin, clientId);
        var rep = (await admin.QueryAsync("{ members(first: 100, where: { roles: [REP] }) { nodes { id email } } }"))["members"]!["nodes"]!.AsArray()
            .Single(m => m!["email"]!.GetValue<string>() == "rep@demo.example.com")!;
        var deactivated = await admin.QueryAsync("mutation($id: ID!) { updateMember(input: { id: $id, active: false }) { errors { __typename } } }", new { id = rep["id"]!.GetValue<string>() });
        var clientAfter = await clientOnB.PostAsync("{ tenant { slug } }");
        var memberAfter = await memberOnB.PostAsync("{ tenant { slug } }");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cachedClient.Status, cachedMember.Status));
        Assert.DoesNotContain(cachedReads, c => c.Contains("IntegrationClients", StringComparison.Ordinal) || c.Contains("\"Members\"", StringComparison.Ordinal));
        Assert.Empty(deactivated["updateMember"]!["errors"]!.AsArray());
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (clientAfter.Status, memberAfter.Status));
    }

    private static IEventBus Bus(ApiFactory node) => node.Services.GetRequiredService<IEventBus>();

    /// <summary>Subscribes and returns once the subscription listens on the bus.</summary>
    private static async Task SubscribeAsync(ApiFactory node, WebSocketTestClient socket, string id, string query, object? variables = null)
    {
        var before = Bus(node).SubscriberCount;
        await socket.SubscribeAsync(id, query, variables);
        await WaitUntilAsync(() => Bus(node).SubscriberCount > before);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // A safety net against a hung test: the condition is met as soon as the server has done its work.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    private static async Task<(string Id, string Token)> CreateClientAsync(ApiFactory node)
    {
        var created = await node.CreateGraphQLClient().QueryAsync("""
            mutation { createIntegrationClient(input: { name: "外呼系统", scopes: ["sales:read"] }) { integrationClient { id clientId } clientSecret } }
            """);
        var client = created["createIntegrationClient"]!["integrationClient"]!;
        var token = await new TokenClient(node).ClientCredentialsAsync(client["clientId"]!.GetValue<string>(), created["createIntegrationClient"]!["clientSecret"]!.GetValue<string>());
        return (client["id"]!.GetValue<string>(), token);
    }

    private static async Task RevokeAsync(GraphQLTestClient admin, string clientId)
    {
        var revoked = await admin.QueryAsync("mutation($id: ID!) { revokeIntegrationClient(input: { id: $id }) { errors { __typename } } }", new { id = clientId });
        Assert.Empty(revoked["revokeIntegrationClient"]!["errors"]!.AsArray());
    }

    private async Task<JsonNode> MemberAsync(string email)
    {
        var found = await api.CreateGraphQLClient().QueryAsync("query($email: String!) { members(where: { search: $email }) { nodes { id email team { id } } } }", new { email });
        return found["members"]!["nodes"]!.AsArray().Single(m => m!["email"]!.GetValue<string>() == email)!;
    }

    private async Task<string> MemberIdAsync(string email) => (await MemberAsync(email))["id"]!.GetValue<string>();
}
