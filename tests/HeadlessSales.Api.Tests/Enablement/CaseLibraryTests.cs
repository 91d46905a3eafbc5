using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// A won case through the API: its author submits it, a reviewer returns it once and approves the next version, and the
/// coach then finds it for a colleague's summary with the terms that matched.
/// </summary>
public sealed class CaseLibraryTests : IAsyncLifetime
{
    private const string CaseFields = "id status version title opportunityId author { id } versions { version title outcome reviewComment reviewer { role } }";

    private const string Submit = $$"""
        mutation($input: SubmitWonCaseInput!) { submitWonCase(input: $input) { wonCase { {{CaseFields}} } errors { __typename ... on UserError { code message } } } }
        """;

    private const string Resubmit = $$"""
        mutation($input: ResubmitWonCaseInput!) { resubmitWonCase(input: $input) { wonCase { {{CaseFields}} } errors { __typename ... on UserError { code message } } } }
        """;

    private const string Approve = $$"""
        mutation($input: ReviewWonCaseInput!) { approveWonCase(input: $input) { wonCase { {{CaseFields}} } errors { __typename ... on UserError { code message } } } }
        """;

    private const string Return = $$"""
        mutation($input: ReviewWonCaseInput!) { returnWonCase(input: $input) { wonCase { {{CaseFields}} } errors { __typename ... on UserError { code message } } } }
        """;

    private const string CoachQuery = """
        query($s: String!) { coach(summary: $s) { cases { case { id title } matchedTerms } talkTracks { text case { id } matchedTerms } riskHints { tag matchedTerms evidence { id } } } }
        """;

    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static object Content(string opportunityId) => new
    {
        opportunityId,
        title = "汽车零部件厂MES项目：价格异议后以分期付款签约",
        industry = "制造业",
        subSegment = "汽车零部件",
        customerBackground = "华东一家汽车零部件厂，三条产线，生产排程靠人工，交期经常延误。",
        turningPoints = "客户嫌报价比竞品高两成；我们拉上生产副总算停线损失，分期付款化解预算压力，副总拍板。",
        contractTerms = "三年分期付款，首付30%，上线验收后付尾款。",
        talkTracks = new[] { "先别谈价格，我们一起算一下停线一小时的损失。", "竞品便宜的部分主要在实施服务，我们把实施天数写进合同。" },
        riskTags = new[] { "价格疑虑", "竞品对比" },
    };

    [Fact]
    public async Task A_case_is_returned_once_resubmitted_approved_and_then_found_by_the_coach()
    {
        var rep = await _api.MemberAsync("rep");
        var reviewer = await _api.MemberAsync("reviewer", "sales:read");
        var opportunity = await WonOpportunityOfAsync(rep);

        var submitted = (await rep.QueryAsync(Submit, new { input = Content(opportunity) }))["submitWonCase"]!;
        Assert.Empty(submitted["errors"]!.AsArray());
        var caseId = submitted["wonCase"]!["id"]!.GetValue<string>();
        Assert.Equal(("SUBMITTED", 1), (submitted["wonCase"]!["status"]!.GetValue<string>(), submitted["wonCase"]!["version"]!.GetValue<int>()));

        var twice = (await rep.QueryAsync(Submit, new { input = Content(opportunity) }))["submitWonCase"]!;
        Assert.Equal("DuplicateError", twice["errors"]![0]!["__typename"]!.GetValue<string>());

        // A rep is not of the quality team: the review is refused before the case is looked up.
        var byRep = await rep.PostAsync(Approve, new { input = new { id = caseId } });
        Assert.Equal("FORBIDDEN", byRep.FirstErrorCode);

        var returned = (await reviewer.QueryAsync(Return, new { input = new { id = caseId, comment = "转折点写得太笼统：副总为什么拍板？" } }))["returnWonCase"]!;
        Assert.Empty(returned["errors"]!.AsArray());
        Assert.Equal("RETURNED", returned["wonCase"]!["status"]!.GetValue<string>());

        var approvedTooEarly = (await reviewer.QueryAsync(Approve, new { input = new { id = caseId } }))["approveWonCase"]!;
        Assert.Equal("CaseAlreadyReviewedError", approvedTooEarly["errors"]![0]!["__typename"]!.GetValue<string>());

        var resubmitted = (await rep.QueryAsync(Resubmit, new
        {
            input = new { id = caseId, turningPoints = "客户嫌报价比竞品高两成；我们拉上生产副总算停线一小时的损失（约8万元），分期付款化解预算压力，副总当场拍板。" },
        }))["resubmitWonCase"]!;
        Assert.Empty(resubmitted["errors"]!.AsArray());
        Assert.Equal(("SUBMITTED", 2), (resubmitted["wonCase"]!["status"]!.GetValue<string>(), resubmitted["wonCase"]!["version"]!.GetValue<int>()));

        var approved = (await reviewer.QueryAsync(Approve, new { input = new { id = caseId, comment = "可以入库" } }))["approveWonCase"]!;
        Assert.Empty(approved["errors"]!.AsArray());
        var versions = approved["wonCase"]!["versions"]!.AsArray();
        Assert.Equal(["1 RETURNED 转折点写得太笼统：副总为什么拍板？ REVIEWER", "2 APPROVED 可以入库 REVIEWER"],
            versions.Select(v => $"{v!["version"]} {v["outcome"]} {v["reviewComment"]} {v["reviewer"]!["role"]}"));

        // A colleague in another region, who cannot see the deal, finds the lesson by their own words.
        var colleague = await _api.MemberAsync("regionmanager");
        var advice = (await colleague.QueryAsync(CoachQuery, new { s = "今天拜访一家做汽车配件的工厂，采购说我们太贵了，隔壁那家便宜不少，老板还没表态。" }))["coach"]!;
        var first = advice["cases"]![0]!;
        Assert.Equal(caseId, first["case"]!["id"]!.GetValue<string>());
        var matched = first["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("价格疑虑", matched);
        Assert.Contains("竞品对比", matched);
        Assert.NotEmpty(advice["talkTracks"]!.AsArray());
        Assert.All(advice["talkTracks"]!.AsArray(), t => Assert.Equal(caseId, t!["case"]!["id"]!.GetValue<string>()));
        var price = advice["riskHints"]!.AsArray().Single(h => h!["tag"]!.GetValue<string>() == "价格疑虑")!;
        Assert.Contains("太贵", price["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(caseId, price["evidence"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nobody_reviews_their_own_case_and_a_case_awaiting_review_is_not_in_the_coachs_answers()
    {
        var salesOps = await _api.MemberAsync("salesops");
        var opportunity = await WonOpportunityOfAsync(await _api.MemberAsync("rep"));
        var submitted = (await salesOps.QueryAsync(Submit, new { input = Content(opportunity) }))["submitWonCase"]!;
        var caseId = submitted["wonCase"]!["id"]!.GetValue<string>();

        var own = (await salesOps.QueryAsync(Approve, new { input = new { id = caseId } }))["approveWonCase"]!;
        var advice = (await salesOps.QueryAsync(CoachQuery, new { s = "客户嫌贵，说隔壁便宜两成" }))["coach"]!;

        Assert.Equal("SelfReviewError", own["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Empty(advice["cases"]!.AsArray());
    }

    [Fact]
    public async Task An_empty_or_oversized_summary_is_refused_with_its_code()
    {
        var rep = await _api.MemberAsync("rep");

        var empty = await rep.PostAsync(CoachQuery, new { s = "   " });
        var huge = await rep.PostAsync(CoachQuery, new { s = new string('贵', 100 * 1024 / 3) });

        Assert.Equal("INVALID_SUMMARY", empty.FirstErrorCode);
        Assert.Equal("INVALID_SUMMARY", huge.FirstErrorCode);
        Assert.False(huge.Data?["coach"] is JsonObject);
    }

    [Fact]
    public async Task A_missing_index_is_rebuilt_from_the_approved_cases_in_the_database()
    {
        var rep = await _api.MemberAsync("rep");
        var reviewer = await _api.MemberAsync("reviewer", "sales:read");
        var caseId = (await rep.QueryAsync(Submit, new { input = Content(await WonOpportunityOfAsync(rep)) }))["submitWonCase"]!["wonCase"]!["id"]!.GetValue<string>();
        await reviewer.QueryAsync(Approve, new { input = new { id = caseId } });

        var folder = Path.Combine(_api.DataFolder, "rebuilt-index");
        using var rebuilt = new CaseSearchIndex(_api.Services.GetRequiredService<ISalesDbContextPool>(), folder);
        var retrieval = await rebuilt.OpenAsync(CancellationToken.None);
        var tenantId = await TenantOfAsync(caseId);

        Assert.Equal(GlobalId.TryDecode(caseId, "WonCase"), retrieval.Search(tenantId, "客户嫌贵", 3).Single().CaseId);
    }

    /// <summary>
    /// One of the member's opportunities, moved into its pipeline's last stage as a closed deal stands there; winning one
    /// through the API (gates, contract, signature) is the contracts tests' subject, not this one's.
    /// </summary>
    private async Task<string> WonOpportunityOfAsync(GraphQLTestClient member)
    {
        var me = (await member.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var accounts = await _api.CreateGraphQLClient().QueryAsync("query($o: [ID!]) { accounts(first: 1, where: { ownerIds: $o }) { nodes { id } } }", new { o = new[] { me } });
        var created = await _api.CreateGraphQLClient().QueryAsync("""
            mutation($a: ID!) { createOpportunity(input: { accountId: $a, name: "零部件MES", amount: { amount: "800000", currency: "CNY" } }) { opportunity { id } } }
            """, new { a = accounts["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>() });
        var id = created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var key = GlobalId.TryDecode(id, "Opportunity")!.Value;
        var opportunity = await db.Opportunities.IgnoreQueryFilters().SingleAsync(o => o.Id == key);
        opportunity.StageId = await db.PipelineStages.IgnoreQueryFilters().Where(s => s.PipelineId == opportunity.PipelineId)
            .OrderByDescending(s => s.Position).Select(s => s.Id).FirstAsync();
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<long> TenantOfAsync(string caseId)
    {
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var key = GlobalId.TryDecode(caseId, "WonCase")!.Value;
        return await db.WonCases.IgnoreQueryFilters().Where(c => c.Id == key).Select(c => c.TenantId).SingleAsync();
    }
}
