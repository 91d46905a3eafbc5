using System.Text;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Leads;

public sealed class LeadAssignmentTests(LeadsFixture api) : IClassFixture<LeadsFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string CreateRule = """
        mutation($input: CreateAssignmentRuleInput!) {
          createAssignmentRule(input: $input) { assignmentRule { id strategy } errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on NotFoundError { field } ... on UnknownCodeError { value } } }
        }
        """;

    private const string LeadsInProvince = """
        query($p: [String!]) { leads(first: 100, where: { provinces: $p }) { totalCount nodes { id status owner { id } team { id } history { kind } } } }
        """;

    [Fact]
    public async Task RoundRobin_UnderConcurrentAndBulkIntake_GivesEveryRepTheSameShareAndEachLeadOneOwner()
    {
        var (teamId, reps) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = "轮询", position = 10, provinces = new[] { province }, strategy = "ROUND_ROBIN", teamId });
        var csv = new StringBuilder("name,phone,industry,province\n");
        for (var i = 0; i < 60; i++)
        {
            csv.Append($"批量{i},{api.UniquePhone()},ELECTRONICS,{province}\n");
        }

        var singles = Enumerable.Range(0, 40).Select(i => api.CreateGraphQLClient().QueryAsync(LeadIntakeTests.CreateLead,
            new { input = new { name = $"并发{i}", phone = api.UniquePhone(), industry = "ELECTRONICS", source = "WEBSITE", province } }));
        var bulk = api.CreateGraphQLClient().QueryAsync("mutation($csv: String!) { bulkImportLeads(input: { csv: $csv }) { import { importedCount } } }", new { csv = csv.ToString() });
        await Task.WhenAll(singles.Append(bulk));

        var leads = (await _client.QueryAsync(LeadsInProvince, new { p = new[] { province } }))["leads"]!;
        Assert.Equal(100, leads["totalCount"]!.GetValue<int>());
        var perRep = leads["nodes"]!.AsArray().GroupBy(l => l!["owner"]!["id"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(reps.Order(), perRep.Keys.Order());
        Assert.True(perRep.Values.Max() - perRep.Values.Min() <= 1, string.Join(", ", perRep.Values));
        Assert.All(leads["nodes"]!.AsArray(), l =>
        {
            Assert.Equal("ASSIGNED", l!["status"]!.GetValue<string>());
            Assert.Equal(teamId, l["team"]!["id"]!.GetValue<string>());
            Assert.Equal(["CREATED", "ASSIGNED"], l["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task WeightedByOpenWorkload_FillsUpTheLightestRepsFirst()
    {
        var (teamId, reps) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        var busy = reps[0];
        var queued = await CreateLeadAsync(new { name = "先手工分配", phone = api.UniquePhone(), industry = "CHEMICALS", source = "PHONE", province = api.UniqueProvince() });
        await ReassignAsync(queued["id"]!.GetValue<string>(), busy, "客户指定");
        await api.CreateRuleAsync(new { name = "按负载", position = 10, provinces = new[] { province }, strategy = "WEIGHTED_BY_OPEN_WORKLOAD", teamId });

        var owners = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            owners.Add((await CreateLeadAsync(new { name = $"负载{i}", phone = api.UniquePhone(), industry = "CHEMICALS", source = "WEBSITE", province }))["owner"]!["id"]!.GetValue<string>());
        }

        Assert.Equal(1, owners.Count(o => o == busy));
        Assert.All(reps.Skip(1), rep => Assert.Equal(2, owners.Count(o => o == rep)));
    }

    [Fact]
    public async Task NamedMemberAndTerritory_PickTheirMember_AndUnmatchedLeadsWaitInTheDefaultQueue()
    {
        var (teamId, reps) = await api.TakeTeamAsync();
        var (queueTeamId, _) = await api.TakeTeamAsync();
        var named = api.UniqueProvince();
        var east = api.UniqueProvince();
        var west = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = "大客户专人", position = 1, provinces = new[] { named }, sizes = new[] { "ENTERPRISE" }, strategy = "NAMED_MEMBER", memberId = reps[2] });
        await api.CreateRuleAsync(new { name = "辖区", position = 2, strategy = "TERRITORY", teamId, territories = new[] { new { province = east, memberId = reps[0] }, new { province = west, memberId = reps[1] } } });
        await _client.QueryAsync("mutation($t: ID) { updateLeadRoutingSettings(input: { defaultQueueTeamId: $t }) { errors { __typename } } }", new { t = queueTeamId });

        var enterprise = await CreateLeadAsync(new { name = "集团客户", phone = api.UniquePhone(), industry = "AUTOMOTIVE", source = "REFERRAL", province = named, estimatedSize = "ENTERPRISE" });
        var small = await CreateLeadAsync(new { name = "小客户", phone = api.UniquePhone(), industry = "AUTOMOTIVE", source = "REFERRAL", province = named, estimatedSize = "SMALL" });
        var inWest = await CreateLeadAsync(new { name = "西区", phone = api.UniquePhone(), industry = "AUTOMOTIVE", source = "REFERRAL", province = west });

        Assert.Equal(reps[2], enterprise["owner"]!["id"]!.GetValue<string>());
        Assert.Null(small["owner"]);
        Assert.Equal("NEW", small["status"]!.GetValue<string>());
        Assert.Equal(queueTeamId, small["team"]!["id"]!.GetValue<string>());
        Assert.Equal(reps[1], inWest["owner"]!["id"]!.GetValue<string>());
        await _client.QueryAsync("mutation { updateLeadRoutingSettings(input: { defaultQueueTeamId: null }) { errors { __typename } } }");
    }

    [Fact]
    public async Task CreateAssignmentRule_RefusesWhatCannotRoute()
    {
        var (teamId, _) = await api.TakeTeamAsync();
        var (_, otherReps) = await api.TakeTeamAsync();

        var foreignMember = await _client.QueryAsync(CreateRule, new { input = new { name = "错队", position = 1, strategy = "NAMED_MEMBER", teamId, memberId = otherReps[0] } });
        var noTeam = await _client.QueryAsync(CreateRule, new { input = new { name = "无队", position = 1, strategy = "ROUND_ROBIN" } });
        var unknownProduct = await _client.QueryAsync(CreateRule, new { input = new { name = "怪产品", position = 1, strategy = "ROUND_ROBIN", teamId, productCodes = new[] { "WARP-DRIVE" } } });
        var foreignTerritory = await _client.QueryAsync(CreateRule, new { input = new { name = "错辖区", position = 1, strategy = "TERRITORY", teamId, territories = new[] { new { province = "江苏", memberId = otherReps[0] } } } });

        Assert.Equal("input.memberId", Error(foreignMember, "createAssignmentRule")["field"]!.GetValue<string>());
        Assert.Contains("not a member of the rule's team", Error(foreignMember, "createAssignmentRule")["message"]!.GetValue<string>());
        Assert.Equal("input.teamId", Error(noTeam, "createAssignmentRule")["field"]!.GetValue<string>());
        Assert.Equal("WARP-DRIVE", Error(unknownProduct, "createAssignmentRule")["value"]!.GetValue<string>());
        Assert.Equal("input.territories[0]", Error(foreignTerritory, "createAssignmentRule")["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateAssignmentRule_ChangesTheRuleInPlace_AndRefusesWhatCannotRoute()
    {
        var (teamId, reps) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        var ruleId = await api.CreateRuleAsync(new { name = "原规则", position = 5, provinces = new[] { province }, strategy = "ROUND_ROBIN", teamId });
        const string Update = """
            mutation($input: UpdateAssignmentRuleInput!) { updateAssignmentRule(input: $input) {
              assignmentRule { name position active provinces strategy team { id } member { id } reassignOnFirstResponseBreach }
              errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on NotFoundError { field } } } }
            """;

        var named = await _client.QueryAsync(Update, new { input = new { id = ruleId, name = "点名规则", position = 2, strategy = "NAMED_MEMBER", memberId = reps[1], reassignOnFirstResponseBreach = true } });
        var created = await _client.QueryAsync(LeadIntakeTests.CreateLead, new { input = new { name = "改规则后", phone = api.UniquePhone(), industry = "OTHER", source = "WEBSITE", province } });
        var lead = await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Lead { owner { id } } } }", new { id = created["createLead"]!["lead"]!["id"]!.GetValue<string>() });
        var noTeam = await _client.QueryAsync(Update, new { input = new { id = ruleId, strategy = "ROUND_ROBIN", teamId = (string?)null } });
        var memberWithRoundRobin = await _client.QueryAsync(Update, new { input = new { id = ruleId, strategy = "ROUND_ROBIN", memberId = reps[0] } });
        var unknown = await _client.QueryAsync(Update, new { input = new { id = "QXNzaWdubWVudFJ1bGU6OTk5OTk5", name = "无" } });
        var deactivated = await _client.QueryAsync(Update, new { input = new { id = ruleId, active = false } });
        var after = await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on AssignmentRule { name strategy member { id } active } } }", new { id = ruleId });

        var rule = named["updateAssignmentRule"]!["assignmentRule"]!;
        Assert.Empty(named["updateAssignmentRule"]!["errors"]!.AsArray());
        Assert.Equal(("点名规则", 2, "NAMED_MEMBER", reps[1], true, province), (rule["name"]!.GetValue<string>(), rule["position"]!.GetValue<int>(),
            rule["strategy"]!.GetValue<string>(), rule["member"]!["id"]!.GetValue<string>(), rule["reassignOnFirstResponseBreach"]!.GetValue<bool>(), rule["provinces"]![0]!.GetValue<string>()));
        Assert.Equal(teamId, rule["team"]!["id"]!.GetValue<string>());
        Assert.Equal(reps[1], lead["node"]!["owner"]!["id"]!.GetValue<string>());
        Assert.Equal("input.teamId", Error(noTeam, "updateAssignmentRule")["field"]!.GetValue<string>());
        Assert.Equal("input.memberId", Error(memberWithRoundRobin, "updateAssignmentRule")["field"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", Error(unknown, "updateAssignmentRule")["code"]!.GetValue<string>());
        Assert.False(deactivated["updateAssignmentRule"]!["assignmentRule"]!["active"]!.GetValue<bool>());
        // Refused updates changed nothing; the last one only switched the rule off.
        Assert.Equal("点名规则", after["node"]!["name"]!.GetValue<string>());
        Assert.Equal("NAMED_MEMBER", after["node"]!["strategy"]!.GetValue<string>());
        Assert.Equal(reps[1], after["node"]!["member"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AssignedLead_CarriesTheMostSpecificScriptAndProductSuggestions()
    {
        var (teamId, _) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = "新能源", position = 5, provinces = new[] { province }, industries = new[] { "NEW_ENERGY" }, strategy = "ROUND_ROBIN", teamId });

        var data = await _client.QueryAsync("""
            mutation($input: CreateLeadInput!) { createLead(input: $input) { lead {
              owner { name } firstCallScript { template { name } text } suggestedProducts { product { code } reason } } } }
            """, new { input = new { name = "吴工", company = "苏州阳光电站", phone = api.UniquePhone(), industry = "NEW_ENERGY", source = "TRADE_SHOW", province, productInterests = new[] { "PV-INVERTER", "PLC-S7" } } });

        var lead = data["createLead"]!["lead"]!;
        var owner = lead["owner"]!["name"]!.GetValue<string>();
        Assert.Equal("逆变器首呼话术", lead["firstCallScript"]!["template"]!["name"]!.GetValue<string>());
        var text = lead["firstCallScript"]!["text"]!.GetValue<string>();
        Assert.StartsWith($"吴工您好，我是{owner}。", text);
        Assert.DoesNotContain("{{", text);
        Assert.Equal(["PV-INVERTER:INTEREST_AND_INDUSTRY", "PLC-S7:INTEREST", "ESS-CABINET:INDUSTRY"],
            lead["suggestedProducts"]!.AsArray().Select(s => $"{s!["product"]!["code"]}:{s["reason"]}"));
    }

    [Fact]
    public async Task CreateScriptTemplate_WithAnUnknownVariable_IsRefused()
    {
        var data = await _client.QueryAsync("""
            mutation { createScriptTemplate(input: { name: "坏模板", body: "您好 {{lead.name}}，我是 {{owner.nickname}}" }) { scriptTemplate { id } errors { __typename ... on UnknownCodeError { value } } } }
            """);

        Assert.Equal("{{owner.nickname}}", Error(data, "createScriptTemplate")["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReassignAndFirstResponse_AreKeptInHistory_AndOnlyTheOwnerAnswers()
    {
        var repToken = await new TokenClient(api).MemberTokenAsync("rep");
        var rep = api.CreateGraphQLClient(repToken);
        var repId = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var lead = await CreateLeadAsync(new { name = "待分配", phone = api.UniquePhone(), industry = "LOGISTICS", source = "PHONE", province = api.UniqueProvince() });
        var leadId = lead["id"]!.GetValue<string>();
        const string respond = """
            mutation($id: ID!) { recordFirstResponse(input: { leadId: $id, outcome: MEETING_BOOKED, note: "约了周三拜访" }) {
              lead { status firstRespondedAt firstResponseOutcome history { kind detail actor { id } } } errors { __typename ... on UserError { code } } } }
            """;

        var hiddenBefore = await rep.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = leadId });
        var repMayNotReassign = await rep.PostAsync("mutation($id: ID!, $o: ID!) { reassignLead(input: { leadId: $id, ownerId: $o, reason: \"x\" }) { errors { __typename } } }", new { id = leadId, o = repId });
        await ReassignAsync(leadId, repId, "客户点名要他");
        var answered = await rep.QueryAsync(respond, new { id = leadId });
        var again = await rep.QueryAsync(respond, new { id = leadId });
        var mine = await rep.QueryAsync("{ leads(first: 100) { nodes { owner { id } } } }");

        Assert.Null(hiddenBefore["node"]);
        Assert.Equal("FORBIDDEN", repMayNotReassign.FirstErrorCode);
        var done = answered["recordFirstResponse"]!["lead"]!;
        Assert.Equal("CONTACTED", done["status"]!.GetValue<string>());
        Assert.Equal("MEETING_BOOKED", done["firstResponseOutcome"]!.GetValue<string>());
        Assert.Equal(["CREATED", "QUEUED", "REASSIGNED", "FIRST_RESPONSE"], done["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Equal("客户点名要他", done["history"]![2]!["detail"]!.GetValue<string>());
        Assert.Equal(repId, done["history"]![3]!["actor"]!["id"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", again["recordFirstResponse"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.All(mine["leads"]!["nodes"]!.AsArray(), l => Assert.Equal(repId, l!["owner"]!["id"]!.GetValue<string>()));
    }

    private async Task<JsonNode> CreateLeadAsync(object input)
    {
        var data = await _client.QueryAsync("""
            mutation($input: CreateLeadInput!) { createLead(input: $input) { lead { id status owner { id } team { id } } errors { __typename ... on UserError { message } } } }
            """, new { input });
        Assert.Empty(data["createLead"]!["errors"]!.AsArray());
        return data["createLead"]!["lead"]!;
    }

    private async Task ReassignAsync(string leadId, string ownerId, string reason)
    {
        var data = await _client.QueryAsync("mutation($input: ReassignLeadInput!) { reassignLead(input: $input) { errors { __typename ... on UserError { message } } } }",
            new { input = new { leadId, ownerId, reason } });
        Assert.Empty(data["reassignLead"]!["errors"]!.AsArray());
    }

    private static JsonNode Error(JsonNode data, string mutation) => data[mutation]!["errors"]![0]!;
}
