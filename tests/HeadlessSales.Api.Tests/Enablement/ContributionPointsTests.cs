using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// Contribution points through the API: an approved case pays its author (the tenant's amount), a case the coach gave
/// another rep for an opportunity that is then won pays again, the quarter's leaderboard is the team managers', and
/// points are redeemed against the catalog with a manager's approval, never above the balance, also when requests race.
/// </summary>
public sealed class ContributionPointsTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task An_approved_case_pays_its_author_and_a_coached_win_pays_again_and_the_team_leaderboard_is_the_managers()
    {
        var scenario = new ContributionScenario(_api);
        var rep = await _api.MemberAsync("rep");
        var teamLead = await _api.MemberAsync("teamlead");
        var salesOps = await _api.MemberAsync("salesops");

        var caseId = await scenario.ApprovedCaseOfAsync(rep);
        Assert.Equal(50, await scenario.PointsOfAsync(rep));

        // Sales ops make an approval worth 80 and a coached win 40; the next approval pays the new amount.
        var settings = await salesOps.QueryAsync("mutation { updateContributionSettings(input: { approvalPoints: 80, coachedWinPoints: 40 }) { settings { approvalPoints coachedWinPoints } errors { __typename } } }");
        Assert.Equal("""{"approvalPoints":80,"coachedWinPoints":40}""", settings["updateContributionSettings"]!["settings"]!.ToJsonString());
        var refused = await rep.QueryAsync("mutation { updateContributionSettings(input: { approvalPoints: 1000 }) { errors { __typename } } }");
        Assert.Equal("InvalidStateError", refused["updateContributionSettings"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        await scenario.ApprovedCaseOfAsync(rep);
        Assert.Equal(130, await scenario.PointsOfAsync(rep));

        // The team lead is coached on a deal of the team; both cases come back, and the deal is won: their author earns 40 for each.
        var deal = await scenario.OpenOpportunityOfAsync(rep);
        var advice = await teamLead.QueryAsync("""
            query($s: String!, $o: ID) { coach(summary: $s, opportunityId: $o) { cases { case { id } } } }
            """, new { s = "做汽车配件的工厂嫌我们太贵，说隔壁便宜两成。", o = deal });
        Assert.Equal(2, advice["coach"]!["cases"]!.AsArray().Count);
        Assert.Contains(caseId, advice["coach"]!["cases"]!.AsArray().Select(c => c!["case"]!["id"]!.GetValue<string>()));
        await scenario.WinAsync(deal);
        Assert.Equal(210, await scenario.PointsOfAsync(rep));
        // Moving the won deal back and winning it again pays nothing more: each coaching of a case on a deal is paid once.
        var admin = await _api.MemberAsync("admin");
        await admin.QueryAsync("mutation($id: ID!) { moveOpportunityBack(input: { id: $id, reason: \"客户要求重新报价\" }) { errors { __typename } } }", new { id = deal });
        await scenario.WinAsync(deal);
        Assert.Equal(210, await scenario.PointsOfAsync(rep));
        var kinds = (await rep.QueryAsync("query($m: ID!) { incentiveLedger(memberId: $m) { entries { kind amount { amount currency } } } }", new { m = await scenario.MemberIdAsync(rep) }))
            ["incentiveLedger"]!["entries"]!.AsArray().Select(e => $"{e!["kind"]} {decimal.Parse(e["amount"]!["amount"]!.GetValue<string>()):0} {e["amount"]!["currency"]}");
        Assert.Equal(["CASE_APPROVED 50 PTS", "CASE_APPROVED 80 PTS", "COACHED_WIN 40 PTS", "COACHED_WIN 40 PTS"], kinds);

        // An unseen or unknown opportunity is refused as missing, and notes nothing.
        var unknown = await teamLead.PostAsync("query { coach(summary: \"客户嫌贵\", opportunityId: \"T3Bwb3J0dW5pdHk6OTk5OTk5\") { cases { score } } }");
        Assert.Equal("NOT_FOUND", unknown.FirstErrorCode);

        // The leaderboard of the quarter: the team lead sees the whole team, the rep does not.
        var now = _api.Clock.GetUtcNow().UtcDateTime;
        const string Board = "query($t: ID!, $y: Int!, $q: Int!) { contributionLeaderboard(teamId: $t, year: $y, quarter: $q) { standings { rank points casesApproved coachedWins member { role } } } }";
        var variables = new { t = await scenario.TeamIdAsync(rep), y = now.Year, q = (now.Month - 1) / 3 + 1 };
        var board = (await teamLead.QueryAsync(Board, variables))["contributionLeaderboard"]!["standings"]!.AsArray();
        Assert.Equal("1 210 2 2 REP", $"{board[0]!["rank"]} {board[0]!["points"]} {board[0]!["casesApproved"]} {board[0]!["coachedWins"]} {board[0]!["member"]!["role"]}");
        Assert.All(board.Skip(1), standing => Assert.Equal(0, standing!["points"]!.GetValue<int>()));
        Assert.Null((await rep.QueryAsync(Board, variables))["contributionLeaderboard"]);
        var lastQuarter = (await teamLead.QueryAsync(Board, new { variables.t, y = now.Year - 1, q = 1 }))["contributionLeaderboard"]!["standings"]!.AsArray();
        Assert.All(lastQuarter, standing => Assert.Equal(0, standing!["points"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Redemptions_never_exceed_the_balance_even_when_they_race_and_a_rejection_gives_the_points_back()
    {
        var scenario = new ContributionScenario(_api);
        await scenario.RedemptionsRaceAsync();
    }

    [PostgresFact]
    public async Task OnPostgreSql_redemptions_never_exceed_the_balance_even_when_they_race()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        await new ContributionScenario(api).RedemptionsRaceAsync();
    }
}

/// <summary>The steps the points tests share, on any database.</summary>
internal sealed class ContributionScenario(ApiFactory api)
{
    public ApiFactory Api => api;

    public const string Redeem = """
        mutation($i: ID!, $n: Int) { redeemPoints(input: { itemId: $i, quantity: $n }) { redemption { id status points } errors { __typename ... on UserError { code } ... on InsufficientPointsError { balance cost } } } }
        """;

    /// <summary>
    /// 100 points (one approved case, approvals worth 100), then eight concurrent requests for a 30-point reward: three
    /// are granted (90), five are told the balance; a rejection gives its 30 back, an approval keeps them.
    /// </summary>
    public async Task RedemptionsRaceAsync()
    {
        var rep = await api.MemberAsync("rep");
        var teamLead = await api.MemberAsync("teamlead");
        var salesOps = await api.MemberAsync("salesops");
        await salesOps.QueryAsync("mutation { updateContributionSettings(input: { approvalPoints: 100 }) { errors { __typename } } }");
        await ApprovedCaseOfAsync(rep);
        Assert.Equal(100, await PointsOfAsync(rep));

        var created = await salesOps.QueryAsync("mutation { createRewardCatalogItem(input: { name: \"销售谈判课程\", kind: TRAINING_RESOURCE, points: 30 }) { item { id name kind points } errors { __typename } } }");
        var course = created["createRewardCatalogItem"]!["item"]!["id"]!.GetValue<string>();
        var leave = (await salesOps.QueryAsync("mutation { createRewardCatalogItem(input: { name: \"带薪假\", kind: LEAVE_DAYS, points: 40 }) { item { id } } }"))
            ["createRewardCatalogItem"]!["item"]!["id"]!.GetValue<string>();
        var byRep = await rep.QueryAsync("mutation { createRewardCatalogItem(input: { name: \"自己定的\", kind: LEAVE_DAYS, points: 1 }) { errors { __typename } } }");
        Assert.Equal("InvalidStateError", byRep["createRewardCatalogItem"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        var catalog = await rep.QueryAsync("{ rewardCatalog(first: 10) { nodes { name points } } }");
        Assert.Equal(["销售谈判课程 30", "带薪假 40"], catalog["rewardCatalog"]!["nodes"]!.AsArray().Select(n => $"{n!["name"]} {n["points"]}"));

        // Three days of leave cost 120: above the balance.
        var tooMuch = (await rep.QueryAsync(Redeem, new { i = leave, n = 3 }))["redeemPoints"]!;
        Assert.Equal("""[{"__typename":"InsufficientPointsError","code":"INSUFFICIENT_POINTS","balance":100,"cost":120}]""", tooMuch["errors"]!.ToJsonString());

        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => rep.QueryAsync(Redeem, new { i = course, n = 1 })));
        var granted = race.Where(r => r["redeemPoints"]!["redemption"] is JsonObject).Select(r => r["redeemPoints"]!["redemption"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, granted.Count);
        Assert.All(race.Where(r => r["redeemPoints"]!["redemption"] is null),
            r => Assert.Equal("INSUFFICIENT_POINTS", r["redeemPoints"]!["errors"]![0]!["code"]!.GetValue<string>()));
        Assert.Equal(10, await PointsOfAsync(rep));

        // The rep may not decide their own; the team lead rejects one (the points come back) and approves another.
        const string Approve = "mutation($id: ID!) { approvePointsRedemption(input: { id: $id }) { redemption { status decider { role } } errors { __typename } } }";
        const string Reject = "mutation($id: ID!, $c: String) { rejectPointsRedemption(input: { id: $id, comment: $c }) { redemption { status decisionComment } errors { __typename } } }";
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Approve, new { id = granted[0] })).FirstErrorCode);
        var noComment = (await teamLead.QueryAsync(Reject, new { id = granted[0], c = (string?)null }))["rejectPointsRedemption"]!;
        Assert.Equal("ValidationError", noComment["errors"]![0]!["__typename"]!.GetValue<string>());
        var rejected = (await teamLead.QueryAsync(Reject, new { id = granted[0], c = "本季度培训预算已满" }))["rejectPointsRedemption"]!;
        Assert.Equal("REJECTED 本季度培训预算已满", $"{rejected["redemption"]!["status"]} {rejected["redemption"]!["decisionComment"]}");
        var approved = (await teamLead.QueryAsync(Approve, new { id = granted[1] }))["approvePointsRedemption"]!;
        Assert.Equal("""{"status":"APPROVED","decider":{"role":"TEAM_LEAD"}}""", approved["redemption"]!.ToJsonString());
        var twice = (await teamLead.QueryAsync(Reject, new { id = granted[1], c = "改主意" }))["rejectPointsRedemption"]!;
        Assert.Equal("InvalidStateError", twice["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal(40, await PointsOfAsync(rep));

        var listed = await teamLead.QueryAsync("query($m: [ID!]) { pointsRedemptions(first: 10, where: { memberIds: $m }) { nodes { status points item { name } } } }", new { m = new[] { await MemberIdAsync(rep) } });
        Assert.Equal(["APPROVED", "REJECTED", "REQUESTED"], listed["pointsRedemptions"]!["nodes"]!.AsArray().Select(n => n!["status"]!.GetValue<string>()).Order());
    }

    public async Task<string> MemberIdAsync(GraphQLTestClient member) =>
        (await member.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();

    public async Task<string> TeamIdAsync(GraphQLTestClient member) =>
        (await member.QueryAsync("{ viewer { member { team { id } } } }"))["viewer"]!["member"]!["team"]!["id"]!.GetValue<string>();

    /// <summary>The member's contribution points, as their ledger sums them.</summary>
    public async Task<int> PointsOfAsync(GraphQLTestClient member) =>
        (await member.QueryAsync("query($m: ID!) { incentiveLedger(memberId: $m) { points } }", new { m = await MemberIdAsync(member) }))["incentiveLedger"]!["points"]!.GetValue<int>();

    /// <summary>A case the member writes about a won deal of theirs, approved by the quality team.</summary>
    public async Task<string> ApprovedCaseOfAsync(GraphQLTestClient author)
    {
        var reviewer = await api.MemberAsync("reviewer", "sales:read");
        var opportunity = await OpenOpportunityOfAsync(author);
        await MoveToLastStageAsync(opportunity);
        var submitted = await author.QueryAsync("""
            mutation($input: SubmitWonCaseInput!) { submitWonCase(input: $input) { wonCase { id } errors { __typename } } }
            """, new
        {
            input = new
            {
                opportunityId = opportunity,
                title = "汽车零部件厂MES项目：价格异议后以分期付款签约",
                industry = "制造业",
                customerBackground = "华东一家汽车零部件厂，生产排程靠人工。",
                turningPoints = "客户嫌报价比竞品高两成；分期付款化解预算压力。",
                contractTerms = "三年分期付款。",
                talkTracks = new[] { "先别谈价格，我们一起算一下停线一小时的损失。" },
                riskTags = new[] { "价格疑虑", "竞品对比" },
            },
        });
        var caseId = submitted["submitWonCase"]!["wonCase"]!["id"]!.GetValue<string>();
        var approved = await reviewer.QueryAsync("mutation($id: ID!) { approveWonCase(input: { id: $id }) { errors { __typename } } }", new { id = caseId });
        Assert.Empty(approved["approveWonCase"]!["errors"]!.AsArray());
        return caseId;
    }

    public async Task<string> OpenOpportunityOfAsync(GraphQLTestClient member)
    {
        var integration = api.CreateGraphQLClient();
        var accounts = await integration.QueryAsync("query($o: [ID!]) { accounts(first: 1, where: { ownerIds: $o }) { nodes { id } } }", new { o = new[] { await MemberIdAsync(member) } });
        var created = await integration.QueryAsync("""
            mutation($a: ID!) { createOpportunity(input: { accountId: $a, name: "零部件MES", amount: { amount: "800000", currency: "CNY" } }) { opportunity { id } } }
            """, new { a = accounts["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>() });
        return created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
    }

    /// <summary>Won through the API: the admin moves it forward, over its gates, stage by stage to the pipeline's last.</summary>
    public async Task WinAsync(string opportunityId)
    {
        var admin = await api.MemberAsync("admin");
        for (var step = 0; step < 20; step++)
        {
            var moved = await admin.QueryAsync("""
                mutation($id: ID!) { forceAdvanceOpportunity(input: { id: $id, reason: "测试：推进到赢单" }) { opportunity { id } errors { __typename } } }
                """, new { id = opportunityId });
            if (moved["forceAdvanceOpportunity"]!["opportunity"] is null)
            {
                return;
            }
        }
    }

    /// <summary>A case is written about a deal already closed; how it closed is not these tests' subject.</summary>
    private async Task MoveToLastStageAsync(string opportunityId)
    {
        await using var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var key = GlobalId.TryDecode(opportunityId, "Opportunity")!.Value;
        var opportunity = await db.Opportunities.IgnoreQueryFilters().SingleAsync(o => o.Id == key);
        opportunity.StageId = await db.PipelineStages.IgnoreQueryFilters().Where(s => s.PipelineId == opportunity.PipelineId)
            .OrderByDescending(s => s.Position).Select(s => s.Id).FirstAsync();
        await db.SaveChangesAsync();
    }
}
