using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// Coaching arrives with a logged follow-up: in <c>logActivity</c>'s payload and, the same, on the rep's
/// <c>onFollowUpCoached</c> subscription; on an opportunity it adds what the opportunity itself shows (a stage stalled
/// beyond the process-health dwell limit, no decision-maker among the account's contacts), each with its evidence.
/// </summary>
public sealed class FollowUpCoachingTests : IAsyncLifetime
{
    private const string Advice = "cases { case { id } matchedTerms } talkTracks { text } riskHints { tag source matchedTerms reason evidence { id } opportunityEvidence { opportunityId stageName daysInStage dwellLimitDays contactRoles } }";

    private const string Log = $$"""
        mutation($input: LogActivityInput!) { logActivity(input: $input) { activity { id } coaching { {{Advice}} } errors { __typename ... on UserError { message } } } }
        """;

    private const string CoachOn = $$"""
        query($s: String!, $o: ID) { coach(summary: $s, opportunityId: $o) { {{Advice}} } }
        """;

    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Logging_a_follow_up_brings_its_coaching_in_the_payload_and_on_the_reps_subscription_with_the_opportunitys_own_risks()
    {
        var rep = await _api.MemberAsync("rep");
        var reviewer = await _api.MemberAsync("reviewer", "sales:read");
        var account = await AccountAsync(rep, "教练-华东零部件");
        var caseId = await ApprovedCaseAsync(rep, reviewer, await WonOpportunityAsync(rep, account));

        // A new deal on another account whose only contact is an influencer; 30 days in its first stage (limit 14 + 7 days).
        var other = await AccountAsync(rep, "教练-华南电子厂");
        await ContactAsync(rep, other, "王工", "INFLUENCER");
        var opportunity = await OpportunityAsync(rep, other, "电子厂排产系统");
        _api.Clock.Advance(TimeSpan.FromDays(30));
        rep = await _api.MemberAsync("rep"); // the earlier token expired in those 30 days

        var bus = _api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(_api, await new TokenClient(_api).MemberTokenAsync("rep"));
        await socket.SubscribeAsync("coached", $$"""subscription { onFollowUpCoached { activityId coaching { {{Advice}} } } }""");
        while (bus.SubscriberCount < before + 1)
        {
            await Task.Yield();
        }

        var logged = (await rep.QueryAsync(Log, new
        {
            input = new { subjectId = opportunity, kind = "VISIT", occurredAt = _api.Clock.GetUtcNow().UtcDateTime.AddHours(-1).ToString("O"), tagCodes = new[] { "FIRST_CONTACT" }, notes = "客户嫌贵，说隔壁便宜两成" },
        }))["logActivity"]!;
        Assert.Empty(logged["errors"]!.AsArray());
        var coaching = logged["coaching"]!;
        Assert.Equal(caseId, coaching["cases"]![0]!["case"]!["id"]!.GetValue<string>());
        Assert.Equal(
            [("价格疑虑", "SUMMARY", "嫌贵,便宜", caseId), ("竞品对比", "SUMMARY", "隔壁", caseId), ("推进停滞", "OPPORTUNITY", "", ""), ("决策人缺位", "OPPORTUNITY", "", caseId)],
            Hints(coaching));
        var stalled = coaching["riskHints"]![2]!;
        Assert.Equal("在「需求确认」阶段已停留 30 天，超过 21 天（停留目标 14 天 + 预警 7 天）。", stalled["reason"]!.GetValue<string>());
        var evidence = stalled["opportunityEvidence"]!;
        Assert.Equal((opportunity, 30.0, 21.0, "INFLUENCER"), (evidence["opportunityId"]!.GetValue<string>(), evidence["daysInStage"]!.GetValue<double>(),
            evidence["dwellLimitDays"]!.GetValue<double>(), string.Join(',', evidence["contactRoles"]!.AsArray().Select(r => r!.GetValue<string>()))));
        Assert.Equal("客户名下的联系人中没有决策人（现有角色：Influencer）。", coaching["riskHints"]![3]!["reason"]!.GetValue<string>());

        // The subscription delivers the same coaching to the rep who logged it.
        var heard = (await socket.ReceiveAsync())!["payload"]!["data"]!["onFollowUpCoached"]!;
        Assert.Equal(logged["activity"]!["id"]!.GetValue<string>(), heard["activityId"]!.GetValue<string>());
        Assert.Equal(coaching.ToJsonString(), heard["coaching"]!.ToJsonString());

        // A decision-maker on the account ends that hint; the stalled stage stays.
        await ContactAsync(rep, other, "李总", "DECISION_MAKER");
        var again = (await rep.QueryAsync(CoachOn, new { s = "客户嫌贵", o = opportunity }))["coach"]!;
        Assert.Equal(["价格疑虑", "推进停滞"], again["riskHints"]!.AsArray().Select(h => h!["tag"]!.GetValue<string>()));
    }

    private static IEnumerable<(string, string, string, string)> Hints(JsonNode coaching) =>
        coaching["riskHints"]!.AsArray().Select(h => (h!["tag"]!.GetValue<string>(), h["source"]!.GetValue<string>(),
            string.Join(',', h["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>())), string.Join(',', h["evidence"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()))));

    private static async Task<string> AccountAsync(GraphQLTestClient member, string name)
    {
        var created = (await member.QueryAsync("""
            mutation($n: String!, $o: ID!) { createAccount(input: { name: $n, industry: AUTOMOTIVE, ownership: PRIVATE, size: MEDIUM, ownerId: $o }) { account { id } errors { __typename ... on UserError { message } } } }
            """, new { n = name, o = (await member.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>() }))["createAccount"]!;
        Assert.True(created["errors"]!.AsArray().Count == 0, created.ToJsonString());
        return created["account"]!["id"]!.GetValue<string>();
    }

    private static async Task ContactAsync(GraphQLTestClient member, string accountId, string name, string role) =>
        Assert.Empty((await member.QueryAsync("""
            mutation($a: ID!, $n: String!, $r: DecisionRole!) { createContact(input: { accountId: $a, name: $n, decisionRole: $r }) { errors { __typename } } }
            """, new { a = accountId, n = name, r = role }))["createContact"]!["errors"]!.AsArray());

    private static async Task<string> OpportunityAsync(GraphQLTestClient member, string accountId, string name) =>
        (await member.QueryAsync("""
            mutation($a: ID!, $n: String!) { createOpportunity(input: { accountId: $a, name: $n, amount: { amount: "500000", currency: "CNY" } }) { opportunity { id } } }
            """, new { a = accountId, n = name }))["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();

    /// <summary>An opportunity moved into its pipeline's last stage as a closed deal stands there (winning one through the API is the contracts tests' subject).</summary>
    private async Task<string> WonOpportunityAsync(GraphQLTestClient member, string accountId)
    {
        var id = await OpportunityAsync(member, accountId, "零部件MES");
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var key = GlobalId.TryDecode(id, "Opportunity")!.Value;
        var opportunity = await db.Opportunities.IgnoreQueryFilters().SingleAsync(o => o.Id == key);
        opportunity.StageId = await db.PipelineStages.IgnoreQueryFilters().Where(s => s.PipelineId == opportunity.PipelineId)
            .OrderByDescending(s => s.Position).Select(s => s.Id).FirstAsync();
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<string> ApprovedCaseAsync(GraphQLTestClient author, GraphQLTestClient reviewer, string opportunityId)
    {
        var submitted = (await author.QueryAsync("""
            mutation($input: SubmitWonCaseInput!) { submitWonCase(input: $input) { wonCase { id } errors { __typename } } }
            """, new
        {
            input = new
            {
                opportunityId,
                title = "汽车零部件厂MES项目：价格异议后以分期付款签约",
                industry = "制造业",
                subSegment = "汽车零部件",
                customerBackground = "华东一家汽车零部件厂，三条产线，生产排程靠人工。",
                turningPoints = "客户嫌报价比竞品高两成；我们请对接人引荐生产副总，算清停线损失，分期付款化解预算压力，副总拍板。",
                contractTerms = "三年分期付款，首付30%。",
                talkTracks = new[] { "先别谈价格，我们一起算一下停线一小时的损失。", "能不能请您帮忙约一下生产副总，我们带他看一家同行的现场。" },
                riskTags = new[] { "价格疑虑", "竞品对比", "决策人缺位" },
            },
        }))["submitWonCase"]!["wonCase"]!["id"]!.GetValue<string>();
        Assert.Empty((await reviewer.QueryAsync("""
            mutation($input: ReviewWonCaseInput!) { approveWonCase(input: $input) { errors { __typename } } }
            """, new { input = new { id = submitted } }))["approveWonCase"]!["errors"]!.AsArray());
        return submitted;
    }
}
