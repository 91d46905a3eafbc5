using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;

namespace HeadlessSales.Api.Tests.Pipeline;

/// <summary>Leads converted into opportunities, and opportunities moved through the stages of their pipeline.</summary>
public sealed class OpportunityTests(LeadsFixture api) : IClassFixture<LeadsFixture>
{
    internal const string ConvertLead = """
        mutation($input: ConvertLeadInput!) {
          convertLead(input: $input) {
            lead { id status convertedAt convertedOpportunity { id } convertedAccount { id } history { kind } }
            account { id name industry owner { email } }
            contact { id name phone account { id } }
            opportunity { id name probability amount { amount currency } expectedCloseDate owner { email } stage { code name englishName } pipeline { code isDefault } }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on LeadAlreadyConvertedError { opportunityId } }
          }
        }
        """;

    internal const string Advance = """
        mutation($id: ID!) { advanceOpportunity(input: { id: $id }) { opportunity { stage { code } probability } errors { __typename ... on UserError { code message } } } }
        """;

    internal const string MoveBack = """
        mutation($input: MoveOpportunityBackInput!) { moveOpportunityBack(input: $input) { opportunity { stage { code } probability } errors { __typename ... on UserError { code message } ... on ValidationError { field } } } }
        """;

    internal const string StageHistory = """
        query($id: ID!) { node(id: $id) { ... on Opportunity { stage { code } stageHistory { stage { code } fromStage { code } kind reason actor { email } secondsInStage leftAt } } } }
        """;

    /// <summary>A lead assigned to the demo rep (rep@demo.example.com), and a client signed in as that rep.</summary>
    internal static async Task<(string LeadId, GraphQLTestClient Rep)> RepLeadAsync(LeadsFixture api, string company)
    {
        var repToken = await new TokenClient(api).MemberTokenAsync("rep");
        var rep = api.CreateGraphQLClient(repToken);
        var repId = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var province = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = api.UniqueName("转化"), position = 0, provinces = new[] { province }, strategy = "NAMED_MEMBER", memberId = repId });
        var created = await (await api.FreshClientAsync()).QueryAsync(LeadIntakeTests.CreateLead, new
        {
            input = new { name = "周经理", company, phone = api.UniquePhone(), email = $"{Guid.NewGuid():N}@customer.example.cn", industry = "NEW_ENERGY", source = "WEBSITE", province, estimatedSize = "LARGE" },
        });
        return (created["createLead"]!["lead"]!["id"]!.GetValue<string>(), rep);
    }

    [Fact]
    public async Task ConvertLead_MakesAccountContactAndOpportunity_KeepsTheOwner_AndConvertsOnce()
    {
        var company = api.UniqueName("常州储能");
        var (leadId, rep) = await RepLeadAsync(api, company);

        var first = await rep.QueryAsync(ConvertLead, new { input = new { leadId, amount = new { amount = "1280000.00", currency = "CNY" }, expectedCloseDate = "2027-03-31" } });
        var again = await rep.QueryAsync(ConvertLead, new { input = new { leadId } });

        var converted = first["convertLead"]!;
        Assert.Empty(converted["errors"]!.AsArray());
        var opportunityId = converted["opportunity"]!["id"]!.GetValue<string>();
        Assert.Equal("CONVERTED", converted["lead"]!["status"]!.GetValue<string>());
        Assert.Equal(opportunityId, converted["lead"]!["convertedOpportunity"]!["id"]!.GetValue<string>());
        Assert.Equal(converted["account"]!["id"]!.GetValue<string>(), converted["lead"]!["convertedAccount"]!["id"]!.GetValue<string>());
        Assert.Equal("CONVERTED", converted["lead"]!["history"]!.AsArray().Last()!["kind"]!.GetValue<string>());
        Assert.Equal((company, "NEW_ENERGY", "rep@demo.example.com"),
            (converted["account"]!["name"]!.GetValue<string>(), converted["account"]!["industry"]!.GetValue<string>(), converted["account"]!["owner"]!["email"]!.GetValue<string>()));
        Assert.Equal("周经理", converted["contact"]!["name"]!.GetValue<string>());
        var opportunity = converted["opportunity"]!;
        Assert.Equal(($"{company} 商机", 10, "1280000", "CNY", "2027-03-31", "rep@demo.example.com"),
            (opportunity["name"]!.GetValue<string>(), opportunity["probability"]!.GetValue<int>(), decimal.Parse(opportunity["amount"]!["amount"]!.GetValue<string>()).ToString("0.##"),
             opportunity["amount"]!["currency"]!.GetValue<string>(), opportunity["expectedCloseDate"]!.GetValue<string>(), opportunity["owner"]!["email"]!.GetValue<string>()));
        Assert.Equal(("REQUIREMENT_CONFIRMATION", "需求确认", "Requirement confirmation"),
            (opportunity["stage"]!["code"]!.GetValue<string>(), opportunity["stage"]!["name"]!.GetValue<string>(), opportunity["stage"]!["englishName"]!.GetValue<string>()));
        Assert.True(opportunity["pipeline"]!["isDefault"]!.GetValue<bool>());

        var error = Assert.Single(again["convertLead"]!["errors"]!.AsArray())!;
        Assert.Equal(("LeadAlreadyConvertedError", "LEAD_ALREADY_CONVERTED", opportunityId),
            (error["__typename"]!.GetValue<string>(), error["code"]!.GetValue<string>(), error["opportunityId"]!.GetValue<string>()));
        Assert.Null(again["convertLead"]!["opportunity"]);
    }

    [Fact]
    public async Task ConvertLead_ToAnExistingAccount_AttachesToIt_AndANewAccountOfATakenNameIsADuplicate()
    {
        var company = api.UniqueName("苏州光伏");
        var (firstLead, rep) = await RepLeadAsync(api, company);
        var first = await rep.QueryAsync(ConvertLead, new { input = new { leadId = firstLead } });
        var accountId = first["convertLead"]!["account"]!["id"]!.GetValue<string>();
        var (secondLead, _) = await RepLeadAsync(api, company);

        var clash = await rep.QueryAsync(ConvertLead, new { input = new { leadId = secondLead } });
        var attached = await rep.QueryAsync(ConvertLead, new { input = new { leadId = secondLead, accountId, opportunityName = "二期扩容" } });

        Assert.Equal("DUPLICATE", clash["convertLead"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Empty(attached["convertLead"]!["errors"]!.AsArray());
        Assert.Equal(accountId, attached["convertLead"]!["account"]!["id"]!.GetValue<string>());
        Assert.Equal(accountId, attached["convertLead"]!["contact"]!["account"]!["id"]!.GetValue<string>());
        Assert.Equal("二期扩容", attached["convertLead"]!["opportunity"]!["name"]!.GetValue<string>());
        var opportunities = await rep.QueryAsync("query($a: [ID!]) { opportunities(where: { accountIds: $a }) { totalCount } }", new { a = new[] { accountId } });
        Assert.Equal(2, opportunities["opportunities"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConcurrentConversionsOfOneLead_MakeOneOpportunity()
    {
        var (leadId, rep) = await RepLeadAsync(api, api.UniqueName("并发转化"));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => rep.QueryAsync(ConvertLead, new { input = new { leadId } })));

        Assert.Single(results, r => r["convertLead"]!["errors"]!.AsArray().Count == 0);
        Assert.Equal(3, results.Count(r => r["convertLead"]!["errors"]!.AsArray().SingleOrDefault()?["code"]?.GetValue<string>() == "LEAD_ALREADY_CONVERTED"));
    }

    [Fact]
    public async Task AdvanceAndMoveBack_KeepTheStageHistoryWithTimeSpent_AndMovingBackNeedsAReason()
    {
        var (leadId, rep) = await RepLeadAsync(api, api.UniqueName("无锡风电"));
        var id = (await rep.QueryAsync(ConvertLead, new { input = new { leadId } }))["convertLead"]!["opportunity"]!["id"]!.GetValue<string>();

        api.Clock.Advance(TimeSpan.FromDays(2));
        var advanced = await rep.QueryAsync(Advance, new { id });
        api.Clock.Advance(TimeSpan.FromDays(1));
        var noReason = await rep.QueryAsync(MoveBack, new { input = new { id, reason = "  " } });
        var forward = await rep.QueryAsync(MoveBack, new { input = new { id, toStageId = id, reason = "x" } });
        var back = await rep.QueryAsync(MoveBack, new { input = new { id, reason = "客户预算冻结，需求需重新确认" } });
        var atStart = await rep.QueryAsync(MoveBack, new { input = new { id, reason = "再退一步" } });
        api.Clock.Advance(TimeSpan.FromHours(5));
        var history = await rep.QueryAsync(StageHistory, new { id });

        Assert.Equal(("QUOTATION", 30), (advanced["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>(), advanced["advanceOpportunity"]!["opportunity"]!["probability"]!.GetValue<int>()));
        Assert.Equal("input.reason", noReason["moveOpportunityBack"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", forward["moveOpportunityBack"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(("REQUIREMENT_CONFIRMATION", 10), (back["moveOpportunityBack"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>(), back["moveOpportunityBack"]!["opportunity"]!["probability"]!.GetValue<int>()));
        Assert.Equal("INVALID_STATE", atStart["moveOpportunityBack"]!["errors"]![0]!["code"]!.GetValue<string>());
        var entries = history["node"]!["stageHistory"]!.AsArray();
        Assert.Equal(["CREATED:REQUIREMENT_CONFIRMATION", "ADVANCED:QUOTATION", "MOVED_BACK:REQUIREMENT_CONFIRMATION"],
            entries.Select(e => $"{e!["kind"]}:{e["stage"]!["code"]}"));
        Assert.Equal([2 * 86400, 86400, 5 * 3600], entries.Select(e => e!["secondsInStage"]!.GetValue<int>()));
        Assert.Equal("客户预算冻结，需求需重新确认", entries[2]!["reason"]!.GetValue<string>());
        Assert.Equal("QUOTATION", entries[2]!["fromStage"]!["code"]!.GetValue<string>());
        Assert.Equal("rep@demo.example.com", entries[2]!["actor"]!["email"]!.GetValue<string>());
        Assert.Null(entries[2]!["leftAt"]);
    }

    [Fact]
    public async Task Advancing_StopsAtTheLastStage_AndUpdatesKeepTheirRules()
    {
        var (leadId, rep) = await RepLeadAsync(api, api.UniqueName("合肥储能"));
        var id = (await rep.QueryAsync(ConvertLead, new { input = new { leadId } }))["convertLead"]!["opportunity"]!["id"]!.GetValue<string>();

        var stages = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            stages.Add((await rep.QueryAsync(Advance, new { id }))["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());
        }

        var beyond = await rep.QueryAsync(Advance, new { id });
        var update = await rep.QueryAsync(
            "mutation($id: ID!) { updateOpportunity(input: { id: $id, probability: 95, amount: { amount: \"500000\", currency: \"CNY\" } }) { opportunity { probability amount { currency } } errors { __typename } } }", new { id });
        var bad = await rep.QueryAsync(
            "mutation($id: ID!) { updateOpportunity(input: { id: $id, probability: 101, amount: { amount: \"-1\", currency: \"cny\" } }) { errors { ... on ValidationError { field } } } }", new { id });

        Assert.Equal(["QUOTATION", "NEGOTIATION", "SIGNING", "COLLECTION"], stages);
        Assert.Equal("INVALID_STATE", beyond["advanceOpportunity"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(95, update["updateOpportunity"]!["opportunity"]!["probability"]!.GetValue<int>());
        Assert.Equal(["input.amount", "input.probability"], bad["updateOpportunity"]!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Opportunities_AreVisibleLikeAccounts_RepOwn_TeamLeadTeam_AdminTenant()
    {
        const string Query = "{ opportunities(first: 100) { totalCount nodes { id owner { id team { id } } } } }";
        var tokens = new TokenClient(api);
        var rep = api.CreateGraphQLClient(await tokens.MemberTokenAsync("rep", "sales:read"));
        var lead = api.CreateGraphQLClient(await tokens.MemberTokenAsync("teamlead", "sales:read"));
        var admin = api.CreateGraphQLClient(await tokens.MemberTokenAsync("admin", "sales:read"));
        var me = (await rep.QueryAsync("{ viewer { member { id team { id } } } }"))["viewer"]!["member"]!;
        var everything = await admin.QueryAsync(Query);
        var peers = everything["opportunities"]!["nodes"]!.AsArray().Where(o => o!["owner"]!["id"]!.GetValue<string>() != me["id"]!.GetValue<string>()).ToList();

        var repView = await rep.QueryAsync(Query);
        var teamView = await lead.QueryAsync(Query);
        var peerNode = await rep.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = peers[0]!["id"]!.GetValue<string>() });

        // The demo tenant's seeded opportunities belong to many reps: the admin sees them all, the rep none of the others'.
        Assert.True(peers.Count >= 10, $"{peers.Count} opportunities of other reps");
        Assert.All(repView["opportunities"]!["nodes"]!.AsArray(), o => Assert.Equal(me["id"]!.GetValue<string>(), o!["owner"]!["id"]!.GetValue<string>()));
        Assert.All(teamView["opportunities"]!["nodes"]!.AsArray(), o => Assert.Equal(me["team"]!["id"]!.GetValue<string>(), o!["owner"]!["team"]!["id"]!.GetValue<string>()));
        Assert.True(teamView["opportunities"]!["totalCount"]!.GetValue<int>() < everything["opportunities"]!["totalCount"]!.GetValue<int>());
        Assert.Null(peerNode["node"]);
    }
}
