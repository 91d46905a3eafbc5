using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// The roads around the lists that an attacker's probe found open: each must meet the visibility rule the list applies,
/// and a record outside the caller's view must read exactly like one that does not exist.
/// </summary>
public sealed class VisibilityPathTests(SecurityFixture api) : IClassFixture<SecurityFixture>
{
    private const string CreateLead = """
        mutation($input: CreateLeadInput!) { createLead(input: $input) { lead { id duplicateOfId duplicateMatchedOn } errors { __typename } } }
        """;

    [Fact]
    public async Task Rep_CannotReadAnotherTeamsEscalation_ByNode()
    {
        var (rep, peer) = await RepAndPeerInAnotherTeamAsync();
        var leadId = await LeadOfAsync(peer, "升级", null);
        var escalationId = await EscalateAsync(leadId);
        const string query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }";
        var neverExisted = GlobalId.Encode("Escalation", 9_999_999);

        var asRep = await rep.PostAsync(query, new { ids = new[] { escalationId, neverExisted } });
        var asIntegration = await api.Demo.QueryAsync(query, new { ids = new[] { escalationId } });

        Assert.Equal("Escalation", asIntegration["nodes"]![0]!["__typename"]!.GetValue<string>());
        Assert.Null(asRep.Errors);
        Assert.All(asRep.Data!["nodes"]!.AsArray(), Assert.Null);
    }

    [Fact]
    public async Task Rep_GetsTheSameAnswerForAnAuditEntryOrIntegrationClientThatExists_AsForOneThatDoesNot()
    {
        var rep = await api.MemberAsync("rep");
        var account = (await api.Demo.QueryAsync("{ accounts(first: 1) { nodes { id } } }"))["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>();
        await api.Demo.QueryAsync("mutation($id: ID!) { updateAccount(input: { id: $id, city: \"审计\" }) { errors { __typename } } }", new { id = account });
        var existing = await api.Demo.QueryAsync("{ auditLog(first: 1) { nodes { id } } integrationClients(first: 1) { nodes { id } } }");
        var audit = existing["auditLog"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var client = existing["integrationClients"]!["nodes"]![0]!["id"]!.GetValue<string>();
        const string query = "query($id: ID!) { node(id: $id) { __typename id } }";

        foreach (var (id, missing) in new[] { (audit, GlobalId.Encode("AuditEntry", 9_999_999)), (client, GlobalId.Encode("IntegrationClient", 9_999_999)) })
        {
            var present = await rep.PostAsync(query, new { id });
            var absent = await rep.PostAsync(query, new { id = missing });

            Assert.Equal(absent.Status, present.Status);
            Assert.Equal(absent.Body, present.Body);
            Assert.Null(present.Data!["node"]);
        }
    }

    [Fact]
    public async Task IdempotentReplay_DoesNotReturnALeadTheCallerCannotSee()
    {
        var (rep, peer) = await RepAndPeerInAnotherTeamAsync();
        var province = await RouteToAsync(peer);
        var input = new { name = "重放", phone = UniquePhone(), industry = "NEW_ENERGY", source = "WEBSITE", province, idempotencyKey = "replay-" + Guid.NewGuid().ToString("N") };
        var first = await api.Demo.QueryAsync(CreateLead, new { input });

        var replay = await rep.QueryAsync(CreateLead, new { input });

        Assert.NotNull(first["createLead"]!["lead"]);
        Assert.Null(replay["createLead"]!["lead"]);
        Assert.Empty(replay["createLead"]!["errors"]!.AsArray());
    }

    [Fact]
    public async Task BulkImport_ShowsNoLeadForARowRoutedOutOfTheCallersView()
    {
        var (rep, peer) = await RepAndPeerInAnotherTeamAsync();
        var province = await RouteToAsync(peer);
        var csv = $"name,phone,industry,province\n导入,{UniquePhone()},OTHER,{province}\n";
        const string import = "mutation($csv: String!) { bulkImportLeads(input: { csv: $csv }) { import { importedCount rows { line lead { id } } } errors { __typename } } }";

        var imported = await rep.QueryAsync(import, new { csv });

        Assert.Equal(1, imported["bulkImportLeads"]!["import"]!["importedCount"]!.GetValue<int>());
        Assert.Null(imported["bulkImportLeads"]!["import"]!["rows"]![0]!["lead"]);
    }

    [Fact]
    public async Task DuplicateCheck_TellsARepNothingAboutALeadOutsideTheirView()
    {
        var (rep, peer) = await RepAndPeerInAnotherTeamAsync();
        var me = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var phone = UniquePhone();
        var original = await LeadOfAsync(peer, "原始", phone);
        var mine = await RouteToAsync(me);

        var duplicate = await rep.QueryAsync(CreateLead, new { input = new { name = "重复", phone, industry = "NEW_ENERGY", source = "WEBSITE", province = mine } });
        var asIntegration = await api.Demo.QueryAsync("query($id: ID!) { node(id: $id) { ... on Lead { duplicateOfId duplicateMatchedOn } } }",
            new { id = duplicate["createLead"]!["lead"]!["id"]!.GetValue<string>() });

        Assert.Equal(original, asIntegration["node"]!["duplicateOfId"]!.GetValue<string>());
        Assert.Equal(["PHONE"], asIntegration["node"]!["duplicateMatchedOn"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Null(duplicate["createLead"]!["lead"]!["duplicateOfId"]);
        Assert.Empty(duplicate["createLead"]!["lead"]!["duplicateMatchedOn"]!.AsArray());
    }

    [Fact]
    public async Task OnAccountChanged_DeliversNothingOfAPeersAccount()
    {
        var rep = await api.MemberAsync("rep");
        var me = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var accounts = (await api.Demo.QueryAsync("{ accounts(first: 100) { nodes { id owner { id } } } }"))["accounts"]!["nodes"]!.AsArray();
        var mine = accounts.First(a => a!["owner"]?["id"]?.GetValue<string>() == me)!["id"]!.GetValue<string>();
        var peers = accounts.First(a => a!["owner"]?["id"]?.GetValue<string>() is { } owner && owner != me)!["id"]!.GetValue<string>();
        var bus = api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, await new TokenClient(api).MemberTokenAsync("rep"));
        const string subscription = "subscription($id: ID!) { onAccountChanged(id: $id) { kind accountId } }";
        await socket.SubscribeAsync("peer", subscription, new { id = peers });
        await socket.SubscribeAsync("mine", subscription, new { id = mine });
        while (bus.SubscriberCount < before + 2)
        {
            await Task.Yield();
        }

        const string update = "mutation($id: ID!) { updateAccount(input: { id: $id, city: \"宁波\" }) { errors { __typename } } }";
        await api.Demo.QueryAsync(update, new { id = peers });
        await api.Demo.QueryAsync(update, new { id = mine });

        // Events arrive in order: the first one the rep hears is about their own account.
        var first = await socket.ReceiveAsync();
        Assert.Equal("mine", first!["id"]!.GetValue<string>());
        Assert.Equal(mine, first["payload"]!["data"]!["onAccountChanged"]!["accountId"]!.GetValue<string>());
    }

    /// <summary>The demo rep, and a rep of another team (so neither the rep nor the rep's team lead sees the peer's records).</summary>
    private async Task<(GraphQLTestClient Rep, string PeerId)> RepAndPeerInAnotherTeamAsync()
    {
        var rep = await api.MemberAsync("rep");
        var myTeam = (await rep.QueryAsync("{ viewer { member { team { id } } } }"))["viewer"]!["member"]!["team"]!["id"]!.GetValue<string>();
        var reps = (await api.Demo.QueryAsync("{ members(first: 100, where: { roles: [REP] }) { nodes { id team { id } } } }"))["members"]!["nodes"]!.AsArray();
        var peer = reps.First(m => m!["team"]!["id"]!.GetValue<string>() != myTeam)!["id"]!.GetValue<string>();
        return (rep, peer);
    }

    /// <summary>A rule sending the leads of a new province to <paramref name="memberId"/>; returns the province.</summary>
    private async Task<string> RouteToAsync(string memberId)
    {
        var province = "探针省" + Guid.NewGuid().ToString("N")[..8];
        var rule = await api.Demo.QueryAsync("mutation($m: ID, $p: String!) { createAssignmentRule(input: { name: $p, position: 0, provinces: [$p], strategy: NAMED_MEMBER, memberId: $m }) { errors { __typename } } }",
            new { m = memberId, p = province });
        Assert.Empty(rule["createAssignmentRule"]!["errors"]!.AsArray());
        return province;
    }

    private async Task<string> LeadOfAsync(string ownerId, string name, string? phone)
    {
        var created = await api.Demo.QueryAsync(CreateLead, new { input = new { name, phone = phone ?? UniquePhone(), industry = "NEW_ENERGY", source = "WEBSITE", province = await RouteToAsync(ownerId) } });
        return created["createLead"]!["lead"]!["id"]!.GetValue<string>();
    }

    /// <summary>An escalation of the lead to nobody in particular, stored as the SOP timer would store it.</summary>
    private async Task<string> EscalateAsync(string leadId)
    {
        var pool = api.Services.GetRequiredService<ISalesDbContextPool>();
        await using var db = pool.RentAcrossTenants();
        var key = GlobalId.TryDecode(leadId, "Lead")!.Value;
        var lead = await db.Set<Lead>().IgnoreQueryFilters().SingleAsync(l => l.Id == key);
        var escalation = Escalation.Raise(lead.TenantId, lead.Id, EscalationReason.FirstResponseDeadlineMissed, EscalationLevel.SalesOps,
            targetMemberId: null, lead.TeamId, regionId: null, api.Clock.GetUtcNow().UtcDateTime);
        db.Add(escalation);
        await db.SaveChangesAsync();
        return GlobalId.Encode("Escalation", escalation.Id);
    }

    private static string UniquePhone() => "139" + Random.Shared.Next(10_000_000, 99_999_999);
}
