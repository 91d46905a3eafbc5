using System.Net;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Automation;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>Counting rules and PUSH_CONTENT through the public API, started by customers opening share links over plain HTTP.</summary>
public sealed class ContentRuleTests(AutomationFixture api) : IClassFixture<AutomationFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string CreateRule = """
        mutation($input: CreateAutomationRuleInput!) {
          createAutomationRule(input: $input) {
            rule { id count { times withinMinutes } actions { kind pushTo documentId } }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on NotFoundError { field } ... on ConditionError { field } }
          }
        }
        """;

    private async Task<string> KindAsync(string code, string name)
    {
        var created = await _client.QueryAsync("mutation($c: String!, $n: String!) { createDocumentKind(input: { code: $c, name: $n }) { documentKind { code } errors { __typename } } }", new { c = code, n = name });
        Assert.Empty(created["createDocumentKind"]!["errors"]!.AsArray());
        return code;
    }

    private async Task<string> UploadAsync(string account, string kindCode, string fileName)
    {
        var uploaded = await _client.SendAsync(MultipartRequest.ForDocument(new { subjectId = account, kindCode }, new FilePart("0", MultipartRequest.Pdf, fileName, "application/pdf")));
        return uploaded.Data!["uploadDocument"]!["document"]!["id"]!.GetValue<string>();
    }

    private async Task<string> ContactAsync(string account, string name) => (await _client.QueryAsync("""
        mutation($a: ID!, $n: String!) { createContact(input: { accountId: $a, name: $n, decisionRole: TECHNICAL_EVALUATOR }) { contact { id } } }
        """, new { a = account, n = name }))["createContact"]!["contact"]!["id"]!.GetValue<string>();

    private async Task<string> LinkAsync(string document, string contact) => (await _client.QueryAsync("""
        mutation($d: ID!, $c: ID!) { createDocumentShareLink(input: { documentId: $d, contactId: $c, expiresInDays: 30 }) { shareLink { url } } }
        """, new { d = document, c = contact }))["createDocumentShareLink"]!["shareLink"]!["url"]!.GetValue<string>();

    /// <summary>The customer opens the link (no login), then the rules have read it from the journal, as the feed's loop does when woken.</summary>
    private async Task ViewAsync(HttpClient anonymous, string url)
    {
        using var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await api.Services.GetRequiredService<RuleJournalFeed>().RunOnceAsync();
    }

    [Fact]
    public async Task ThirdViewOfATechnicalDocumentWithin7Days_SharesTheTailoredWhitePaper_Once_AndViewsSpreadOver8DaysDoNot()
    {
        var technicalKind = await KindAsync("TECH_SPEC_RULE", "技术规格书");
        var whitePaperKind = await KindAsync("WHITE_PAPER_RULE", "白皮书");
        var rep = (await _client.QueryAsync("{ members(first: 1, where: { roles: [REP], active: true }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var account = (await _client.QueryAsync("""
            mutation($o: ID) { createAccount(input: { name: "规则测试光伏组件有限公司", industry: NEW_ENERGY, ownership: PRIVATE, size: LARGE, ownerId: $o }) { account { id } } }
            """, new { o = rep }))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        var technical = await UploadAsync(account, technicalKind, "储能系统技术规格书.pdf");
        var brochure = await UploadAsync(account, "SOLUTION_PROPOSAL", "公司介绍.pdf");
        var whitePaper = await UploadAsync(account, whitePaperKind, "定制白皮书-光伏储能.pdf");
        var keen = await ContactAsync(account, "张工");
        var slow = await ContactAsync(account, "赵工");

        var created = (await _client.QueryAsync(CreateRule, new
        {
            input = new
            {
                name = "7 天内 3 次查看技术文档 → 发送定制白皮书",
                trigger = new { @event = "document.viewed", count = new { times = 3, withinMinutes = 7 * 24 * 60 } },
                condition = $"event.kindCode == '{technicalKind}'",
                actions = new object[] { new { kind = "PUSH_CONTENT", documentId = whitePaper, pushTo = "CUSTOMER", message = "{record.name} 7 天内 3 次查看技术文档，请发送定制白皮书" } },
            },
        }))["createAutomationRule"]!;
        Assert.Empty(created["errors"]!.AsArray());
        var ruleId = created["rule"]!["id"]!.GetValue<string>();
        Assert.Equal(3, created["rule"]!["count"]!["times"]!.GetValue<int>());

        var anonymous = api.CreateClient();
        var keenTechnical = await LinkAsync(technical, keen);
        var keenBrochure = await LinkAsync(brochure, keen);
        // Day 0, day 2, a brochure view (not technical: not counted), day 4 (the third: acts), day 5 (the fourth: does not act again).
        await ViewAsync(anonymous, keenTechnical);
        api.Clock.Advance(TimeSpan.FromDays(2));
        await ViewAsync(anonymous, keenTechnical);
        await ViewAsync(anonymous, keenBrochure);
        Assert.Equal(0, await PushedAsync(ruleId));
        api.Clock.Advance(TimeSpan.FromDays(2));
        await ViewAsync(anonymous, keenTechnical);
        Assert.Equal(1, await PushedAsync(ruleId));
        api.Clock.Advance(TimeSpan.FromDays(1));
        await ViewAsync(anonymous, keenTechnical);

        // The other contact views three times, spread over 8 days: never three within 7.
        var slowTechnical = await LinkAsync(technical, slow);
        await ViewAsync(anonymous, slowTechnical);
        api.Clock.Advance(TimeSpan.FromDays(4));
        await ViewAsync(anonymous, slowTechnical);
        api.Clock.Advance(TimeSpan.FromDays(4));
        await ViewAsync(anonymous, slowTechnical);

        var log = (await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 100, ruleId: $r) { nodes { outcome detail subjectId } } }", new { r = ruleId }))["ruleExecutions"]!["nodes"]!.AsArray();
        var succeeded = Assert.Single(log, x => x!["outcome"]!.GetValue<string>() == "SUCCEEDED")!;
        Assert.Equal(keen, succeeded["subjectId"]!.GetValue<string>());
        Assert.Equal(8, log.Count);
        Assert.Contains(log, x => x!["detail"]!.GetValue<string>().StartsWith("Counted 4 such event(s)", StringComparison.Ordinal));
        Assert.Equal(2, log.Count(x => x!["subjectId"]!.GetValue<string>() == slow && x["detail"]!.GetValue<string>().StartsWith("Counted 2 such event(s)", StringComparison.Ordinal)));

        // One link to the white paper, for the keen contact, made by the rule; its address reached the owner, and opens.
        var shared = (await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Document { shareLinks(first: 10) { nodes { createdBy status contact { id } } } } } }", new { id = whitePaper }))["node"]!["shareLinks"]!["nodes"]!.AsArray();
        var link = Assert.Single(shared)!;
        Assert.Equal(keen, link["contact"]!["id"]!.GetValue<string>());
        Assert.StartsWith("rule:", link["createdBy"]!.GetValue<string>());
        var notice = Assert.Single(await NoticesAsync(ruleId))!;
        Assert.Equal(rep, notice["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal(keen, notice["subjectId"]!.GetValue<string>());
        var message = notice["message"]!.GetValue<string>();
        Assert.StartsWith("张工 7 天内 3 次查看技术文档，请发送定制白皮书: 定制白皮书-光伏储能.pdf", message);
        var sent = System.Text.RegularExpressions.Regex.Match(message, "/shared/[A-Za-z0-9_-]{43}").Value;
        using var opened = await anonymous.GetAsync(sent);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(MultipartRequest.Pdf, await opened.Content.ReadAsByteArrayAsync());
        await api.Services.GetRequiredService<RuleJournalFeed>().RunOnceAsync();
        Assert.Equal(1, await PushedAsync(ruleId));
    }

    private async Task<List<JsonNode?>> NoticesAsync(string ruleId) =>
        (await _client.QueryAsync("{ automationNotices(first: 100) { nodes { kind message subjectId recipient { id } rule { id } } } }"))["automationNotices"]!["nodes"]!.AsArray()
            .Where(n => n!["kind"]!.GetValue<string>() == "PUSHED_CONTENT" && n["rule"]!["id"]!.GetValue<string>() == ruleId).ToList();

    private async Task<int> PushedAsync(string ruleId) => (await NoticesAsync(ruleId)).Count;

    [Fact]
    public async Task CountingAndPushContent_AreCheckedWhenSaved_WithErrorsPointingAtThePart()
    {
        async Task<JsonArray> ErrorsAsync(object trigger, object action, string condition = "")
        {
            var answer = (await _client.QueryAsync(CreateRule, new { input = new { name = "检查", trigger, condition, actions = new[] { action } } }))["createAutomationRule"]!;
            Assert.Null(answer["rule"]);
            return answer["errors"]!.AsArray();
        }

        static IEnumerable<string> Fields(JsonArray errors) => errors.Select(e => e!["field"]!.GetValue<string>()).Order(StringComparer.Ordinal);

        var notify = new { kind = "NOTIFY_MEMBER", recipient = "OWNER", message = "看" };
        Assert.Equal(["input.trigger.count.times", "input.trigger.count.withinMinutes"],
            Fields(await ErrorsAsync(new { @event = "document.viewed", count = new { times = 1, withinMinutes = 0 } }, notify)));
        Assert.Equal(["input.trigger.count"],
            Fields(await ErrorsAsync(new { @event = "lead.assigned", delayMinutes = 30, count = new { times = 3, withinMinutes = 60 } }, notify)));
        Assert.Equal(["input.trigger.count.withinMinutes"],
            Fields(await ErrorsAsync(new { @event = "document.viewed", count = new { times = 3, withinMinutes = 60 * 24 * 91 } }, notify)));

        var viewed = new { @event = "document.viewed", count = new { times = 3, withinMinutes = 60 } };
        Assert.Equal(["input.actions[0].documentId"], Fields(await ErrorsAsync(viewed, new { kind = "PUSH_CONTENT" })));
        var missing = await ErrorsAsync(viewed, new { kind = "PUSH_CONTENT", documentId = HeadlessSales.Api.GraphQL.Relay.GlobalId.Encode("Document", 99_999_999) });
        Assert.Equal("NotFoundError", missing[0]!["__typename"]!.GetValue<string>());
        Assert.Equal("input.actions[0].documentId", missing[0]!["field"]!.GetValue<string>());

        // Sharing with the customer needs a contact's event; a lead's has no customer contact.
        var rep = (await _client.QueryAsync("{ members(first: 1, where: { roles: [REP], active: true }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var account = (await _client.QueryAsync("""
            mutation($o: ID) { createAccount(input: { name: "检查用客户", industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL, ownerId: $o }) { account { id } } }
            """, new { o = rep }))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        var document = await UploadAsync(account, "SOLUTION_PROPOSAL", "方案.pdf");
        Assert.Equal(["input.actions[0].pushTo"], Fields(await ErrorsAsync(new { @event = "lead.assigned" }, new { kind = "PUSH_CONTENT", documentId = document, pushTo = "CUSTOMER" })));

        // A condition that does not type-check against the view's fields still points at the condition.
        Assert.Equal(["input.condition"], Fields(await ErrorsAsync(viewed, new { kind = "PUSH_CONTENT", documentId = document }, "event.kindCode > 3")));
    }
}
