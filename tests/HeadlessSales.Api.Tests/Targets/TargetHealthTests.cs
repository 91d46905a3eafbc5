namespace HeadlessSales.Api.Tests.Targets;

/// <summary>Target-health findings through the public API: raised once per episode, seen by the rep's manager chain, resolved on recovery.</summary>
public sealed class TargetHealthTests(TargetHealthFixture api) : IClassFixture<TargetHealthFixture>
{
    [Fact]
    public async Task ContractSplitting_IsRaisedOnce_SeenByTheRepAndTheirLead_NotATeammate_AndResolvedWhenTheWindowPassesIt()
    {
        // Three contracts of one account, each under 30,000 CNY and 31,500 together, signed 20, 10 and 2 days ago; and a
        // large one of another account, which is no split.
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var split = await api.AccountOfAsync(api.RepAId, "拆单客户");
        var other = await api.AccountOfAsync(api.RepAId, "正常客户");
        var contracts = new List<string>();
        foreach (var (amount, daysAgo) in new[] { ("9500", 20), ("12000", 10), ("10000", 2) })
        {
            contracts.Add((await api.SignedContractAsync(split, amount, now.AddDays(-daysAgo))).ContractId);
        }

        await api.SignedContractAsync(other, "80000", now.AddDays(-5));

        await api.RunScheduledDiagnosisAsync();
        await api.RunScheduledDiagnosisAsync();
        await api.DiagnosisAfterEventsAsync();

        var lead = await api.SignedInAsync(TargetHealthFixture.LeadLogin);
        var asLead = TargetHealthFixture.NodesOf(await lead.QueryAsync(TargetHealthFixture.Findings, new { where = new { teamIds = new[] { api.TeamId }, rules = new[] { "CONTRACT_SPLITTING" } } }));
        var finding = Assert.Single(asLead)!;
        Assert.True(finding["open"]!.GetValue<bool>());
        Assert.Equal(api.RepAId, finding["member"]!["id"]!.GetValue<string>());
        Assert.Equal([split, .. contracts], finding["evidence"]!.AsArray().Select(e => e!["recordId"]!.GetValue<string>()));
        Assert.Equal(31_500, finding["figures"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "totalAmount")!["value"]!.GetValue<double>());
        Assert.Equal("3 contracts of one account signed within 30 days, each under 30,000 CNY and 31,500 CNY together.", finding["summary"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(finding["suggestion"]!.GetValue<string>()));

        // The rep sees their own; a teammate sees neither the list entry nor the node, exactly as for a finding that does not exist.
        var id = finding["id"]!.GetValue<string>();
        var repA = await api.SignedInAsync(TargetHealthFixture.RepALogin);
        var repB = await api.SignedInAsync(TargetHealthFixture.RepBLogin);
        Assert.Single(TargetHealthFixture.NodesOf(await repA.QueryAsync(TargetHealthFixture.Findings, new { where = new { rules = new[] { "CONTRACT_SPLITTING" } } })));
        Assert.Empty(TargetHealthFixture.NodesOf(await repB.QueryAsync(TargetHealthFixture.Findings, new { where = new { rules = new[] { "CONTRACT_SPLITTING" } } })));
        var seen = await repB.QueryAsync("query($a: ID!) { node(id: $a) { id } }", new { a = id });
        Assert.Null(seen["node"]);

        // Nineteen days on, the first contract has left the 30-day window: two small ones are no split, so the finding resolves.
        api.Clock.Advance(TimeSpan.FromDays(19));
        await api.RunScheduledDiagnosisAsync();
        var resolved = TargetHealthFixture.NodesOf(await lead.QueryAsync(TargetHealthFixture.Findings, new { where = new { memberIds = new[] { api.RepAId }, rules = new[] { "CONTRACT_SPLITTING" } } }));
        Assert.False(Assert.Single(resolved)!["open"]!.GetValue<bool>());
        Assert.NotNull(resolved[0]!["resolvedAt"]);
        Assert.Empty(TargetHealthFixture.NodesOf(await lead.QueryAsync(TargetHealthFixture.Findings, new { where = new { open = true, memberIds = new[] { api.RepAId } } })));
    }

    [Fact]
    public async Task Thresholds_AreSetBySalesOpsOnly_AndChecked()
    {
        const string Update = """
            mutation($input: UpdateTargetHealthThresholdsInput!) { updateTargetHealthThresholds(input: $input) {
              thresholds { spikeMinSignings slipShare splitAmountBelow consecutiveWeeks }
              errors { __typename ... on UserError { code } ... on ValidationError { field } } } }
            """;
        var rep = await api.SignedInAsync(TargetHealthFixture.RepALogin);
        var salesOps = await api.MemberAsync("salesops");

        var refused = (await rep.QueryAsync(Update, new { input = new { spikeMinSignings = 4 } }))["updateTargetHealthThresholds"]!;
        var invalid = (await salesOps.QueryAsync(Update, new { input = new { slipShare = 1.5, consecutiveWeeks = 0 } }))["updateTargetHealthThresholds"]!;
        var updated = (await salesOps.QueryAsync(Update, new { input = new { spikeMinSignings = 4, slipShare = 0.6 } }))["updateTargetHealthThresholds"]!;
        var read = await rep.QueryAsync("{ targetHealthThresholds { spikeMinSignings slipShare splitAmountBelow splitMinContracts } }");

        Assert.Equal("INVALID_STATE", refused["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(["input.consecutiveWeeks", "input.slipShare"], invalid["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order());
        Assert.Empty(updated["errors"]!.AsArray());
        Assert.Equal(4, read["targetHealthThresholds"]!["spikeMinSignings"]!.GetValue<int>());
        Assert.Equal(0.6, read["targetHealthThresholds"]!["slipShare"]!.GetValue<double>());
        Assert.Equal(30_000m, decimal.Parse(read["targetHealthThresholds"]!["splitAmountBelow"]!.GetValue<string>()));
        Assert.Equal(3, read["targetHealthThresholds"]!["splitMinContracts"]!.GetValue<int>());
    }
}
