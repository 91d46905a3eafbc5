using System.Text.Json.Nodes;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Contracts;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>Issue 18's "done when", in one test through the public API, on a team of its own (<see cref="TargetHealthFixture"/>).</summary>
public sealed class TargetsDoneWhenTests(TargetHealthFixture api) : IClassFixture<TargetHealthFixture>
{
    private static object[] Metrics(int collections, int signed) =>
    [
        new { kind = "COLLECTIONS", goal = collections.ToString(), weight = 60, capPercent = 120, floorPercent = 0 },
        new { kind = "SIGNED_CONTRACT_AMOUNT", goal = signed.ToString(), weight = 40, capPercent = 120, floorPercent = 0 },
        new { kind = "PROCESS_HEALTH", processMetric = "TagCoverage", goal = "0.9", weight = 100, capPercent = 120, floorPercent = 0 },
    ];

    private static JsonNode Metric(JsonNode node, string track, string kind) =>
        node["attainment"]![track]!["metrics"]!.AsArray().Single(m => m!["metric"]!["kind"]!.GetValue<string>() == kind)!;

    [Fact]
    public async Task CompanyTarget_SplitToWeeklyPlans_CalibratedOnce_PartlyAttained_RewardedOnce_AndASplitReachesTheTeamLeadLive()
    {
        // Friday 4 December 2026; the target month is December.
        api.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
        var ops = api.Ops;
        var targets = new TargetScenario(api);

        // 1. Split down: company → region → team → both reps, then a weekly plan of rep A naming an account, an opportunity and key actions.
        var company = TargetScenario.IdOf(await targets.CreateAsync(new { periodKind = "MONTH", periodStart = "2026-12-01", metrics = Metrics(5_000_000, 10_000_000) }));
        var region = TargetScenario.IdOf(await targets.CreateAsync(new { parentId = company, regionId = api.RegionId, periodKind = "MONTH", periodStart = "2026-12-01", metrics = Metrics(500_000, 1_000_000) }));
        var team = TargetScenario.IdOf(await targets.CreateAsync(new { parentId = region, teamId = api.TeamId, periodKind = "MONTH", periodStart = "2026-12-01", metrics = Metrics(300_000, 600_000) }));
        var repA = TargetScenario.IdOf(await targets.CreateAsync(new { parentId = team, memberId = api.RepAId, periodKind = "MONTH", periodStart = "2026-12-01", metrics = Metrics(150_000, 300_000) }));
        TargetScenario.IdOf(await targets.CreateAsync(new { parentId = team, memberId = api.RepBId, periodKind = "MONTH", periodStart = "2026-12-01", metrics = Metrics(100_000, 200_000) }));

        var main = await api.AccountOfAsync(api.RepAId, "主力客户");
        var (mainOpportunity, mainContract) = await api.SignedContractAsync(main, "200000", new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc));
        var repClient = await api.SignedInAsync(TargetHealthFixture.RepALogin);
        var plan = await repClient.QueryAsync("""
            mutation($input: CreateWeeklyPlanInput!) { createWeeklyPlan(input: $input) { plan { weekStart items { keyAction account { id } opportunity { id } } } errors { __typename } } }
            """, new { input = new { targetId = repA, weekStart = "2026-12-07", items = new object[]
        {
            new { accountId = main, opportunityId = mainOpportunity, keyAction = "技术方案评审，拿到客户签字页" },
            new { accountId = main, keyAction = "回款跟进：催收第二笔款" },
        } } });
        Assert.Empty(plan["createWeeklyPlan"]!["errors"]!.AsArray());
        Assert.Equal(2, plan["createWeeklyPlan"]!["plan"]!["items"]!.AsArray().Count);

        // 2. Calibrated once, with a reason: the region's tag-coverage baseline from 0.9 to 0.8; the region, the team and both reps take it.
        var salesOps = await api.MemberAsync("salesops");
        var calibrated = (await salesOps.QueryAsync("""
            mutation($input: CalibrateProcessBaselineInput!) { calibrateProcessBaseline(input: $input) {
              calibration { before after reason reasonText affectedMetrics } errors { __typename } } }
            """, new { input = new
        {
            regionId = api.RegionId, metricKind = "PROCESS_HEALTH", processMetric = "TagCoverage", goal = "0.8",
            reason = "MARKET", reasonText = "行业淡季，拜访减少", effectiveFrom = "2026-12-04",
        } }))["calibrateProcessBaseline"]!;
        Assert.Empty(calibrated["errors"]!.AsArray());
        Assert.Equal((0.9m, 0.8m, 4), (decimal.Parse(calibrated["calibration"]!["before"]!.GetValue<string>()),
            decimal.Parse(calibrated["calibration"]!["after"]!.GetValue<string>()), calibrated["calibration"]!["affectedMetrics"]!.GetValue<int>()));

        // 3. Partly attained from real records: 80,000 collected of the 200,000 contract, and one follow-up carrying a required tag.
        var admin = await api.MemberAsync("admin", "sales:read sales:write org:admin");
        var tags = await ops.QueryAsync("{ activityTags(first: 1) { nodes { code } } }");
        var tag = tags["activityTags"]!["nodes"]![0]!["code"]!.GetValue<string>();
        var settings = await admin.QueryAsync("mutation($t: [String!]) { updateProcessHealthSettings(input: { requiredTagCodes: $t }) { errors { __typename } } }", new { t = new[] { tag } });
        Assert.Empty(settings["updateProcessHealthSettings"]!["errors"]!.AsArray());
        var collected = await ops.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId = mainContract, amount = "80000", receivedOn = "2026-12-03" } });
        Assert.Empty(collected["recordCollection"]!["errors"]!.AsArray());
        var followUp = await repClient.QueryAsync("""
            mutation($input: LogActivityInput!) { logActivity(input: $input) { activity { id } errors { __typename ... on UserError { message } } } }
            """, new { input = new { subjectId = mainOpportunity, kind = "VISIT", occurredAt = "2026-12-03T09:00:00Z", tagCodes = new[] { tag }, notes = "现场技术交流" } });
        Assert.Empty(followUp["logActivity"]!["errors"]!.AsArray());

        var tree = await ops.QueryAsync(TargetScenario.Tree, new { root = company });
        var repNode = TargetScenario.NodeOf(tree, repA);
        // Collections 80,000 / 150,000; signed 200,000 / 300,000; tag coverage 1 of 1 against the calibrated 0.8 = 125 %, capped at 120 %.
        Assert.Equal(80_000, Metric(repNode, "result", "COLLECTIONS")["actual"]!.GetValue<double>(), 2);
        Assert.Equal(200_000, Metric(repNode, "result", "SIGNED_CONTRACT_AMOUNT")["actual"]!.GetValue<double>(), 2);
        Assert.Equal(1.0, Metric(repNode, "process", "PROCESS_HEALTH")["actual"]!.GetValue<double>(), 6);
        Assert.Equal(0.8m, decimal.Parse(Metric(repNode, "process", "PROCESS_HEALTH")["metric"]!["goal"]!.GetValue<string>()));
        Assert.Equal(1.2, Metric(repNode, "process", "PROCESS_HEALTH")["credit"]!.GetValue<double>(), 6);
        // Result track (80/150 × 60 + 200/300 × 40) / 100 = 0.32 + 0.26667; score 0.58667 × 0.7 + 1.2 × 0.3 = 0.77067.
        var resultTrack = (80_000.0 / 150_000 * 60 + 200_000.0 / 300_000 * 40) / 100;
        Assert.Equal(resultTrack, repNode["attainment"]!["result"]!["attainment"]!.GetValue<double>(), 6);
        Assert.Equal(resultTrack * 0.7 + 1.2 * 0.3, repNode["attainment"]!["score"]!.GetValue<double>(), 6);
        foreach (var node in new[] { team, region })
        {
            Assert.Equal(80_000, Metric(TargetScenario.NodeOf(tree, node), "result", "COLLECTIONS")["actual"]!.GetValue<double>(), 2);
        }

        Assert.True(Metric(TargetScenario.NodeOf(tree, company), "result", "COLLECTIONS")["actual"]!.GetValue<double>() >= 80_000);

        // 4. A milestone rewarded exactly once: the technical-proposal review with the customer's signed confirmation pays 500 CNY.
        var rule = await ops.QueryAsync("""
            mutation($input: CreateMilestoneRewardRuleInput!) { createMilestoneRewardRule(input: $input) { rule { id } errors { __typename } } }
            """, new { input = new { name = "技术方案评审完成", requiredDocumentKinds = new[] { "SOLUTION_PROPOSAL", "REQUIREMENT_CONFIRMATION" }, amount = new { amount = "500", currency = "CNY" } } });
        var ruleId = rule["createMilestoneRewardRule"]!["rule"]!["id"]!.GetValue<string>();
        await MultipartRequest.UploadPdfAsync(ops, mainOpportunity, "SOLUTION_PROPOSAL", null);
        await MultipartRequest.UploadPdfAsync(ops, mainOpportunity, "REQUIREMENT_CONFIRMATION", "2026-12-02");
        const string Claim = """
            mutation($o: ID!, $r: ID!) { claimMilestoneReward(input: { opportunityId: $o, ruleId: $r }) { entry { id amount { amount } } errors { __typename ... on UserError { code } } } }
            """;
        var paid = (await repClient.QueryAsync(Claim, new { o = mainOpportunity, r = ruleId }))["claimMilestoneReward"]!;
        var twice = (await ops.QueryAsync(Claim, new { o = mainOpportunity, r = ruleId }))["claimMilestoneReward"]!;
        Assert.Empty(paid["errors"]!.AsArray());
        Assert.Equal("DUPLICATE", twice["errors"]![0]!["code"]!.GetValue<string>());
        var ledger = await repClient.QueryAsync("query($m: ID!) { incentiveLedger(memberId: $m) { balance { amount } entries { id } } }", new { m = api.RepAId });
        Assert.Equal(500m, decimal.Parse(ledger["incentiveLedger"]!["balance"]!["amount"]!.GetValue<string>()));
        Assert.Single(ledger["incentiveLedger"]!["entries"]!.AsArray());

        // 5. The team lead watches live; rep A then signs three small contracts of one account within two weeks.
        var bus = api.Services.GetRequiredService<IEventBus>();
        var subscribers = bus.SubscriberCount;
        await using var live = await WebSocketTestClient.ConnectAndInitAsync(api, await new TokenClient(api).MemberTokenAsync(TargetHealthFixture.LeadLogin));
        await live.SubscribeAsync("health", """
            subscription($team: ID) { onTargetHealthAlert(teamId: $team) { change rule memberId
              finding { member { id } summary suggestion evidence { type recordId } figures { name value } } } }
            """, new { team = api.TeamId });
        for (var waited = 0; bus.SubscriberCount <= subscribers; waited += 10)
        {
            Assert.True(waited < 5_000, "The subscription did not start.");
            await Task.Delay(10);
        }

        var splitAccount = await api.AccountOfAsync(api.RepAId, "拆单客户");
        var pieces = new List<string>();
        foreach (var (amount, signedOn) in new[] { ("9500", new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc)), ("12000", new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc)), ("10000", new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc)) })
        {
            pieces.Add((await api.SignedContractAsync(splitAccount, amount, signedOn)).ContractId);
        }

        await api.DiagnosisAfterEventsAsync();
        var heard = (await live.ReceiveAsync())!["payload"]!["data"]!["onTargetHealthAlert"]!;

        Assert.Equal(("RAISED", "CONTRACT_SPLITTING", api.RepAId), (heard["change"]!.GetValue<string>(), heard["rule"]!.GetValue<string>(), heard["memberId"]!.GetValue<string>()));
        Assert.Equal([splitAccount, .. pieces], heard["finding"]!["evidence"]!.AsArray().Select(e => e!["recordId"]!.GetValue<string>()));
        Assert.Equal(31_500, heard["finding"]!["figures"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "totalAmount")!["value"]!.GetValue<double>());
        Assert.Contains("31,500 CNY together", heard["finding"]!["summary"]!.GetValue<string>());

        // Raised once: the scheduled diagnosis finds the same episode open and adds nothing.
        await api.RunScheduledDiagnosisAsync();
        var lead = await api.SignedInAsync(TargetHealthFixture.LeadLogin);
        var open = await lead.QueryAsync(TargetHealthFixture.Findings, new { where = new { open = true, memberIds = new[] { api.RepAId } } });
        Assert.Equal(["CONTRACT_SPLITTING"], TargetHealthFixture.NodesOf(open).Select(f => f!["rule"]!.GetValue<string>()));
    }
}
