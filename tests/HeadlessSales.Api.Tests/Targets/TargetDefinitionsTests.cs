using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>The configurable definitions behind the metrics (the strategic list, quality opportunities) and plan items being done.</summary>
[Collection(ApiCollection.Name)]
public sealed class TargetDefinitionsTests(ApiFactory api)
{
    private readonly TargetScenario _targets = new(api);

    [Fact]
    public async Task StrategicSignings_CountOnlyListedAccounts_QualityFollowsTheSettings_AndAPlanItemIsDoneOnce()
    {
        // A third rep of the demo rep's team: the other tests give the first two November targets of their own.
        var org = await _targets.RepOrgAsync();
        var mates = await _targets.Ops.QueryAsync("query($t: ID!) { members(first: 20, where: { teamIds: [$t], roles: [REP] }) { nodes { id } } }", new { t = org.TeamId });
        var rep = mates["members"]!["nodes"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).First(id => id != org.RepId && id != org.OtherRepId);
        var accounts = await _targets.AccountsOfAsync(rep);
        var (strategic, ordinary) = (accounts[0], accounts[1]);
        var target = TargetScenario.IdOf(await _targets.CreateAsync(new
        {
            memberId = rep, periodKind = "MONTH", periodStart = "2026-11-01",
            metrics = new object[]
            {
                new { kind = "STRATEGIC_SIGNINGS", goal = "2", weight = 100 },
                new { kind = "QUALITY_OPPORTUNITIES", goal = "4", weight = 100 },
            },
        }));
        const string Actuals = """
            query($id: ID!) { node(id: $id) { ... on SalesTarget { attainment { result { metrics { actual } } process { metrics { actual } } } weeklyPlans { items { doneAt } } } } }
            """;
        var before = (await _targets.Ops.QueryAsync(Actuals, new { id = target }))["node"]!["attainment"]!;

        var listed = await _targets.Ops.QueryAsync("""
            mutation($a: ID!) { setStrategicAccount(input: { accountId: $a, strategic: true }) { account { id } errors { __typename } } }
            """, new { a = strategic });
        // A rep may not keep the list, not even for their own account.
        var byRep = await (await api.MemberAsync("rep")).QueryAsync("""
            mutation($a: ID!) { setStrategicAccount(input: { accountId: $a, strategic: true }) { account { id } errors { __typename ... on UserError { code } } } }
            """, new { a = (await _targets.AccountsOfAsync(org.RepId))[0] });
        await _targets.SignedContractOfAsync(strategic, "80000");
        await _targets.SignedContractOfAsync(ordinary, "80000");
        var settings = await _targets.Ops.QueryAsync("""
            mutation { updateTargetSettings(input: { qualityOpportunityMinAmount: "70000", qualityOpportunityMinProbability: 0 }) { settings { qualityOpportunityMinAmount } errors { __typename } } }
            """);
        var after = (await _targets.Ops.QueryAsync(Actuals, new { id = target }))["node"]!["attainment"]!;

        Assert.Equal(strategic, listed["setStrategicAccount"]!["account"]!["id"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", byRep["setStrategicAccount"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(70000m, decimal.Parse(settings["updateTargetSettings"]!["settings"]!["qualityOpportunityMinAmount"]!.GetValue<string>()));
        double Actual(System.Text.Json.Nodes.JsonNode attainment, string track) => attainment[track]!["metrics"]![0]!["actual"]?.GetValue<double>() ?? 0;
        Assert.Equal(1, Actual(after, "result") - Actual(before, "result"));
        // Both opportunities of 80,000 are quality now: created this month, above the (lowered) bar.
        Assert.True(Actual(after, "process") - Actual(before, "process") >= 2);

        var plan = await _targets.Ops.QueryAsync("""
            mutation($t: ID!) { createWeeklyPlan(input: { targetId: $t, weekStart: "2026-11-16", items: [{ keyAction: "准备技术方案评审" }] }) { plan { id items { id } } errors { __typename } } }
            """, new { t = target });
        var planId = plan["createWeeklyPlan"]!["plan"]!["id"]!.GetValue<string>();
        var itemId = plan["createWeeklyPlan"]!["plan"]!["items"]![0]!["id"]!.GetValue<string>();
        const string Complete = "mutation($p: ID!, $i: ID!) { completeWeeklyPlanItem(input: { planId: $p, itemId: $i }) { plan { items { doneAt } } errors { __typename } } }";
        var done = await _targets.Ops.QueryAsync(Complete, new { p = planId, i = itemId });
        var again = await _targets.Ops.QueryAsync(Complete, new { p = planId, i = itemId });

        Assert.NotNull(done["completeWeeklyPlanItem"]!["plan"]!["items"]![0]!["doneAt"]);
        Assert.Equal(done["completeWeeklyPlanItem"]!["plan"]!["items"]![0]!["doneAt"]!.GetValue<string>(), again["completeWeeklyPlanItem"]!["plan"]!["items"]![0]!["doneAt"]!.GetValue<string>());
    }
}
