namespace HeadlessSales.Api.Tests.Targets;

/// <summary>Open target-health findings on the target tree's nodes, through the public API, on a host of their own.</summary>
public sealed class TargetTreeFindingsTests(TargetHealthFixture api) : IClassFixture<TargetHealthFixture>
{
    private const string Tree = """
        query($root: ID!) { targetTree(rootId: $root) { id nodeKind member { id } openFindings { rule open member { id } } } }
        """;

    [Fact]
    public async Task AContractSplit_IsShownOnTheRepsNodeAndTheTeams_NotOnTheTeammates_AndOnlyToThoseWhoSeeTheRep()
    {
        // November's team target, allocated to both reps; then rep A signs three contracts of one account, each under 30,000
        // CNY and 31,500 together, within 30 days: one split.
        var targets = new TargetScenario(api);
        object[] Metrics(int collections, int opportunities) =>
        [
            new { kind = "COLLECTIONS", goal = collections.ToString(), weight = 100 },
            new { kind = "QUALITY_OPPORTUNITIES", goal = opportunities.ToString(), weight = 100 },
        ];
        var team = TargetScenario.IdOf(await targets.CreateAsync(new { teamId = api.TeamId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(100_000, 10) }));
        var repATarget = TargetScenario.IdOf(await targets.CreateAsync(new { parentId = team, memberId = api.RepAId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(50_000, 5) }));
        var repBTarget = TargetScenario.IdOf(await targets.CreateAsync(new { parentId = team, memberId = api.RepBId, periodKind = "MONTH", periodStart = "2026-11-01", metrics = Metrics(50_000, 5) }));
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var split = await api.AccountOfAsync(api.RepAId, "树上拆单客户");
        foreach (var (amount, daysAgo) in new[] { ("9500", 20), ("12000", 10), ("10000", 2) })
        {
            await api.SignedContractAsync(split, amount, now.AddDays(-daysAgo));
        }

        await api.RunScheduledDiagnosisAsync();

        // The lead sees the whole tree: the split on the team's node and rep A's, none on rep B's.
        var lead = await api.SignedInAsync(TargetHealthFixture.LeadLogin);
        var tree = (await lead.QueryAsync(Tree, new { root = team }))["targetTree"]!.AsArray();
        string[] RulesOn(string id) => [.. tree.Single(n => n!["id"]!.GetValue<string>() == id)!["openFindings"]!.AsArray().Select(f => f!["rule"]!.GetValue<string>())];
        Assert.Equal(3, tree.Count);
        Assert.Equal(["CONTRACT_SPLITTING"], RulesOn(team));
        Assert.Equal(["CONTRACT_SPLITTING"], RulesOn(repATarget));
        Assert.Empty(RulesOn(repBTarget));
        var onTeam = tree.Single(n => n!["id"]!.GetValue<string>() == team)!["openFindings"]![0]!;
        Assert.Equal((api.RepAId, true), (onTeam["member"]!["id"]!.GetValue<string>(), onTeam["open"]!.GetValue<bool>()));

        // Rep B sees only their own node (the team's is the lead's), with nothing on it; rep A sees their own finding.
        var repB = await api.SignedInAsync(TargetHealthFixture.RepBLogin);
        Assert.Empty((await repB.QueryAsync(Tree, new { root = team }))["targetTree"]!.AsArray());
        var ownB = Assert.Single((await repB.QueryAsync(Tree, new { root = repBTarget }))["targetTree"]!.AsArray())!;
        Assert.Empty(ownB["openFindings"]!.AsArray());
        var repA = await api.SignedInAsync(TargetHealthFixture.RepALogin);
        var ownA = Assert.Single((await repA.QueryAsync(Tree, new { root = repATarget }))["targetTree"]!.AsArray())!;
        Assert.Equal("CONTRACT_SPLITTING", Assert.Single(ownA["openFindings"]!.AsArray())!["rule"]!.GetValue<string>());
    }
}
