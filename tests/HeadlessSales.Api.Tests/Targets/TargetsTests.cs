using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>Dual-track targets split down the org tree, attained from real records, calibrated and planned week by week.</summary>
[Collection(ApiCollection.Name)]
public sealed class TargetsTests(ApiFactory api)
{
    private readonly TargetScenario _targets = new(api);

    private static object[] Metrics(int collections, int signed, string followUpGoal = "0.9") =>
    [
        new { kind = "COLLECTIONS", goal = collections.ToString(), weight = 60 },
        new { kind = "SIGNED_CONTRACT_AMOUNT", goal = signed.ToString(), weight = 40 },
        new { kind = "PROCESS_HEALTH", processMetric = "FollowUpRate", goal = followUpGoal, weight = 100, floorPercent = 50 },
    ];

    [Fact]
    public async Task CompanyTarget_IsSplitDownToAWeeklyPlan_AttainedFromContractsAndCollections_AndCalibratedOnce()
    {
        var org = await _targets.RepOrgAsync();
        var company = TargetScenario.IdOf(await _targets.CreateAsync(new { periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(10_000_000, 20_000_000) }));
        var region = TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = company, regionId = org.RegionId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(2_000_000, 4_000_000) }));
        var team = TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = region, teamId = org.TeamId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(500_000, 1_000_000) }));
        var rep = TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = team, memberId = org.RepId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(200_000, 400_000) }));

        // The second rep's share would take the team's collections past its goal: refused, then allowed with a reason.
        var over = await _targets.CreateAsync(new { parentId = team, memberId = org.OtherRepId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(400_000, 500_000) });
        var overridden = await _targets.CreateAsync(new { parentId = team, memberId = org.OtherRepId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(400_000, 500_000), overrideReason = "大客户续约集中在本月" });

        var overError = over["errors"]![0]!;
        Assert.Equal("AllocationExceedsParentError", overError["__typename"]!.GetValue<string>());
        Assert.Equal("COLLECTIONS", overError["metric"]!.GetValue<string>());
        Assert.Equal(600_000m, decimal.Parse(overError["childrenGoal"]!.GetValue<string>()));
        Assert.Equal("大客户续约集中在本月", overridden["target"]!["allocationOverrideReason"]!.GetValue<string>());

        // The rep plans the week with their own account; another rep's account is refused by name.
        var repClient = await api.MemberAsync("rep");
        var repAccount = (await _targets.AccountsOfAsync(org.RepId)).First();
        var otherAccount = (await _targets.AccountsOfAsync(org.OtherRepId)).FirstOrDefault();
        const string CreatePlan = """
            mutation($input: CreateWeeklyPlanInput!) { createWeeklyPlan(input: $input) { plan { id weekStart items { keyAction account { id } } }
              errors { __typename ... on UserError { code } ... on NotTheRepsRecordError { field } } } }
            """;
        var plan = await repClient.QueryAsync(CreatePlan, new { input = new { targetId = rep, weekStart = "2026-11-23", items = new object[]
        {
            new { accountId = repAccount, keyAction = "技术方案评审，拿到客户签字页" },
            new { keyAction = "回款跟进：催收首付款" },
        } } });
        Assert.Empty(plan["createWeeklyPlan"]!["errors"]!.AsArray());
        Assert.Equal(2, plan["createWeeklyPlan"]!["plan"]!["items"]!.AsArray().Count);
        var another = await _targets.Ops.QueryAsync(CreatePlan, new { input = new { targetId = rep, weekStart = "2026-11-30", items = new object[]
        {
            new { accountId = otherAccount ?? repAccount, keyAction = "拜访别人的客户" },
        } } });
        if (otherAccount is not null)
        {
            Assert.Equal("NotTheRepsRecordError", another["createWeeklyPlan"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        }

        // Attainment before and after a signed contract of 100,000 and a collection of 60,000 on the rep's account.
        var before = await _targets.Ops.QueryAsync(TargetScenario.Tree, new { root = company });
        var contractId = await _targets.SignedContractOfAsync(repAccount, "100000");
        var collected = await _targets.Ops.QueryAsync(Contracts.ContractScenario.RecordCollection, new { input = new { contractId, amount = "60000", receivedOn = "2026-11-26" } });
        Assert.Empty(collected["recordCollection"]!["errors"]!.AsArray());
        var after = await _targets.Ops.QueryAsync(TargetScenario.Tree, new { root = company });

        Assert.Equal(["COMPANY", "REGION", "TEAM", "MEMBER", "MEMBER"], after["targetTree"]!.AsArray().Select(n => n!["nodeKind"]!.GetValue<string>()));
        foreach (var id in new[] { company, region, team, rep })
        {
            var grew = TargetScenario.ActualOf(TargetScenario.NodeOf(after, id), "result", "COLLECTIONS")!.Value - (TargetScenario.ActualOf(TargetScenario.NodeOf(before, id), "result", "COLLECTIONS") ?? 0);
            var signed = TargetScenario.ActualOf(TargetScenario.NodeOf(after, id), "result", "SIGNED_CONTRACT_AMOUNT")!.Value - (TargetScenario.ActualOf(TargetScenario.NodeOf(before, id), "result", "SIGNED_CONTRACT_AMOUNT") ?? 0);
            Assert.Equal(60_000, grew, 2);
            Assert.Equal(100_000, signed, 2);
        }

        // What stands behind the team's number: the contract and its customer.
        var behind = await _targets.Ops.QueryAsync("""
            query($id: ID!) { node(id: $id) { ... on SalesTarget { contributingContracts(first: 100) { nodes { id } } contributingAccounts(first: 100) { nodes { id } } } } }
            """, new { id = team });
        Assert.Contains(contractId, behind["node"]!["contributingContracts"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.Contains(repAccount, behind["node"]!["contributingAccounts"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        var repNode = TargetScenario.NodeOf(after, rep);
        var collections = repNode["attainment"]!["result"]!["metrics"]!.AsArray().Single(m => m!["metric"]!["kind"]!.GetValue<string>() == "COLLECTIONS")!;
        var actual = collections["actual"]!.GetValue<double>();
        Assert.Equal(actual / 200_000, collections["attainment"]!.GetValue<double>(), 6);
        Assert.Equal(Math.Min(actual / 200_000, 1.2), collections["credit"]!.GetValue<double>(), 6);
        var score = repNode["attainment"]!["score"]!.GetValue<double>();
        var expected = (repNode["attainment"]!["result"]!["attainment"]!.GetValue<double>() * 70 + repNode["attainment"]!["process"]!["attainment"]!.GetValue<double>() * 30) / 100;
        Assert.Equal(expected, score, 6);
        var teamGap = TargetScenario.NodeOf(after, team)["allocationGaps"]!.AsArray().Single(g => g!["kind"]!.GetValue<string>() == "COLLECTIONS")!;
        Assert.Equal(-100_000m, decimal.Parse(teamGap["gap"]!.GetValue<string>()));

        // Sales ops calibrate the region's follow-up baseline once; the rep hears of it live; the history keeps before and after.
        var bus = api.Services.GetRequiredService<IEventBus>();
        var subscribers = bus.SubscriberCount;
        await using var live = await WebSocketTestClient.ConnectAndInitAsync(api, await new TokenClient(api).MemberTokenAsync("rep"));
        await live.SubscribeAsync("calibrations", "subscription { onTargetCalibrated { reason reasonText before after calibration { id } } }");
        for (var waited = 0; bus.SubscriberCount <= subscribers; waited += 10)
        {
            Assert.True(waited < 5_000, "The subscription did not start.");
            await Task.Delay(10);
        }

        var salesOps = await api.MemberAsync("salesops");
        const string Calibrate = """
            mutation($input: CalibrateProcessBaselineInput!) { calibrateProcessBaseline(input: $input) {
              calibration { id before after reason reasonText effectiveFrom affectedMetrics calibratedBy { email } }
              errors { __typename ... on UserError { code } ... on ClosedPeriodError { periodEnd } } } }
            """;
        var calibrated = await salesOps.QueryAsync(Calibrate, new { input = new
        {
            regionId = org.RegionId, metricKind = "PROCESS_HEALTH", processMetric = "FollowUpRate", goal = "0.8",
            reason = "COMPETITOR_MOVE", reasonText = "竞品降价，跟进周期拉长", effectiveFrom = "2026-11-15",
        } });
        var closed = await salesOps.QueryAsync(Calibrate, new { input = new
        {
            regionId = org.RegionId, metricKind = "PROCESS_HEALTH", processMetric = "FollowUpRate", goal = "0.7",
            reason = "OTHER", reasonText = "补记上月", effectiveFrom = "2026-10-01",
        } });
        var heard = await live.ReceiveAsync();

        var calibration = calibrated["calibrateProcessBaseline"]!["calibration"]!;
        Assert.Equal(0.9m, decimal.Parse(calibration["before"]!.GetValue<string>()));
        Assert.Equal(0.8m, decimal.Parse(calibration["after"]!.GetValue<string>()));
        // The region, team and both reps' targets of November; a later target of the region (another test's) may take it too.
        Assert.True(calibration["affectedMetrics"]!.GetValue<int>() >= 4);
        Assert.Equal("salesops@demo.example.com", calibration["calibratedBy"]!["email"]!.GetValue<string>());
        Assert.Equal("ClosedPeriodError", closed["calibrateProcessBaseline"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal("COMPETITOR_MOVE", heard!["payload"]!["data"]!["onTargetCalibrated"]!["reason"]!.GetValue<string>());
        // The rep reads what changed on the event; the region's history is for those who see the region.
        Assert.Null(heard["payload"]!["data"]!["onTargetCalibrated"]!["calibration"]);
        var history = await salesOps.QueryAsync("query($r: ID!) { targetCalibrations(regionId: $r, first: 10) { nodes { reasonText before after } } }", new { r = org.RegionId });
        Assert.Equal("竞品降价，跟进周期拉长", history["targetCalibrations"]!["nodes"]![0]!["reasonText"]!.GetValue<string>());
        var recalibrated = await _targets.Ops.QueryAsync(TargetScenario.Tree, new { root = company });
        var goal = TargetScenario.NodeOf(recalibrated, rep)["attainment"]!["process"]!["metrics"]![0]!["metric"]!["goal"]!.GetValue<string>();
        Assert.Equal(0.8m, decimal.Parse(goal));
        Assert.Equal(0.9m, decimal.Parse(TargetScenario.NodeOf(recalibrated, company)["attainment"]!["process"]!["metrics"]![0]!["metric"]!["goal"]!.GetValue<string>()));

        // The rep sees their own target, not the team's or the company's; the team's lead sees the team's.
        var asRep = await repClient.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { rep, team, company } });
        Assert.Equal(rep, asRep["nodes"]![0]!["id"]!.GetValue<string>());
        Assert.Null(asRep["nodes"]![1]);
        Assert.Null(asRep["nodes"]![2]);
    }

    [Fact]
    public async Task BadTargets_AreRefusedWithTypedErrors()
    {
        var org = await _targets.RepOrgAsync();
        var weights = await _targets.CreateAsync(new { teamId = org.TeamId, periodKind = "QUARTER", periodStart = "2027-01-01", resultWeight = 60, processWeight = 30, metrics = Metrics(1000, 1000) });
        var metricWeights = await _targets.CreateAsync(new { teamId = org.TeamId, periodKind = "QUARTER", periodStart = "2027-01-01", metrics = new object[]
        {
            new { kind = "COLLECTIONS", goal = "1000", weight = 50 },
            new { kind = "PROCESS_HEALTH", processMetric = "FollowUpRate", goal = "0.9", weight = 100 },
        } });
        var closed = await _targets.CreateAsync(new { teamId = org.TeamId, periodKind = "MONTH", periodStart = "2026-10-01", metrics = Metrics(1000, 1000) });
        var month = TargetScenario.IdOf(await _targets.CreateAsync(new { teamId = org.TeamId, periodKind = "MONTH", periodStart = "2027-02-01", metrics = Metrics(1000, 1000) }));
        var overlapping = await _targets.CreateAsync(new { teamId = org.TeamId, periodKind = "QUARTER", periodStart = "2027-01-01", metrics = Metrics(3000, 3000) });
        var notAQuarter = await _targets.CreateAsync(new { teamId = org.TeamId, periodKind = "QUARTER", periodStart = "2027-02-01", metrics = Metrics(3000, 3000) });
        var asRep = await _targets.CreateAsync(new { memberId = org.RepId, periodKind = "MONTH", periodStart = "2027-03-01", metrics = Metrics(1000, 1000) }, await api.MemberAsync("rep"));

        Assert.Equal(("WeightsNotSummingTo100Error", 90), (weights["errors"]![0]!["__typename"]!.GetValue<string>(), weights["errors"]![0]!["sum"]!.GetValue<int>()));
        Assert.Equal("the result track", metricWeights["errors"]![0]!["track"]!.GetValue<string>());
        Assert.Equal("2026-11-01", closed["errors"]![0]!["periodEnd"]!.GetValue<string>());
        Assert.Equal(month, overlapping["errors"]![0]!["targetId"]!.GetValue<string>());
        Assert.Equal("input.periodStart", notAQuarter["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", asRep["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Null(weights["target"]);
    }

    [Fact]
    public async Task TargetTree_CostsTheSameSqlCommands_WhateverItsSize()
    {
        var org = await _targets.RepOrgAsync();
        var metrics = new object[]
        {
            new { kind = "COLLECTIONS", goal = "1000000", weight = 50 },
            new { kind = "STRATEGIC_SIGNINGS", goal = "3", weight = 50 },
            new { kind = "QUALITY_OPPORTUNITIES", goal = "10", weight = 30 },
            new { kind = "PROPOSAL_PASS_RATE", goal = "0.6", weight = 30 },
            new { kind = "PROCESS_HEALTH", processMetric = "FollowUpRate", goal = "0.9", weight = 20 },
            new { kind = "PROCESS_HEALTH", processMetric = "VideoDemoFrequency", goal = "2", weight = 20 },
        };
        var company = TargetScenario.IdOf(await _targets.CreateAsync(new { periodKind = "MONTH", periodStart = "2027-04-01", metrics, overrideReason = "测试" }));
        var region = TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = company, regionId = org.RegionId, periodKind = "MONTH", periodStart = "2027-04-01", metrics }));
        var team = TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = region, teamId = org.TeamId, periodKind = "MONTH", periodStart = "2027-04-01", metrics, overrideReason = "测试" }));
        TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = team, memberId = org.RepId, periodKind = "MONTH", periodStart = "2027-04-01", metrics, overrideReason = "测试" }));

        var small = await CommandsOfTreeAsync(company);
        TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = team, memberId = org.OtherRepId, periodKind = "MONTH", periodStart = "2027-04-01", metrics, overrideReason = "测试" }));
        var mates = await _targets.Ops.QueryAsync("query($t: ID!) { members(first: 20, where: { teamIds: [$t] }) { nodes { id } } }", new { t = org.TeamId });
        foreach (var mate in mates["members"]!["nodes"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Where(id => id != org.RepId && id != org.OtherRepId))
        {
            TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = team, memberId = mate, periodKind = "MONTH", periodStart = "2027-04-01", metrics, overrideReason = "测试" }));
        }

        // A second team of the region with targets for its reps: process-health figures of reps are no longer read team by team.
        var teams = await _targets.Ops.QueryAsync("query($r: ID!) { teams(first: 20, where: { regionIds: [$r] }) { nodes { id } } }", new { r = org.RegionId });
        var secondTeam = teams["teams"]!["nodes"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).First(id => id != org.TeamId);
        var second = TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = region, teamId = secondTeam, periodKind = "MONTH", periodStart = "2027-04-01", metrics, overrideReason = "测试" }));
        var secondMates = await _targets.Ops.QueryAsync("query($t: ID!) { members(first: 20, where: { teamIds: [$t] }) { nodes { id } } }", new { t = secondTeam });
        foreach (var mate in secondMates["members"]!["nodes"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()))
        {
            TargetScenario.IdOf(await _targets.CreateAsync(new { parentId = second, memberId = mate, periodKind = "MONTH", periodStart = "2027-04-01", metrics, overrideReason = "测试" }));
        }

        var large = await CommandsOfTreeAsync(company);

        Assert.True(large.Nodes > small.Nodes + 3, $"the tree grew from {small.Nodes} to {large.Nodes} nodes");
        Assert.Equal(small.Commands, large.Commands);
    }

    private async Task<(int Nodes, int Commands)> CommandsOfTreeAsync(string root)
    {
        api.Commands.Start();
        var tree = await _targets.Ops.QueryAsync(TargetScenario.Tree, new { root });
        var commands = api.Commands.Stop();
        return (tree["targetTree"]!.AsArray().Count, commands.Count);
    }
}
