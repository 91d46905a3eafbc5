using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Onboarding;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// Issue 19's "Done when", in one piece through the public API: a top rep owes and submits a case, a reviewer returns it
/// once and then approves it, points land; a new hire in that industry gets it on their path, practises and is scored;
/// the coach finds it for a new summary with the matching terms shown; the points are redeemed.
/// </summary>
public sealed class DoneWhenTests : IAsyncLifetime
{
    private const string HireEmail = "xinren@example.com";
    private const string HirePassword = "Qz7!mountain-Lantern-42";

    private readonly TimedApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static object CaseContent(string opportunityId) => new
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
    public async Task A_top_reps_case_becomes_a_new_hires_lesson_and_the_coachs_answer_and_its_points_are_redeemed()
    {
        var scenario = new ContributionScenario(_api);
        var rep = await _api.MemberAsync("rep");
        var reviewer = await _api.MemberAsync("reviewer", "sales:read");
        var salesOps = await _api.MemberAsync("salesops");
        var teamLead = await _api.MemberAsync("teamlead");
        var admin = await _api.MemberAsync("admin", "sales:read sales:write org:admin");
        await salesOps.QueryAsync("mutation { updateContributionSettings(input: { obligationTopCount: 1, obligationDueDay: 10 }) { errors { __typename } } }");

        // The rep wins a deal in February 2027 and is the month's top rep on 1 March: a case is owed by 10 March (the start of
        // the day in the tenant's Shanghai time).
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 15, 2, 0, 0, TimeSpan.Zero));
        var won = await scenario.OpenOpportunityOfAsync(rep);
        await scenario.WinAsync(won);
        await _api.ScheduleObligationsAsync();
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await _api.RunTimersOnTwoNodesAsync();
        var owed = Assert.Single(CaseObligationTests.Nodes(await rep.QueryAsync(CaseObligationTests.Obligations)));
        Assert.Equal("2027-02 OPEN 2027-03-09T16:00:00Z", $"{owed["month"]} {owed["status"]} {owed["dueAt"]}");

        // Submitted, returned once with a comment, resubmitted, approved: the obligation is fulfilled and 50 points land.
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 9, 0, 0, TimeSpan.Zero));
        var caseId = (await rep.QueryAsync("mutation($input: SubmitWonCaseInput!) { submitWonCase(input: $input) { wonCase { id } errors { __typename } } }",
            new { input = CaseContent(won) }))["submitWonCase"]!["wonCase"]!["id"]!.GetValue<string>();
        var returned = await reviewer.QueryAsync("mutation($id: ID!) { returnWonCase(input: { id: $id, comment: \"转折点写得太笼统：副总为什么拍板？\" }) { wonCase { status } errors { __typename } } }", new { id = caseId });
        Assert.Equal("RETURNED", returned["returnWonCase"]!["wonCase"]!["status"]!.GetValue<string>());
        Assert.Equal(0, await scenario.PointsOfAsync(rep));
        var resubmitted = await rep.QueryAsync("mutation($id: ID!) { resubmitWonCase(input: { id: $id, turningPoints: \"客户嫌报价比竞品高两成；我们拉上生产副总算停线一小时的损失（约8万元），分期付款化解预算压力，副总当场拍板。\" }) { wonCase { version status } errors { __typename } } }", new { id = caseId });
        Assert.Equal("""{"version":2,"status":"SUBMITTED"}""", resubmitted["resubmitWonCase"]!["wonCase"]!.ToJsonString());
        var approved = await reviewer.QueryAsync("mutation($id: ID!) { approveWonCase(input: { id: $id, comment: \"可以入库\" }) { wonCase { status } errors { __typename } } }", new { id = caseId });
        Assert.Equal("APPROVED", approved["approveWonCase"]!["wonCase"]!["status"]!.GetValue<string>());
        Assert.Equal(50, await scenario.PointsOfAsync(rep));
        owed = Assert.Single(CaseObligationTests.Nodes(await teamLead.QueryAsync(CaseObligationTests.Obligations)));
        Assert.Equal($"FULFILLED {caseId}", $"{owed["status"]} {owed["case"]!["id"]}");

        // A new hire in manufacturing joins the rep's team: the case is on their path, with the industry's practice task.
        var task = (await salesOps.QueryAsync("""
            mutation { createPracticeTask(input: { title: "制造业客户价格异议", industry: "制造业", prompt: "用两分钟视频回应制造业客户的价格异议", maxDurationSeconds: 120,
              rubric: ["先认同再转移到价值", "用停线损失算账"] }) { task { id } } }
            """))["createPracticeTask"]!["task"]!["id"]!.GetValue<string>();
        var hire = await CaseObligationTests.NewRepAsync(scenario, rep, "新人小王", HireEmail, industry: "制造业");
        const string PathQuery = "query($m: ID!) { learningPath(memberId: $m) { industry total studied practiceTotal practiced items { case { id } } practiceTasks { id } } }";
        var path = (await teamLead.QueryAsync(PathQuery, new { m = hire }))["learningPath"]!;
        Assert.Equal($"制造业 1 0 1 0 {caseId} {task}",
            $"{path["industry"]} {path["total"]} {path["studied"]} {path["practiceTotal"]} {path["practiced"]} {path["items"]![0]!["case"]!["id"]} {path["practiceTasks"]![0]!["id"]}");

        // The hire signs in (invited, sets a password), studies the case, records a practice; a reviewer scores it.
        var invited = await admin.QueryAsync("mutation($id: ID!) { inviteMember(input: { memberId: $id }) { errors { __typename ... on UserError { message } } } }", new { id = hire });
        Assert.True(invited["inviteMember"]!["errors"]!.AsArray().Count == 0, invited.ToJsonString());
        var accepted = await _api.CreateAnonymousClient().QueryAsync("mutation($t: String!, $p: String!) { acceptInvitation(input: { token: $t, password: $p }) { errors { __typename ... on UserError { message } } } }",
            new { t = OnboardingEndToEndTests.InvitationToken(_api, HireEmail), p = HirePassword });
        Assert.True(accepted["acceptInvitation"]!["errors"]!.AsArray().Count == 0, accepted.ToJsonString());
        var hireToken = (await new TokenClient(_api).SignInAsync(HireEmail, HirePassword, "sales:read sales:write"))["access_token"]!.GetValue<string>();
        var newHire = _api.CreateGraphQLClient(hireToken);
        await newHire.QueryAsync("mutation($c: ID!) { completeLearningPathItem(input: { caseId: $c }) { errors { __typename } } }", new { c = caseId });
        var request = MultipartRequest.Create("""
            mutation($input: SubmitPracticeInput!) { submitPractice(input: $input) { practice { id durationSeconds } errors { __typename } } }
            """, new { input = new { taskId = task, file = (string?)null } },
            new Dictionary<string, string[]> { ["0"] = ["variables.input.file"] }, [new FilePart("0", RecordingDurationTests.Mp4(0, 1000, 110_000), "practice.mp4", "video/mp4")]);
        var practice = (await newHire.SendAsync(request)).Data!["submitPractice"]!["practice"]!;
        Assert.Equal(110, practice["durationSeconds"]!.GetValue<double>());
        var scored = await reviewer.QueryAsync("mutation($id: ID!) { scorePractice(input: { id: $id, scores: [4, 5] }) { practice { status score } errors { __typename } } }",
            new { id = practice["id"]!.GetValue<string>() });
        Assert.Equal("""{"status":"SCORED","score":4.5}""", scored["scorePractice"]!["practice"]!.ToJsonString());
        path = (await newHire.QueryAsync(PathQuery, new { m = hire }))["learningPath"]!;
        Assert.Equal("1 1 1 1", $"{path["total"]} {path["studied"]} {path["practiceTotal"]} {path["practiced"]}");
        var progress = (await teamLead.QueryAsync("query($t: ID!) { learningProgress(teamId: $t) { members { member { id } studied total practiced practiceTotal } } }",
            new { t = await scenario.TeamIdAsync(rep) }))["learningProgress"]!["members"]!.AsArray().Single(m => m!["member"]!["id"]!.GetValue<string>() == hire)!;
        Assert.Equal("1 1 1 1", $"{progress["studied"]} {progress["total"]} {progress["practiced"]} {progress["practiceTotal"]}");

        // The coach finds the case for the hire's own summary of another customer, with the terms that matched.
        var advice = (await newHire.QueryAsync("query($s: String!) { coach(summary: $s) { cases { case { id } matchedTerms } } }",
            new { s = "今天拜访一家做汽车配件的工厂，采购说我们太贵了，隔壁那家便宜不少，老板还没表态。" }))["coach"]!;
        Assert.Equal(caseId, advice["cases"]![0]!["case"]!["id"]!.GetValue<string>());
        var matched = advice["cases"]![0]!["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("价格疑虑", matched);
        Assert.Contains("竞品对比", matched);

        // The rep redeems the 50 points for a 30-point course; the team lead approves; 20 remain.
        var course = (await salesOps.QueryAsync("mutation { createRewardCatalogItem(input: { name: \"销售谈判课程\", kind: TRAINING_RESOURCE, points: 30 }) { item { id } } }"))
            ["createRewardCatalogItem"]!["item"]!["id"]!.GetValue<string>();
        var redemption = (await rep.QueryAsync(ContributionScenario.Redeem, new { i = course, n = 1 }))["redeemPoints"]!["redemption"]!;
        Assert.Equal("REQUESTED 30", $"{redemption["status"]} {redemption["points"]}");
        var decided = await teamLead.QueryAsync("mutation($id: ID!) { approvePointsRedemption(input: { id: $id }) { redemption { status } errors { __typename } } }",
            new { id = redemption["id"]!.GetValue<string>() });
        Assert.Equal("APPROVED", decided["approvePointsRedemption"]!["redemption"]!["status"]!.GetValue<string>());
        Assert.Equal(20, await scenario.PointsOfAsync(rep));
    }
}
