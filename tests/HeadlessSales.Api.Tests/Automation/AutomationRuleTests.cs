using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Automation;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>Rules through the public API: configured by an admin, started by real events and by the durable timer moved by the clock.</summary>
public sealed class AutomationRuleTests(AutomationFixture api) : IClassFixture<AutomationFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private RuleEngine Engine => api.Services.GetRequiredService<RuleEngine>();

    private Task SettleAsync() => api.Services.SettleRulesAsync();

    private const string CreateRule = """
        mutation($input: CreateAutomationRuleInput!) {
          createAutomationRule(input: $input) {
            rule { id name triggerKind eventType condition pausedReason }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on ConditionError { field position length detail }
                     ... on SelfTriggeringRuleError { field eventType } ... on CustomFieldError { field key problem } }
          }
        }
        """;

    private async Task<string> CreateRuleAsync(object input)
    {
        var data = await _client.QueryAsync(CreateRule, new { input });
        Assert.Empty(data["createAutomationRule"]!["errors"]!.AsArray());
        return data["createAutomationRule"]!["rule"]!["id"]!.GetValue<string>();
    }

    private async Task<JsonArray> NoticesAsync(string kind)
    {
        var data = await _client.QueryAsync("{ automationNotices(first: 100) { nodes { kind message subjectId recipient { id } rule { id } } } }");
        return new JsonArray(data["automationNotices"]!["nodes"]!.AsArray().Where(n => n!["kind"]!.GetValue<string>() == kind).Select(n => n!.DeepClone()).ToArray());
    }

    /// <param name="decided">Only runs whose condition held (other tests' records also start the rules of this class).</param>
    private async Task<List<string>> OutcomesAsync(string ruleId, bool decided = false)
    {
        var data = await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 100, ruleId: $r) { nodes { outcome } } }", new { r = ruleId });
        return data["ruleExecutions"]!["nodes"]!.AsArray().Select(n => n!["outcome"]!.GetValue<string>()).Where(o => !decided || o != "CONDITION_FALSE").Order().ToList();
    }

    private async Task<string> FirstRepAsync() =>
        (await _client.QueryAsync("{ members(first: 1, where: { roles: [REP], active: true }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();

    [Fact]
    public async Task TechnicalProposalSigned_RemindsTheOwner_OnARealStageChange_UsingACustomFieldInTheCondition()
    {
        await _client.QueryAsync("""
            mutation { defineCustomField(input: { entity: OPPORTUNITY, key: "proposal_type", label: "方案类型", type: CHOICE, choices: ["technical", "commercial"] }) { errors { __typename } } }
            """);
        var ruleId = await CreateRuleAsync(new
        {
            name = "技术方案签署 → 提醒负责人推动签约",
            trigger = new { @event = "opportunity.stage-changed" },
            condition = "event.toStage == 'TECH_SIGNED' and record.custom.proposal_type == 'technical'",
            actions = new[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "推动签约: {record.name}" } },
        });
        var pipeline = (await _client.QueryAsync("""
            mutation { createPipeline(input: { code: "AUTO_TP", name: "技术方案", stages: [
              { code: "PROPOSAL", name: "方案", defaultProbability: 30 }, { code: "TECH_SIGNED", name: "方案已签", defaultProbability: 60 } ] }) { pipeline { id } } }
            """))["createPipeline"]!["pipeline"]!["id"]!.GetValue<string>();
        var rep = await FirstRepAsync();
        var account = (await _client.QueryAsync("""
            mutation($o: ID) { createAccount(input: { name: "规则测试储能有限公司", industry: NEW_ENERGY, ownership: PRIVATE, size: MEDIUM, ownerId: $o }) { account { id } } }
            """, new { o = rep }))["createAccount"]!["account"]!["id"]!.GetValue<string>();

        async Task<string> OpportunityAsync(string name, string proposalType)
        {
            var created = await _client.QueryAsync("""
                mutation($a: ID!, $p: ID, $o: ID, $n: String!, $t: String) { createOpportunity(input: { accountId: $a, pipelineId: $p, ownerId: $o, name: $n,
                  customFields: [{ key: "proposal_type", choice: $t }] }) { opportunity { id } errors { __typename } } }
                """, new { a = account, p = pipeline, o = rep, n = name, t = proposalType });
            var id = created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
            var advanced = await _client.QueryAsync("mutation($id: ID!) { advanceOpportunity(input: { id: $id }) { opportunity { stage { code } } errors { __typename ... on UserError { message } } } }", new { id });
            Assert.Equal("TECH_SIGNED", advanced["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());
            return id;
        }

        var technical = await OpportunityAsync("储能柜技术方案", "technical");
        var commercial = await OpportunityAsync("储能柜商务方案", "commercial");
        await SettleAsync();

        var reminders = (await NoticesAsync("NOTIFICATION")).Where(n => n!["rule"]!["id"]!.GetValue<string>() == ruleId).ToList();
        var log = await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 100, ruleId: $r) { nodes { outcome detail eventKey inputs } } }", new { r = ruleId });
        Assert.True(reminders.Count == 1, log.ToJsonString());
        var reminder = Assert.Single(reminders)!;
        Assert.Equal("推动签约: 储能柜技术方案", reminder["message"]!.GetValue<string>());
        Assert.Equal(technical, reminder["subjectId"]!.GetValue<string>());
        Assert.Equal(rep, reminder["recipient"]!["id"]!.GetValue<string>());
        // Four stage events (two creations, two advances): one met the condition.
        Assert.Equal(["CONDITION_FALSE", "CONDITION_FALSE", "CONDITION_FALSE", "SUCCEEDED"], await OutcomesAsync(ruleId));

        // The recorded run replays as a dry run; the commercial one, described, does not meet the condition. Nothing is sent.
        var succeeded = (await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 10, ruleId: $r) { nodes { id outcome } } }", new { r = ruleId }))["ruleExecutions"]!["nodes"]!
            .AsArray().First(n => n!["outcome"]!.GetValue<string>() == "SUCCEEDED")!["id"]!.GetValue<string>();
        const string dryRun = """
            mutation($input: DryRunAutomationRuleInput!) { dryRunAutomationRule(input: $input) { dryRun { conditionMet detail inputs } errors { __typename } } }
            """;
        var replay = await _client.QueryAsync(dryRun, new { input = new { ruleId, executionId = succeeded } });
        var described = await _client.QueryAsync(dryRun, new { input = new { ruleId, subjectId = commercial, data = new[] { new { name = "toStage", text = "TECH_SIGNED" } } } });
        Assert.True(replay["dryRunAutomationRule"]!["dryRun"]!["conditionMet"]!.GetValue<bool>());
        Assert.Contains("推动签约: 储能柜技术方案", replay["dryRunAutomationRule"]!["dryRun"]!["detail"]!.GetValue<string>());
        Assert.False(described["dryRunAutomationRule"]!["dryRun"]!["conditionMet"]!.GetValue<bool>());
        Assert.Contains("\"record.custom.proposal_type\":\"commercial\"", described["dryRunAutomationRule"]!["dryRun"]!["inputs"]!.GetValue<string>());
        Assert.Single(await NoticesAsync("NOTIFICATION"), n => n!["rule"]!["id"]!.GetValue<string>() == ruleId);
    }

    [Fact]
    public async Task NewLeadNotAnsweredIn30WorkingMinutes_IsEscalated_OnTheDurableTimer_UnlessAnsweredFirst()
    {
        var ruleId = await CreateRuleAsync(new
        {
            name = "新线索 30 分钟未响应 → 升级",
            trigger = new { @event = "lead.assigned", delayMinutes = 30, unlessEvent = "lead.first-response-recorded" },
            condition = "not event.reassigned",
            actions = new[] { new { kind = "ESCALATE", message = "线索 {record.name} 30 分钟未响应" } },
        });
        var rep = await FirstRepAsync();
        var province = AutomationFixture.UniqueProvince();
        await _client.QueryAsync("mutation($m: ID, $p: String!) { createAssignmentRule(input: { name: $p, position: 0, provinces: [$p], strategy: NAMED_MEMBER, memberId: $m }) { errors { __typename } } }",
            new { m = rep, p = province });
        async Task<string> LeadAsync(string name, string phone) => (await _client.QueryAsync("""
            mutation($n: String!, $ph: String, $p: String) { createLead(input: { name: $n, phone: $ph, industry: NEW_ENERGY, source: WEBSITE, province: $p }) { lead { id owner { id } } } }
            """, new { n = name, ph = phone, p = province }))["createLead"]!["lead"]!["id"]!.GetValue<string>();

        var unanswered = await LeadAsync("未响应线索", "13700000001");
        var answered = await LeadAsync("已响应线索", "13700000002");
        await SettleAsync();
        var timers = api.Services.GetRequiredService<DurableTimerService>();

        api.Clock.Advance(TimeSpan.FromMinutes(10));
        await _client.QueryAsync("mutation($id: ID!) { recordFirstResponse(input: { leadId: $id, outcome: CONNECTED }) { errors { __typename } } }", new { id = answered });
        await SettleAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(19));
        await timers.RunDueTimersAsync();
        var before = (await NoticesAsync("ESCALATION")).Where(n => n!["rule"]!["id"]!.GetValue<string>() == ruleId).ToList();
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await timers.RunDueTimersAsync();
        await timers.RunDueTimersAsync();
        var after = (await NoticesAsync("ESCALATION")).Where(n => n!["rule"]!["id"]!.GetValue<string>() == ruleId).ToList();

        Assert.Empty(before);
        var log = await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 100, ruleId: $r) { nodes { outcome detail eventKey inputs } } }", new { r = ruleId });
        Assert.True(after.Count == 1, log.ToJsonString());
        var escalation = Assert.Single(after)!;
        Assert.Equal(unanswered, escalation["subjectId"]!.GetValue<string>());
        Assert.Equal("线索 未响应线索 30 分钟未响应", escalation["message"]!.GetValue<string>());
        Assert.NotNull(escalation["recipient"]);
        Assert.NotEqual(rep, escalation["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal(["SUCCEEDED"], await OutcomesAsync(ruleId, decided: true));
    }

    [Fact]
    public async Task TheSameEvent_HeardTwice_RunsTheRuleOnce()
    {
        var ruleId = await CreateRuleAsync(new
        {
            name = "客户变更 → 通知成员",
            trigger = new { @event = "account.changed" },
            condition = "event.kind == 'CREATED' and record.name contains '一次性'",
            actions = new[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "新客户 {record.name}" } },
        });
        var rep = await FirstRepAsync();
        var account = (await _client.QueryAsync("""
            mutation($o: ID) { createAccount(input: { name: "一次性测试有限公司", industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL, ownerId: $o }) { account { id } } }
            """, new { o = rep }))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        await SettleAsync();
        var recorded = (await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 1, ruleId: $r) { nodes { eventKey } } }", new { r = ruleId }))["ruleExecutions"]!["nodes"]![0]!["eventKey"]!.GetValue<string>();
        var tenantId = await TenantIdAsync();

        // A second node that heard the same event: it loses the claim and does nothing.
        var accountKey = HeadlessSales.Api.GraphQL.Relay.GlobalId.TryDecode(account, "Account")!.Value;
        var again = await Engine.RunAsync(HeadlessSales.Api.GraphQL.Relay.GlobalId.TryDecode(ruleId, "AutomationRule")!.Value,
            new RuleEvent(recorded, tenantId, "account.changed", HeadlessSales.Api.Infrastructure.CustomFields.CustomFieldEntity.Account, accountKey, api.Clock.GetUtcNow().UtcDateTime,
                new Dictionary<string, object?> { ["kind"] = "CREATED" }), CancellationToken.None);

        Assert.Null(again);
        Assert.Equal(["SUCCEEDED"], await OutcomesAsync(ruleId, decided: true));
        Assert.Single(await NoticesAsync("NOTIFICATION"), n => n!["rule"]!["id"]!.GetValue<string>() == ruleId);
    }

    private async Task<long> TenantIdAsync()
    {
        var id = (await _client.QueryAsync("{ tenant { id } }"))["tenant"]!["id"]!.GetValue<string>();
        return HeadlessSales.Api.GraphQL.Relay.GlobalId.TryDecode(id, "Tenant")!.Value;
    }

    [Fact]
    public async Task ARuleThatFailsThreeTimesInARow_IsPaused_AndRaisesAnAlert_UntilResumed()
    {
        var ruleId = await CreateRuleAsync(new
        {
            name = "无负责人客户 → 通知负责人",
            trigger = new { @event = "account.changed" },
            condition = "record.name contains '无主'",
            actions = new[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "请跟进 {record.name}" } },
        });
        for (var i = 1; i <= 4; i++)
        {
            await _client.QueryAsync("mutation($n: String!) { createAccount(input: { name: $n, industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL }) { account { id } } }",
                new { n = $"无主客户{i}号有限公司" });
            await SettleAsync();
        }

        var rule = await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on AutomationRule { pausedReason consecutiveFailures } } }", new { id = ruleId });
        var alerts = (await NoticesAsync("RULE_ALERT")).Where(n => n!["rule"]!["id"]!.GetValue<string>() == ruleId).ToList();
        var resumed = await _client.QueryAsync("mutation($id: ID!) { updateAutomationRule(input: { id: $id, resume: true }) { rule { pausedReason consecutiveFailures } errors { __typename } } }", new { id = ruleId });

        // Three failures, then the fourth account found the rule paused: no fourth run.
        Assert.Equal(["FAILED", "FAILED", "FAILED"], await OutcomesAsync(ruleId, decided: true));
        Assert.Equal(3, rule["node"]!["consecutiveFailures"]!.GetValue<int>());
        Assert.StartsWith("Paused after 3 failed runs in a row", rule["node"]!["pausedReason"]!.GetValue<string>());
        Assert.Single(alerts);
        Assert.Null(resumed["updateAutomationRule"]!["rule"]!["pausedReason"]);
        Assert.Equal(0, resumed["updateAutomationRule"]!["rule"]!["consecutiveFailures"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadRules_AreRefusedWhenSaved_WithErrorsPointingAtTheOffendingPart()
    {
        await _client.QueryAsync("mutation { defineCustomField(input: { entity: LEAD, key: \"deal_size\", label: \"规模\", type: NUMBER }) { errors { __typename } } }");
        var notify = new[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "x" } };
        async Task<JsonNode> ErrorsAsync(object input) => (await _client.QueryAsync(CreateRule, new { input }))["createAutomationRule"]!;

        var wrongType = await ErrorsAsync(new { name = "r", trigger = new { @event = "lead.assigned" }, condition = "record.custom.deal_size >= '大'", actions = notify });
        var unknownField = await ErrorsAsync(new { name = "r", trigger = new { @event = "lead.assigned" }, condition = "record.industry == 'NEW_ENERGY' and record.budget > 3", actions = notify });
        var endsEarly = await ErrorsAsync(new { name = "r", trigger = new { @event = "lead.assigned" }, condition = "record.name == ", actions = notify });
        var notBoolean = await ErrorsAsync(new { name = "r", trigger = new { @event = "lead.assigned" }, condition = "record.name", actions = notify });
        var selfTriggering = await ErrorsAsync(new
        {
            name = "r", trigger = new { @event = "lead.custom_field_changed" }, condition = "event.key == 'deal_size'",
            actions = new[] { new { kind = "SET_FIELD", fieldKey = "deal_size", value = "1" } },
        });
        var unknownEvent = await ErrorsAsync(new { name = "r", trigger = new { @event = "lead.exploded" }, actions = notify });
        var webhook = await ErrorsAsync(new { name = "r", trigger = new { @event = "lead.assigned" }, actions = new[] { new { kind = "CALL_WEBHOOK" } } });

        static string First(JsonNode payload) => payload["errors"]![0]!["__typename"]!.GetValue<string>();
        Assert.Null(wrongType["rule"]);
        Assert.Equal("ConditionError", First(wrongType));
        // `record.custom.deal_size >= '大'` spans the whole comparison: offset 0, 30 characters.
        Assert.Equal((0, 30), (wrongType["errors"]![0]!["position"]!.GetValue<int>(), wrongType["errors"]![0]!["length"]!.GetValue<int>()));
        Assert.Equal("input.condition", wrongType["errors"]![0]!["field"]!.GetValue<string>());
        // `record.budget` starts at 36 and is 13 long.
        Assert.Equal((36, 13), (unknownField["errors"]![0]!["position"]!.GetValue<int>(), unknownField["errors"]![0]!["length"]!.GetValue<int>()));
        Assert.StartsWith("Unknown field 'record.budget'", unknownField["errors"]![0]!["detail"]!.GetValue<string>());
        Assert.Equal(15, endsEarly["errors"]![0]!["position"]!.GetValue<int>());
        Assert.Equal("ConditionError", First(notBoolean));
        Assert.Equal("SelfTriggeringRuleError", First(selfTriggering));
        Assert.Equal("input.actions[0].kind", selfTriggering["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("input.trigger.event", unknownEvent["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("input.actions[0].webhookEndpointId", webhook["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rules_AreAnAdminSetting()
    {
        var rep = await api.MemberAsync("rep");
        var response = await rep.PostAsync(CreateRule, new
        {
            input = new { name = "r", trigger = new { @event = "lead.assigned" }, actions = new[] { new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "x" } } },
        });
        var log = await rep.PostAsync("{ ruleExecutions(first: 1) { totalCount } }");

        Assert.Equal("FORBIDDEN", response.FirstErrorCode);
        Assert.Equal("FORBIDDEN", log.FirstErrorCode);
    }
}
