using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>Industry templates through the public API: previewed, installed once, firing on real events, installed again as a no-op, re-installed in part.</summary>
public sealed class ProcessTemplateTests(AutomationFixture api) : IClassFixture<AutomationFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string PlanFields = "created present conflicts items { item { kind key name } outcome detail installedBy }";

    private const string Install = $$"""
        mutation($code: String!) { installProcessTemplate(input: { code: $code }) {
          installation { {{PlanFields}} } errors { __typename ... on UserError { code message } ... on UnknownCodeError { field value } } } }
        """;

    private async Task<JsonNode> PreviewAsync(string code) =>
        (await _client.QueryAsync($"query($code: String!) {{ previewProcessTemplate(code: $code) {{ {PlanFields} }} }}", new { code }))["previewProcessTemplate"]!;

    private async Task<JsonNode> InstallAsync(string code)
    {
        var payload = (await _client.QueryAsync(Install, new { code }))["installProcessTemplate"]!;
        Assert.Empty(payload["errors"]!.AsArray());
        return payload["installation"]!;
    }

    /// <summary>Each item as "KIND key OUTCOME installedBy", in the template's order.</summary>
    private static List<string> Outcomes(JsonNode plan) => plan["items"]!.AsArray().Select(i =>
        $"{i!["item"]!["kind"]} {i["item"]!["key"]} {i["outcome"]} {i["installedBy"]?.GetValue<string>() ?? "-"}").ToList();

    private static string Detail(JsonNode plan, string key) =>
        plan["items"]!.AsArray().Single(i => i!["item"]!["key"]!.GetValue<string>() == key)!["detail"]!.GetValue<string>();

    private async Task<int> RuleCountAsync() =>
        (await _client.QueryAsync("{ automationRules(first: 1) { totalCount } }"))["automationRules"]!["totalCount"]!.GetValue<int>();

    private async Task<JsonNode?> PipelineAsync(string code) =>
        (await _client.QueryAsync("{ pipelines(first: 100) { nodes { code name stages { code name position defaultProbability requiredDocumentKinds requiredFields } } } }"))["pipelines"]!["nodes"]!
            .AsArray().FirstOrDefault(p => p!["code"]!.GetValue<string>() == code);

    /// <summary>The document kinds the templates' gates name, made by hand when the tenant lacks them (a duplicate is fine).</summary>
    private async Task EnsureDocumentKindsAsync()
    {
        foreach (var code in new[] { "SOLUTION_PROPOSAL", "QUOTATION", "CONTRACT", "REQUIREMENT_CONFIRMATION" })
        {
            await _client.QueryAsync("mutation($c: String!) { createDocumentKind(input: { code: $c, name: $c }) { errors { __typename } } }", new { c = code });
        }
    }

    [Fact]
    public async Task Preview_Install_Fires_ReinstallIsANoOp_PartialReinstallAddsOnlyWhatIsMissing()
    {
        await EnsureDocumentKindsAsync();
        // The tenant's starting point, by hand: the two targets at the product defaults (never tuned), one template tag
        // made identically before, and one of its own tags that already carries a template tag's Chinese name.
        await _client.QueryAsync("mutation { updateProcessHealthSettings(input: { responseRateTarget: 0.9, stageDwellTargetDays: 14 }) { errors { __typename } } }");
        await _client.QueryAsync("""mutation { createActivityTag(input: { code: "SUBSIDY_POLICY", nameZh: "补贴政策", nameEn: "Subsidy policy" }) { errors { __typename } } }""");
        await _client.QueryAsync("""mutation { createActivityTag(input: { code: "STORAGE_NEED", nameZh: "储能容量需求", nameEn: "Storage need" }) { errors { __typename } } }""");

        var catalog = (await _client.QueryAsync("{ processTemplates { code industry items { kind key } } }"))["processTemplates"]!.AsArray();
        Assert.Equal(["NEW_ENERGY", "MEDICAL_DEVICES", "INDUSTRIAL_AUTOMATION"], catalog.Select(t => t!["code"]!.GetValue<string>()));
        Assert.Equal(["NEW_ENERGY", "MEDICAL_DEVICES", "INDUSTRIAL_AUTOMATION"], catalog.Select(t => t!["industry"]!.GetValue<string>()));
        // 4 tags, the pipeline, 3 gates, 2 targets, 5 rules.
        Assert.Equal(15, catalog[0]!["items"]!.AsArray().Count);

        var rulesBefore = await RuleCountAsync();
        var preview = await PreviewAsync("new_energy");
        string[] firstTime =
        [
            "TAG GRID_CONNECTION CREATE -", "TAG PROJECT_FILING CREATE -", "TAG SUBSIDY_POLICY PRESENT -", "TAG STORAGE_CAPACITY CONFLICT -",
            "PIPELINE NE_PROJECT CREATE -",
            "STAGE_GATE NE_PROJECT/TECH_PLAN_SIGNED CREATE -", "STAGE_GATE NE_PROJECT/NEGOTIATION CREATE -", "STAGE_GATE NE_PROJECT/CONTRACT_SIGNED CREATE -",
            "HEALTH_TARGET ResponseRate CREATE -", "HEALTH_TARGET StageDwell CREATE -",
            "RULE NEW_ENERGY.LEAD_RESPONSE_30 CREATE -", "RULE NEW_ENERGY.TECH_PLAN_SIGNED CREATE -", "RULE NEW_ENERGY.PROPOSAL_VIEWED_3 CREATE -",
            "RULE NEW_ENERGY.NO_ANSWER_ROTATE CREATE -", "RULE NEW_ENERGY.GRID_ACCEPTANCE_AWARD CREATE -",
        ];
        Assert.Equal(firstTime, Outcomes(preview));
        Assert.Equal((13, 1, 1), (preview["created"]!.GetValue<int>(), preview["present"]!.GetValue<int>(), preview["conflicts"]!.GetValue<int>()));
        Assert.Contains("STORAGE_NEED", Detail(preview, "STORAGE_CAPACITY"));
        Assert.Contains("Not from a template", Detail(preview, "SUBSIDY_POLICY"));
        // A preview writes nothing.
        Assert.Equal(rulesBefore, await RuleCountAsync());
        Assert.Null(await PipelineAsync("NE_PROJECT"));

        var installed = await InstallAsync("NEW_ENERGY");
        Assert.Equal(firstTime.Select(o => o.EndsWith("CREATE -", StringComparison.Ordinal) ? o[..^1] + "NEW_ENERGY" : o), Outcomes(installed));
        Assert.Equal(rulesBefore + 5, await RuleCountAsync());
        var pipeline = (await PipelineAsync("NE_PROJECT"))!;
        Assert.Equal(["SITE_ASSESSMENT", "TECH_PLAN", "TECH_PLAN_SIGNED", "NEGOTIATION", "CONTRACT_SIGNED", "GRID_ACCEPTANCE"],
            pipeline["stages"]!.AsArray().OrderBy(s => s!["position"]!.GetValue<int>()).Select(s => s!["code"]!.GetValue<string>()));
        var signed = pipeline["stages"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == "TECH_PLAN_SIGNED")!;
        Assert.Equal("""["SOLUTION_PROPOSAL"]""", signed["requiredDocumentKinds"]!.ToJsonString());
        Assert.Equal("""["CONTACT"]""", signed["requiredFields"]!.ToJsonString());
        var settings = (await _client.QueryAsync("{ processHealthSettings { responseRateTarget stageDwellTargetDays } }"))["processHealthSettings"]!;
        Assert.Equal((0.95, 21.0), (settings["responseRateTarget"]!.GetValue<double>(), settings["stageDwellTargetDays"]!.GetValue<double>()));

        // The installed 30-minute rule is a normal rule: it fires on a real new-energy lead, on the durable timer moved by the clock.
        await InstalledLeadRuleFiresAsync();

        // A second install creates nothing and says each item is there, installed by the template.
        var again = await InstallAsync("NEW_ENERGY");
        Assert.Equal(
            firstTime.Select(o => o.EndsWith("CREATE -", StringComparison.Ordinal) ? o.Replace("CREATE -", "PRESENT NEW_ENERGY", StringComparison.Ordinal) : o),
            Outcomes(again));
        Assert.Equal(rulesBefore + 5, await RuleCountAsync());
        Assert.Contains("Installed by template NEW_ENERGY", Detail(await PreviewAsync("NEW_ENERGY"), "GRID_CONNECTION"));

        // The tenant changes things: renames a tag, tunes a target, edits a rule, and one installed tag's row is gone
        // (no mutation deletes tags; an operator removed it). A re-install adds only the missing tag and keeps the rest.
        var tags = (await _client.QueryAsync("{ activityTags(first: 100) { nodes { id code nameZh } } }"))["activityTags"]!["nodes"]!.AsArray();
        var grid = tags.Single(t => t!["code"]!.GetValue<string>() == "GRID_CONNECTION")!["id"]!.GetValue<string>();
        await _client.QueryAsync("mutation($id: ID!) { renameActivityTag(input: { id: $id, nameZh: \"并网接入条件\" }) { errors { __typename } } }", new { id = grid });
        await _client.QueryAsync("mutation { updateProcessHealthSettings(input: { responseRateTarget: 0.97 }) { errors { __typename } } }");
        var rules = (await _client.QueryAsync("{ automationRules(first: 100) { nodes { id name } } }"))["automationRules"]!["nodes"]!.AsArray();
        var reminder = rules.Single(r => r!["name"]!.GetValue<string>() == "技术方案确认 → 提醒负责人推动签约")!["id"]!.GetValue<string>();
        var edited = await _client.QueryAsync("mutation($id: ID!) { updateAutomationRule(input: { id: $id, condition: \"event.toStage == 'NEGOTIATION'\" }) { errors { __typename } } }", new { id = reminder });
        Assert.Empty(edited["updateAutomationRule"]!["errors"]!.AsArray());
        await using (var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants())
        {
            Assert.Equal(1, await db.ActivityTags.IgnoreQueryFilters().Where(t => t.Code == "PROJECT_FILING").ExecuteDeleteAsync());
        }

        var partial = await InstallAsync("NEW_ENERGY");
        Assert.Equal(
        [
            "TAG GRID_CONNECTION CONFLICT NEW_ENERGY", "TAG PROJECT_FILING CREATE NEW_ENERGY", "TAG SUBSIDY_POLICY PRESENT -", "TAG STORAGE_CAPACITY CONFLICT -",
            "PIPELINE NE_PROJECT PRESENT NEW_ENERGY",
            "STAGE_GATE NE_PROJECT/TECH_PLAN_SIGNED PRESENT NEW_ENERGY", "STAGE_GATE NE_PROJECT/NEGOTIATION PRESENT NEW_ENERGY", "STAGE_GATE NE_PROJECT/CONTRACT_SIGNED PRESENT NEW_ENERGY",
            "HEALTH_TARGET ResponseRate CONFLICT NEW_ENERGY", "HEALTH_TARGET StageDwell PRESENT NEW_ENERGY",
            "RULE NEW_ENERGY.LEAD_RESPONSE_30 PRESENT NEW_ENERGY", "RULE NEW_ENERGY.TECH_PLAN_SIGNED CONFLICT NEW_ENERGY", "RULE NEW_ENERGY.PROPOSAL_VIEWED_3 PRESENT NEW_ENERGY",
            "RULE NEW_ENERGY.NO_ANSWER_ROTATE PRESENT NEW_ENERGY", "RULE NEW_ENERGY.GRID_ACCEPTANCE_AWARD PRESENT NEW_ENERGY",
        ], Outcomes(partial));
        Assert.Contains("并网接入条件", Detail(partial, "GRID_CONNECTION"));
        Assert.Contains("0.97", Detail(partial, "ResponseRate"));
        Assert.Contains("kept", Detail(partial, "NEW_ENERGY.TECH_PLAN_SIGNED"));
        // The tenant's versions are untouched.
        var after = (await _client.QueryAsync("{ activityTags(first: 100) { nodes { code nameZh } } }"))["activityTags"]!["nodes"]!.AsArray();
        Assert.Equal("并网接入条件", after.Single(t => t!["code"]!.GetValue<string>() == "GRID_CONNECTION")!["nameZh"]!.GetValue<string>());
        Assert.Equal("项目备案", after.Single(t => t!["code"]!.GetValue<string>() == "PROJECT_FILING")!["nameZh"]!.GetValue<string>());
        Assert.Equal(0.97, (await _client.QueryAsync("{ processHealthSettings { responseRateTarget } }"))["processHealthSettings"]!["responseRateTarget"]!.GetValue<double>());
        Assert.Equal(rulesBefore + 5, await RuleCountAsync());
    }

    private async Task InstalledLeadRuleFiresAsync()
    {
        var rules = (await _client.QueryAsync("{ automationRules(first: 100) { nodes { id name triggerKind delayMinutes } } }"))["automationRules"]!["nodes"]!.AsArray();
        var rule = rules.Single(r => r!["name"]!.GetValue<string>() == "新能源线索 30 分钟未响应 → 升级")!;
        Assert.Equal(("DELAYED", 30), (rule["triggerKind"]!.GetValue<string>(), rule["delayMinutes"]!.GetValue<int>()));
        var ruleId = rule["id"]!.GetValue<string>();

        var rep = (await _client.QueryAsync("{ members(first: 1, where: { roles: [REP], active: true }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var province = AutomationFixture.UniqueProvince();
        await _client.QueryAsync("mutation($m: ID, $p: String!) { createAssignmentRule(input: { name: $p, position: 0, provinces: [$p], strategy: NAMED_MEMBER, memberId: $m }) { errors { __typename } } }",
            new { m = rep, p = province });
        async Task<string> LeadAsync(string name, string phone, string industry) => (await _client.QueryAsync("""
            mutation($n: String!, $ph: String, $p: String, $i: Industry!) { createLead(input: { name: $n, phone: $ph, industry: $i, source: WEBSITE, province: $p }) { lead { id } } }
            """, new { n = name, ph = phone, p = province, i = industry }))["createLead"]!["lead"]!["id"]!.GetValue<string>();
        var solar = await LeadAsync("光伏电站线索", "13800000101", "NEW_ENERGY");
        await LeadAsync("医疗设备线索", "13800000102", "MEDICAL_DEVICES");
        await SettleAsync();

        var timers = api.Services.GetRequiredService<DurableTimerService>();
        api.Clock.Advance(TimeSpan.FromMinutes(29));
        await timers.RunDueTimersAsync();
        await SettleAsync();
        var early = await EscalationsAsync(ruleId);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await timers.RunDueTimersAsync();
        await SettleAsync();

        Assert.Empty(early);
        var escalation = Assert.Single(await EscalationsAsync(ruleId))!;
        Assert.Equal(solar, escalation["subjectId"]!.GetValue<string>());
        Assert.Equal("线索「光伏电站线索」分配后 30 个工作分钟内未响应", escalation["message"]!.GetValue<string>());
    }

    private Task SettleAsync() => api.Services.SettleRulesAsync();

    private async Task<List<JsonNode?>> EscalationsAsync(string ruleId) =>
        (await _client.QueryAsync("{ automationNotices(first: 100) { nodes { kind message subjectId rule { id } } } }"))["automationNotices"]!["nodes"]!.AsArray()
            .Where(n => n!["kind"]!.GetValue<string>() == "ESCALATION" && n["rule"]!["id"]!.GetValue<string>() == ruleId).ToList();

    [Fact]
    public async Task UnknownCode_NonAdmins_AndAConflictingStageCode_AreRefusedOrKept()
    {
        var unknownPreview = await _client.PostAsync("{ previewProcessTemplate(code: \"SPACE_MINING\") { created } }");
        Assert.Equal("UNKNOWN_CODE", unknownPreview.FirstErrorCode);
        var unknownInstall = (await _client.QueryAsync(Install, new { code = "SPACE_MINING" }))["installProcessTemplate"]!;
        Assert.Null(unknownInstall["installation"]);
        var error = Assert.Single(unknownInstall["errors"]!.AsArray())!;
        Assert.Equal(("UnknownCodeError", "input.code", "SPACE_MINING"), (error["__typename"]!.GetValue<string>(), error["field"]!.GetValue<string>(), error["value"]!.GetValue<string>()));

        // Installing is an admin's decision: sales ops may look (they configure rules) but not install; reps may not look.
        var salesOps = await api.MemberAsync("salesops", "org:admin sales:read sales:write");
        var rep = await api.MemberAsync("rep");
        Assert.Equal("FORBIDDEN", (await salesOps.PostAsync(Install, new { code = "MEDICAL_DEVICES" })).FirstErrorCode);
        Assert.Null((await salesOps.PostAsync("{ previewProcessTemplate(code: \"MEDICAL_DEVICES\") { created } }")).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await rep.PostAsync("{ processTemplates { code } }")).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await rep.PostAsync("{ previewProcessTemplate(code: \"MEDICAL_DEVICES\") { created } }")).FirstErrorCode);

        // The tenant already has a pipeline with the template's code and other stages: a conflict, kept as it is, and
        // its gates are left alone; the rest of the template installs.
        await EnsureDocumentKindsAsync();
        var made = await _client.QueryAsync("""
            mutation { createPipeline(input: { code: "MD_HOSPITAL", name: "我们的医院流程", stages: [
              { code: "DEPARTMENT_NEED", name: "科室需求", defaultProbability: 10 }, { code: "TENDER", name: "挂网采购", defaultProbability: 40 } ] }) { errors { __typename } } }
            """);
        Assert.Empty(made["createPipeline"]!["errors"]!.AsArray());
        var installed = await InstallAsync("MEDICAL_DEVICES");
        var outcomes = Outcomes(installed);
        Assert.Contains("PIPELINE MD_HOSPITAL CONFLICT -", outcomes);
        Assert.Contains("STAGE_GATE MD_HOSPITAL/CLINICAL_EVAL_PASSED CONFLICT -", outcomes);
        Assert.Contains("STAGE_GATE MD_HOSPITAL/TENDER CONFLICT -", outcomes);
        Assert.Contains("STAGE_GATE MD_HOSPITAL/CONTRACT_SIGNED CONFLICT -", outcomes);
        Assert.Contains("RULE MEDICAL_DEVICES.QUOTATION_APPROVED CREATE MEDICAL_DEVICES", outcomes);
        Assert.Contains("TAG REGISTRATION_CERT CREATE MEDICAL_DEVICES", outcomes);
        Assert.Contains("stage 2: the tenant's is TENDER 挂网采购 (40%), the template's CLINICAL_TRIAL 临床试用 (30%)", Detail(installed, "MD_HOSPITAL"));
        var kept = (await PipelineAsync("MD_HOSPITAL"))!;
        Assert.Equal("我们的医院流程", kept["name"]!.GetValue<string>());
        Assert.Equal(["DEPARTMENT_NEED:", "TENDER:"], kept["stages"]!.AsArray().OrderBy(s => s!["position"]!.GetValue<int>())
            .Select(s => $"{s!["code"]}:{string.Join(",", s["requiredDocumentKinds"]!.AsArray().Select(k => k!.GetValue<string>()))}"));
    }
}
