using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Automation;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>ASSIGN and AWARD actions and notices pushed on a subscription, through the public API; the journal feed driven by the test.</summary>
public sealed class RuleActionTests(AutomationFixture api) : IClassFixture<AutomationFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private RuleEngine Engine => api.Services.GetRequiredService<RuleEngine>();

    private Task SettleAsync() => api.Services.SettleRulesAsync();

    private const string CreateRule = """
        mutation($input: CreateAutomationRuleInput!) {
          createAutomationRule(input: $input) {
            rule { id actions { kind assignTo points amount member { id } } }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on NotFoundError { field }
                     ... on SelfTriggeringRuleError { field eventType } }
          }
        }
        """;

    private async Task<JsonNode> TryCreateRuleAsync(object input) => (await _client.QueryAsync(CreateRule, new { input }))["createAutomationRule"]!;

    private async Task<string> CreateRuleAsync(object input)
    {
        var created = await TryCreateRuleAsync(input);
        Assert.Empty(created["errors"]!.AsArray());
        return created["rule"]!["id"]!.GetValue<string>();
    }

    private sealed record Person(string Id, string Email, string Role, string? TeamId);

    private async Task<List<Person>> MembersAsync() =>
        (await _client.QueryAsync("{ members(first: 100, where: { active: true }) { nodes { id email role team { id } } } }"))["members"]!["nodes"]!.AsArray()
            .Select(n => new Person(n!["id"]!.GetValue<string>(), n["email"]!.GetValue<string>(), n["role"]!.GetValue<string>(), n["team"]?["id"]?.GetValue<string>())).ToList();

    /// <summary>A lead in a province of its own, routed by a NAMED_MEMBER assignment rule to <paramref name="ownerId"/>.</summary>
    private async Task<string> LeadOwnedByAsync(string ownerId, string name)
    {
        var province = AutomationFixture.UniqueProvince();
        var routed = await _client.QueryAsync("mutation($m: ID, $p: String!) { createAssignmentRule(input: { name: $p, position: 0, provinces: [$p], strategy: NAMED_MEMBER, memberId: $m }) { errors { __typename ... on UserError { message } } } }",
            new { m = ownerId, p = province });
        Assert.Empty(routed["createAssignmentRule"]!["errors"]!.AsArray());
        var created = await _client.QueryAsync("""
            mutation($n: String!, $p: String, $ph: String) { createLead(input: { name: $n, phone: $ph, industry: NEW_ENERGY, source: WEBSITE, province: $p }) { lead { id owner { id } } errors { __typename ... on UserError { message } } } }
            """, new { n = name, p = province, ph = $"139{Random.Shared.Next(10_000_000, 99_999_999)}" });
        var lead = created["createLead"]!["lead"]!;
        Assert.True(ownerId == lead["owner"]?["id"]?.GetValue<string>(), created.ToJsonString());
        return lead["id"]!.GetValue<string>();
    }

    private async Task<(string? Owner, List<string> History)> LeadAsync(string id)
    {
        var lead = (await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Lead { owner { id } history { kind detail } } } }", new { id }))["node"]!;
        return (lead["owner"]?["id"]?.GetValue<string>(), lead["history"]!.AsArray().Select(h => $"{h!["kind"]!.GetValue<string>()}: {h["detail"]?.GetValue<string>()}").ToList());
    }

    private async Task RecordFirstResponseAsync(string leadId, string outcome)
    {
        var answered = await _client.QueryAsync("mutation($id: ID!, $o: FirstResponseOutcome!) { recordFirstResponse(input: { leadId: $id, outcome: $o }) { errors { __typename } } }",
            new { id = leadId, o = outcome });
        Assert.Empty(answered["recordFirstResponse"]!["errors"]!.AsArray());
    }

    private async Task<List<string>> DetailsAsync(string ruleId) =>
        (await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 100, ruleId: $r) { nodes { outcome detail } } }", new { r = ruleId }))["ruleExecutions"]!["nodes"]!
            .AsArray().Select(n => $"{n!["outcome"]!.GetValue<string>()}: {n["detail"]!.GetValue<string>()}").ToList();

    [Fact]
    public async Task Assign_HandsALeadToANamedMember_ThroughTheLeadsOwnPath_AndThatAssignmentIsAnEventOneDeeper()
    {
        var members = await MembersAsync();
        var reps = members.Where(m => m.Role == "REP").ToList();
        var (first, senior) = (reps[0], reps[1]);
        var ruleId = await CreateRuleAsync(new
        {
            name = "约好见面的线索 → 交给资深代表",
            trigger = new { @event = "lead.first-response-recorded" },
            condition = "event.outcome == 'MEETING_BOOKED'",
            actions = new object[] { new { kind = "ASSIGN", assignTo = "MEMBER", memberId = senior.Id } },
        });
        // A rule hearing the assignment the first one makes: it sees the event one rule action deep.
        var heard = await CreateRuleAsync(new
        {
            name = "规则改派 → 通知新负责人",
            trigger = new { @event = "lead.assigned" },
            condition = "event.reassigned and event.depth == 1",
            actions = new object[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "改派给你: {record.name}" } },
        });
        var booked = await LeadOwnedByAsync(first.Id, "约见线索");
        var connected = await LeadOwnedByAsync(first.Id, "接通线索");
        await RecordFirstResponseAsync(booked, "MEETING_BOOKED");
        await RecordFirstResponseAsync(connected, "CONNECTED");
        await SettleAsync();

        var (owner, history) = await LeadAsync(booked);
        Assert.Equal(senior.Id, owner);
        Assert.Contains(history, h => h.StartsWith("REASSIGNED: Automatic: the rule '约好见面的线索 → 交给资深代表' on lead.first-response-recorded (j:", StringComparison.Ordinal));
        Assert.Equal(first.Id, (await LeadAsync(connected)).Owner);
        Assert.Contains($"SUCCEEDED: ASSIGN → member {GlobalId.TryDecode(senior.Id, "Member")}", await DetailsAsync(ruleId));
        // The lead.assigned the action journaled reached the second rule, at depth 1, for the new owner.
        var notices = (await _client.QueryAsync("{ automationNotices(first: 100) { nodes { message recipient { id } rule { id } } } }"))["automationNotices"]!["nodes"]!.AsArray()
            .Where(n => n!["rule"]!["id"]!.GetValue<string>() == heard).ToList();
        var notice = Assert.Single(notices)!;
        Assert.Equal(("改派给你: 约见线索", senior.Id), (notice["message"]!.GetValue<string>(), notice["recipient"]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Assign_ByTeamRotation_GivesTheLeadToAnotherRepOfItsTeam_AndAnOpportunityToANamedMember()
    {
        var members = await MembersAsync();
        var team = members.Where(m => m.Role == "REP" && m.TeamId is not null).GroupBy(m => m.TeamId).First(g => g.Count() >= 2).ToList();
        await CreateRuleAsync(new
        {
            name = "没接通 → 轮给同组下一位",
            trigger = new { @event = "lead.first-response-recorded" },
            condition = "event.outcome == 'NO_ANSWER'",
            actions = new object[] { new { kind = "ASSIGN", assignTo = "TEAM_ROTATION" } },
        });
        var lead = await LeadOwnedByAsync(team[0].Id, "轮转线索");
        await RecordFirstResponseAsync(lead, "NO_ANSWER");
        await SettleAsync();
        var owner = (await LeadAsync(lead)).Owner;
        Assert.Contains(owner, team.Skip(1).Select(m => m.Id));

        // An opportunity entering a stage goes to the named member.
        var lead2 = members.First(m => m.Role == "TEAM_LEAD");
        await CreateRuleAsync(new
        {
            name = "进入谈判 → 组长接手",
            trigger = new { @event = "opportunity.stage-changed" },
            condition = "event.toStage == 'ASSIGN_NEGOTIATE'",
            actions = new object[] { new { kind = "ASSIGN", memberId = lead2.Id } },
        });
        var opportunity = await OpportunityAdvancedToAsync(team[0].Id, "ASSIGN", "改派商机");
        await SettleAsync();
        var opportunityOwner = (await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Opportunity { owner { id } } } }", new { id = opportunity }))["node"]!["owner"]!["id"]!.GetValue<string>();
        Assert.Equal(lead2.Id, opportunityOwner);
    }

    [Fact]
    public async Task Assign_OfAnOpportunity_JournalsOpportunityAssigned_WhichRulesHearOneDeeper_AndTheEventsFeedShows()
    {
        var members = await MembersAsync();
        var (rep, teamLead) = (members.First(m => m.Role == "REP"), members.First(m => m.Role == "TEAM_LEAD"));
        var assigning = await CreateRuleAsync(new
        {
            name = "进入谈判 → 组长接手 (事件)",
            trigger = new { @event = "opportunity.stage-changed" },
            condition = "event.toStage == 'HANDOVER_NEGOTIATE'",
            actions = new object[] { new { kind = "ASSIGN", assignTo = "MEMBER", memberId = teamLead.Id } },
        });
        var heard = await CreateRuleAsync(new
        {
            name = "商机改派 → 通知新负责人",
            trigger = new { @event = "opportunity.assigned" },
            condition = "event.byRule and event.depth == 1",
            actions = new object[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "商机交给你: {record.name}" } },
        });
        // The same ASSIGN on opportunity.assigned would start itself.
        var selfTriggering = await TryCreateRuleAsync(new
        {
            name = "改派再改派",
            trigger = new { @event = "opportunity.assigned" },
            actions = new object[] { new { kind = "ASSIGN", assignTo = "MEMBER", memberId = rep.Id } },
        });
        Assert.Equal("SelfTriggeringRuleError", selfTriggering["errors"]![0]!["__typename"]!.GetValue<string>());

        var before = (await _client.QueryAsync("{ events(types: [\"opportunity.assigned\"], first: 1000) { nodes { cursor } } }"))["events"]!["nodes"]!.AsArray().Count;
        var opportunity = await OpportunityAdvancedToAsync(rep.Id, "HANDOVER", "交接商机");
        await SettleAsync();

        Assert.Contains($"SUCCEEDED: ASSIGN → member {GlobalId.TryDecode(teamLead.Id, "Member")}", await DetailsAsync(assigning));
        var notices = (await _client.QueryAsync("{ automationNotices(first: 100) { nodes { message recipient { id } rule { id } } } }"))["automationNotices"]!["nodes"]!.AsArray()
            .Where(n => n!["rule"]!["id"]!.GetValue<string>() == heard).ToList();
        var notice = Assert.Single(notices)!;
        Assert.Equal(("商机交给你: 交接商机", teamLead.Id), (notice["message"]!.GetValue<string>(), notice["recipient"]!["id"]!.GetValue<string>()));

        // Integrations see it in the events feed (and so webhooks, which fan out from the same journal).
        var events = (await _client.QueryAsync("{ events(types: [\"opportunity.assigned\"], first: 1000) { nodes { subjectId payload } } }"))["events"]!["nodes"]!.AsArray();
        Assert.Equal(before + 1, events.Count);
        var assigned = events[^1]!;
        Assert.Equal(opportunity, assigned["subjectId"]!.GetValue<string>());
        var payload = JsonNode.Parse(assigned["payload"]!.GetValue<string>())!;
        Assert.Equal((GlobalId.TryDecode(teamLead.Id, "Member")!.Value, GlobalId.TryDecode(rep.Id, "Member")!.Value, 1),
            (payload["ownerId"]!.GetValue<long>(), payload["fromOwnerId"]!.GetValue<long>(), payload["ruleDepth"]!.GetValue<int>()));
    }

    /// <summary>An opportunity owned by <paramref name="ownerId"/> in a pipeline of its own (<c>{code}_OPEN</c> → <c>{code}_NEGOTIATE</c>), advanced once.</summary>
    private async Task<string> OpportunityAdvancedToAsync(string ownerId, string code, string name)
    {
        var pipeline = (await _client.QueryAsync("""
            mutation($c: String!, $s1: String!, $s2: String!) { createPipeline(input: { code: $c, name: $c, stages: [
              { code: $s1, name: "开放", defaultProbability: 20 }, { code: $s2, name: "谈判", defaultProbability: 60 } ] }) { pipeline { id } errors { __typename } } }
            """, new { c = $"P_{code}", s1 = $"{code}_OPEN", s2 = $"{code}_NEGOTIATE" }))["createPipeline"]!["pipeline"]!["id"]!.GetValue<string>();
        var account = (await _client.QueryAsync("""
            mutation($o: ID, $n: String!) { createAccount(input: { name: $n, industry: NEW_ENERGY, ownership: PRIVATE, size: MEDIUM, ownerId: $o }) { account { id } } }
            """, new { o = ownerId, n = name + "客户" }))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        var id = (await _client.QueryAsync("""
            mutation($a: ID!, $p: ID, $o: ID, $n: String!) { createOpportunity(input: { accountId: $a, pipelineId: $p, ownerId: $o, name: $n }) { opportunity { id } } }
            """, new { a = account, p = pipeline, o = ownerId, n = name }))["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
        var advanced = await _client.QueryAsync("mutation($id: ID!) { advanceOpportunity(input: { id: $id }) { opportunity { stage { code } } } }", new { id });
        Assert.Equal($"{code}_NEGOTIATE", advanced["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());
        return id;
    }

    [Fact]
    public async Task BadAssignAndAwardActions_AreRefusedWhenSaved()
    {
        var members = await MembersAsync();
        var rep = members.First(m => m.Role == "REP");
        var ops = members.First(m => m.Role is "SALES_OPS" or "ADMIN");
        async Task<List<string>> ErrorsAsync(string @event, object action) =>
            (await TryCreateRuleAsync(new { name = "坏规则", trigger = new { @event }, actions = new[] { action } }))["errors"]!.AsArray()
                .Select(e => $"{e!["code"]!.GetValue<string>()} {e["field"]?.GetValue<string>() ?? e["eventType"]?.GetValue<string>()}").ToList();

        Assert.Equal(["VALIDATION_FAILED input.actions[0].kind"], await ErrorsAsync("account.changed", new { kind = "ASSIGN", memberId = rep.Id }));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].assignTo"], await ErrorsAsync("opportunity.stage-changed", new { kind = "ASSIGN", assignTo = "TEAM_ROTATION" }));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].assignTo"], await ErrorsAsync("lead.first-response-recorded", new { kind = "ASSIGN" }));
        Assert.Equal(["NOT_FOUND input.actions[0].memberId"], await ErrorsAsync("lead.first-response-recorded", new { kind = "ASSIGN", memberId = GlobalId.Encode("Member", 999_999) }));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].memberId"], await ErrorsAsync("lead.first-response-recorded", new { kind = "ASSIGN", memberId = ops.Id }));
        Assert.Equal(["SELF_TRIGGERING_RULE input.actions[0].kind"], await ErrorsAsync("lead.assigned", new { kind = "ASSIGN", assignTo = "TEAM_ROTATION" }));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].points"], await ErrorsAsync("opportunity.stage-changed", new { kind = "AWARD", points = 5, amount = "10" }));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].points"], await ErrorsAsync("opportunity.stage-changed", new { kind = "AWARD", points = 0 }));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].amount"], await ErrorsAsync("opportunity.stage-changed", new { kind = "AWARD", amount = "10.005" }));
        Assert.Equal(["NOT_FOUND input.actions[0].memberId"], await ErrorsAsync("opportunity.stage-changed", new { kind = "AWARD", points = 5, recipient = "MEMBER", memberId = GlobalId.Encode("Member", 999_999) }));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].recipient"], await ErrorsAsync("opportunity.stage-changed", new { kind = "AWARD", points = 5, recipient = "TEAM_LEAD" }));
    }

    [Fact]
    public async Task Award_PaysPointsToTheOwner_AndAnAmountToANamedMember_IntoTheIncentiveLedger_OncePerRuleAndEvent()
    {
        var members = await MembersAsync();
        var reps = members.Where(m => m.Role == "REP").ToList();
        var (owner, coach) = (reps[^1], members.First(m => m.Role == "TEAM_LEAD"));
        var ruleId = await CreateRuleAsync(new
        {
            name = "进入谈判 → 奖励",
            trigger = new { @event = "opportunity.stage-changed" },
            condition = "event.toStage == 'AWARD_NEGOTIATE'",
            actions = new object[]
            {
                new { kind = "AWARD", points = 50 },
                new { kind = "AWARD", amount = "200.50", recipient = "MEMBER", memberId = coach.Id },
            },
        });
        var opportunity = await OpportunityAdvancedToAsync(owner.Id, "AWARD", "奖励商机");
        await SettleAsync();

        // The same event heard again (another node, a re-read journal) pays nothing more.
        var key = (await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 10, ruleId: $r) { nodes { outcome eventKey } } }", new { r = ruleId }))["ruleExecutions"]!["nodes"]!
            .AsArray().Single(n => n!["outcome"]!.GetValue<string>() == "SUCCEEDED")!["eventKey"]!.GetValue<string>();
        var tenant = GlobalId.TryDecode((await _client.QueryAsync("{ tenant { id } }"))["tenant"]!["id"]!.GetValue<string>(), "Tenant")!.Value;
        Assert.Null(await Engine.RunAsync(GlobalId.TryDecode(ruleId, "AutomationRule")!.Value, new RuleEvent(key, tenant, "opportunity.stage-changed", CustomFieldEntity.Opportunity,
            GlobalId.TryDecode(opportunity, "Opportunity"), api.Clock.GetUtcNow().UtcDateTime, new Dictionary<string, object?> { ["toStage"] = "AWARD_NEGOTIATE" }), CancellationToken.None));

        const string ledger = """
            query($m: ID!) { incentiveLedger(memberId: $m) { points balance { amount currency } entries { kind reason amount { amount currency } opportunity { id } } } }
            """;
        var owners = (await _client.QueryAsync(ledger, new { m = owner.Id }))["incentiveLedger"]!;
        var ownerAward = Assert.Single(owners["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "RULE_AWARD")!;
        Assert.Equal(($"Rule '进入谈判 → 奖励' on opportunity.stage-changed ({key})", "50", "PTS", opportunity),
            (ownerAward["reason"]!.GetValue<string>(), ownerAward["amount"]!["amount"]!.GetValue<string>().TrimEnd('0').TrimEnd('.'), ownerAward["amount"]!["currency"]!.GetValue<string>(), ownerAward["opportunity"]!["id"]!.GetValue<string>()));
        var coaches = (await _client.QueryAsync(ledger, new { m = coach.Id }))["incentiveLedger"]!;
        var coachAward = Assert.Single(coaches["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "RULE_AWARD")!;
        Assert.Equal(("200.5", "CNY"), (coachAward["amount"]!["amount"]!.GetValue<string>().TrimEnd('0'), coachAward["amount"]!["currency"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Notices_ArePushedOnASubscription_OnlyToTheMemberTheyAreFor()
    {
        var members = await MembersAsync();
        var rep = members.Single(m => m.Email == "rep@demo.example.com");
        var other = members.First(m => m.Role == "REP" && m.Id != rep.Id);
        foreach (var (who, text) in new[] { (other.Id, "给别人"), (rep.Id, "给你") })
        {
            await CreateRuleAsync(new
            {
                name = $"推送通知 {text}",
                trigger = new { @event = "account.changed" },
                condition = "record.name == '推送测试有限公司'",
                actions = new object[] { new { kind = "NOTIFY_MEMBER", recipient = "MEMBER", memberId = who, message = $"{text}: {{record.name}}" } },
            });
        }

        var bus = api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, await new TokenClient(api).MemberTokenAsync("rep"));
        await socket.SubscribeAsync("notices", "subscription { onAutomationNoticeReceived { notice { kind message recipient { id } subjectId } } }");
        while (bus.SubscriberCount < before + 1)
        {
            await Task.Yield();
        }

        var account = (await _client.QueryAsync("""
            mutation($o: ID) { createAccount(input: { name: "推送测试有限公司", industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL, ownerId: $o }) { account { id } } }
            """, new { o = other.Id }))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        await SettleAsync();

        // Two notices were left; the rep hears only theirs (the other's would have come first: its rule is older).
        var heard = (await socket.ReceiveAsync())!["payload"]!["data"]!["onAutomationNoticeReceived"]!["notice"]!;
        Assert.Equal(("NOTIFICATION", "给你: 推送测试有限公司", rep.Id, account),
            (heard["kind"]!.GetValue<string>(), heard["message"]!.GetValue<string>(), heard["recipient"]!["id"]!.GetValue<string>(), heard["subjectId"]!.GetValue<string>()));
        var all = (await _client.QueryAsync("{ automationNotices(first: 100) { nodes { message } } }"))["automationNotices"]!["nodes"]!.AsArray().Select(n => n!["message"]!.GetValue<string>());
        Assert.Contains("给别人: 推送测试有限公司", all);
    }

    [Fact]
    public async Task SetField_IsJournaledInTheRunsTransaction_AndTheRulesHearIt_OneDeeper_UntilMaxDepth()
    {
        await _client.QueryAsync("""
            mutation { defineCustomField(input: { entity: LEAD, key: "callback_stage", label: "回访阶段", type: NUMBER }) { errors { __typename } } }
            """);
        var rep = (await MembersAsync()).First(m => m.Role == "REP");
        await CreateRuleAsync(new
        {
            name = "接通 → 回访阶段 1",
            trigger = new { @event = "lead.first-response-recorded" },
            condition = "event.outcome == 'CONNECTED' and record.name == '回访线索'",
            actions = new object[] { new { kind = "SET_FIELD", fieldKey = "callback_stage", value = "1" } },
        });
        // Hears the field the first rule set, read back from the journal one rule action deep (its maxDepth allows 1).
        var heard = await CreateRuleAsync(new
        {
            name = "回访阶段变化 → 通知",
            trigger = new { @event = "lead.custom_field_changed" },
            condition = "event.key == 'callback_stage' and record.custom.callback_stage == 1",
            actions = new object[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "回访阶段 {record.custom.callback_stage}，深度 {event.depth}" } },
            maxDepth = 1,
        });
        var lead = await LeadOwnedByAsync(rep.Id, "回访线索");
        await RecordFirstResponseAsync(lead, "CONNECTED");
        await SettleAsync();

        var events = (await _client.QueryAsync("""
            { events(first: 100, types: ["lead.custom_field_changed"]) { nodes { type subjectId payload } } }
            """))["events"]!["nodes"]!.AsArray();
        var journaled = Assert.Single(events, n => n!["subjectId"]!.GetValue<string>() == lead)!;
        Assert.Contains("\"ruleDepth\":1", journaled["payload"]!.GetValue<string>());
        var details = await DetailsAsync(heard);
        Assert.Equal(["SUCCEEDED: NotifyMember → member " + GlobalId.TryDecode(rep.Id, "Member") + ": 回访阶段 1.0，深度 1"], details);
    }
}
