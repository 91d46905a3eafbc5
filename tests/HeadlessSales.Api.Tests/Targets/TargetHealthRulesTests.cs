using HeadlessSales.Api.Features.Targets.Diagnosis;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>
/// Each diagnosis rule on a hand-built weekly series, with the finding worked out by hand, and the same series after the
/// rep recovered (the rule no longer holds, which resolves an open finding). Default thresholds unless a test says otherwise.
/// </summary>
public sealed class TargetHealthRulesTests
{
    private static readonly TargetHealthThresholds Defaults = new();

    /// <summary>Friday 2026-11-27 01:30 UTC: the last complete week started on Monday 2026-11-16, this one on 2026-11-23.</summary>
    private static readonly DateTime Now = new(2026, 11, 27, 1, 30, 0, DateTimeKind.Utc);

    private static DateTime Day(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    private static double Figure(Detection detection, string name) => detection.Figures.Single(f => f.Name == name).Value;

    [Fact]
    public void WeekStart_IsTheMondayOfTheWeek()
    {
        Assert.Equal(Day(2026, 11, 23, 0), TargetHealthRules.WeekStart(Now));
        Assert.Equal(Day(2026, 11, 23, 0), TargetHealthRules.WeekStart(Day(2026, 11, 29, 23)));
        Assert.Equal(Day(2026, 11, 30, 0), TargetHealthRules.WeekStart(Day(2026, 11, 30, 0)));
    }

    [Fact]
    public void OpportunitiesOnGoal_WithConversionUnderHalfTheTeamMean_AreFound_AndRecover()
    {
        // Rep 1: 4, 3 and 5 new opportunities in the weeks of 11-02, 11-09 and 11-16 (goal 3 a week), 2 signed of 40 created: 5 %.
        // Teammates: 6 of 20 (30 %) and 4 of 10 (40 %). Team mean (5 + 30 + 40) / 3 = 25 %; half of it 12.5 % > 5 %.
        var rep = new RepFunnel(1, [4, 3, 5], 40, 2, [101, 102, 103]);
        var team = new List<RepFunnel> { rep, new(2, [1, 2, 1], 20, 6, []), new(3, [0, 1, 1], 10, 4, []) };

        var found = TargetHealthRules.OpportunitiesWithoutConversion(rep, team, Defaults, Now);

        Assert.NotNull(found);
        Assert.Equal(TargetHealthRule.OpportunitiesWithoutConversion, found.Rule);
        Assert.Equal((1L, 0L), (found.MemberId, found.SubjectKey));
        Assert.Equal((Day(2026, 11, 2, 0), Day(2026, 11, 23, 0)), (found.WindowFrom, found.WindowTo));
        Assert.Equal([4.0, 3.0, 5.0], new[] { "opportunitiesWeek1", "opportunitiesWeek2", "opportunitiesWeek3" }.Select(name => Figure(found, name)));
        Assert.Equal(0.05, Figure(found, "conversion"), 10);
        Assert.Equal(0.25, Figure(found, "teamMeanConversion"), 10);
        Assert.Equal([101L, 102L, 103L], found.Records.Select(r => r.Id));
        Assert.All(found.Records, r => Assert.Equal("Opportunity", r.Type));
        Assert.Contains("5 %", found.Summary);
        Assert.Contains("25 %", found.Summary);
        Assert.False(string.IsNullOrWhiteSpace(found.Suggestion));

        // Recovery: 8 signed of 40 is 20 %; the mean becomes (20 + 30 + 40) / 3 = 30 %, half of it 15 % — no longer under.
        var recovered = rep with { ContractsSigned = 8 };
        Assert.Null(TargetHealthRules.OpportunitiesWithoutConversion(recovered, [recovered, team[1], team[2]], Defaults, Now));
        // A week under the goal (4, 2, 5) breaks the run of three.
        var offGoal = rep with { WeeklyOpportunities = [4, 2, 5] };
        Assert.Null(TargetHealthRules.OpportunitiesWithoutConversion(offGoal, [offGoal, team[1], team[2]], Defaults, Now));
    }

    [Fact]
    public void TheRepsOwnTarget_SetsTheWeeklyOpportunityGoal()
    {
        // A month's QUALITY_OPPORTUNITIES goal of 20 over 30 days is 20 × 7 / 30 = 4.67, so 5 a week; of 10 it is 2.33, so 3.
        Assert.Equal(5, TargetHealthRules.WeeklyGoalOf(20, 30));
        Assert.Equal(3, TargetHealthRules.WeeklyGoalOf(10, 30));
        Assert.Equal(1, TargetHealthRules.WeeklyGoalOf(0, 30));
        // The same series as above (4, 3, 5; 5 % against a team mean of 25 %): on a goal of 5 a week the rep is not on goal.
        var team = new List<RepFunnel> { new(2, [1, 2, 1], 20, 6, []), new(3, [0, 1, 1], 10, 4, []) };
        var highGoal = new RepFunnel(1, [4, 3, 5], 40, 2, [101, 102, 103], WeeklyGoal: 5);
        Assert.Null(TargetHealthRules.OpportunitiesWithoutConversion(highGoal, [highGoal, .. team], Defaults, Now));
        // On a goal of 2 a week, 2, 2 and 3 are on goal, where the tenant's default of 3 would not count them.
        var lowGoal = new RepFunnel(1, [2, 2, 3], 40, 2, [101, 102], WeeklyGoal: 2);
        Assert.Null(TargetHealthRules.OpportunitiesWithoutConversion(lowGoal with { WeeklyGoal = null }, [lowGoal with { WeeklyGoal = null }, .. team], Defaults, Now));
        var found = TargetHealthRules.OpportunitiesWithoutConversion(lowGoal, [lowGoal, .. team], Defaults, Now);
        Assert.NotNull(found);
        Assert.Equal(2, Figure(found, "weeklyGoal"));
        Assert.Contains("goal 2 a week, from the rep's target", found.Summary);
    }

    [Fact]
    public void SmallContractsOfOneAccount_WithinTheWindow_AreASplit_UntilTheWindowPassesThem()
    {
        // Account 7: 9,000 on 11-03, 12,000 on 11-10 and 10,000 on 11-17 — each under 30,000, 31,000 together, within 30 days of now.
        // Account 8: one contract of 50,000, no split. Rep 2's contract of account 7 is not rep 1's.
        SignedContract[] signed =
        [
            new(11, 1, 7, 9_000m, Day(2026, 11, 3)), new(12, 1, 7, 12_000m, Day(2026, 11, 10)), new(13, 1, 7, 10_000m, Day(2026, 11, 17)),
            new(14, 1, 8, 50_000m, Day(2026, 11, 18)), new(15, 2, 7, 5_000m, Day(2026, 11, 19)),
        ];

        var found = Assert.Single(TargetHealthRules.ContractSplitting(1, signed, Defaults, Now));

        Assert.Equal((TargetHealthRule.ContractSplitting, 1L, 7L), (found.Rule, found.MemberId, found.SubjectKey));
        Assert.Equal([("Account", 7L), ("Contract", 11L), ("Contract", 12L), ("Contract", 13L)], found.Records.Select(r => (r.Type, r.Id)));
        Assert.Equal(3, Figure(found, "contracts"));
        Assert.Equal(31_000, Figure(found, "totalAmount"));
        Assert.Equal(12_000, Figure(found, "largestAmount"));
        Assert.Equal((Now.AddDays(-30), Now), (found.WindowFrom, found.WindowTo));
        Assert.Contains("31,000 CNY together", found.Summary);

        // Ten days on, the 11-03 contract is out of the window: two are left, no split.
        Assert.Empty(TargetHealthRules.ContractSplitting(1, signed, Defaults, Now.AddDays(10)));
        // With the line at 40,000 the three make 31,000 together, under it: not a split either.
        Assert.Empty(TargetHealthRules.ContractSplitting(1, signed, new TargetHealthThresholds { SplitAmountBelow = 40_000m }, Now));
    }

    [Fact]
    public void CollectionsHeldPastTheMonthEnd_AreSlipping_AndRecoverTheNextMonth()
    {
        var december = Day(2026, 12, 9);
        Assert.Equal(new DateOnly(2026, 12, 1), TargetHealthRules.SlipBoundary(december, Defaults));
        // Contracts signed in November; collected 10,000 on 11-28 (before the end), 20,000 on 12-02 and 15,000 on 12-05 (after).
        // A contract signed on 12-03 and collected on 12-04 is December's own business and does not count.
        ReceivedCollection[] collections =
        [
            new(21, 1, 1, 10_000m, new DateOnly(2026, 11, 28), Day(2026, 11, 10)),
            new(22, 2, 1, 20_000m, new DateOnly(2026, 12, 2), Day(2026, 11, 12)),
            new(23, 3, 1, 15_000m, new DateOnly(2026, 12, 5), Day(2026, 11, 20)),
            new(24, 4, 1, 90_000m, new DateOnly(2026, 12, 4), Day(2026, 12, 3)),
        ];

        var found = TargetHealthRules.CollectionsSlipping(1, new DateOnly(2026, 12, 1), collections, Defaults);

        // 35,000 of the 45,000 collected around the end came after it: 7/9.
        Assert.NotNull(found);
        Assert.Equal([22L, 23L], found.Records.Select(r => r.Id));
        Assert.All(found.Records, r => Assert.Equal("PaymentCollection", r.Type));
        Assert.Equal(2, Figure(found, "slippedCollections"));
        Assert.Equal(35_000, Figure(found, "slippedAmount"));
        Assert.Equal(7.0 / 9, Figure(found, "slippedShare"), 10);
        Assert.Equal((Day(2026, 11, 24, 0), Day(2026, 12, 8, 0)), (found.WindowFrom, found.WindowTo));

        // January judges the end of December: 40,000 before it and one collection of 10,000 after it.
        var january = Day(2027, 1, 9);
        Assert.Equal(new DateOnly(2027, 1, 1), TargetHealthRules.SlipBoundary(january, Defaults));
        ReceivedCollection[] onTime =
        [
            new(31, 5, 1, 40_000m, new DateOnly(2026, 12, 28), Day(2026, 12, 10)),
            new(32, 6, 1, 10_000m, new DateOnly(2027, 1, 3), Day(2026, 12, 15)),
        ];
        Assert.Null(TargetHealthRules.CollectionsSlipping(1, new DateOnly(2027, 1, 1), onTime, Defaults));
    }

    [Fact]
    public void StrategicAccountsDropped_WhileSigningsRise_AreFound_AndRecoverWhenCoveredAgain()
    {
        var first = Day(2026, 9, 28, 0);
        CoverageWeek Week(int i, long[] accounts, decimal signed) => new(first.AddDays(7 * i), accounts.ToHashSet(), signed);
        // Earlier four weeks: accounts 1, 2, 3, 4 followed up, 10,000 signed. Recent four weeks: only account 1, 80,000 signed.
        var weeks = new List<CoverageWeek>
        {
            Week(0, [1, 2], 0), Week(1, [3], 10_000), Week(2, [1, 4], 0), Week(3, [], 0),
            Week(4, [1], 50_000), Week(5, [], 0), Week(6, [], 0), Week(7, [], 30_000),
        };

        var found = TargetHealthRules.StrategicCoverageFalling(1, weeks, Defaults);

        // From 4 to 1 is a fall of 75 % (≥ 30 %) while the signed amount rose from 10,000 to 80,000.
        Assert.NotNull(found);
        Assert.Equal([2L, 3L, 4L], found.Records.Select(r => r.Id));
        Assert.Equal((4.0, 1.0), (Figure(found, "strategicAccountsBefore"), Figure(found, "strategicAccountsNow")));
        Assert.Equal((10_000.0, 80_000.0), (Figure(found, "signedAmountBefore"), Figure(found, "signedAmountNow")));
        Assert.Equal((first, first.AddDays(56)), (found.WindowFrom, found.WindowTo));

        // Recovery: accounts 2 and 3 followed up again in week 6 — three of four, a fall of 25 %.
        weeks[6] = Week(6, [2, 3], 0);
        Assert.Null(TargetHealthRules.StrategicCoverageFalling(1, weeks, Defaults));
    }

    [Fact]
    public void SigningsBunchedIntoTheLastWeek_AreAMonthEndSpike_AndRecoverTheNextMonth()
    {
        Assert.Equal(new DateOnly(2026, 11, 1), TargetHealthRules.SpikeMonth(Day(2026, 12, 3)));
        // November: signings on 11-05 and 11-12, then 11-24, 11-25, 11-28 and 11-30 in its last seven days (from 11-24): 4 of 6.
        SignedContract[] november =
        [
            new(41, 1, 1, 1m, Day(2026, 11, 5)), new(42, 1, 2, 1m, Day(2026, 11, 12)), new(43, 1, 3, 1m, Day(2026, 11, 24, 0)),
            new(44, 1, 4, 1m, Day(2026, 11, 25)), new(45, 1, 5, 1m, Day(2026, 11, 28)), new(46, 1, 6, 1m, Day(2026, 11, 30, 23)),
            new(47, 1, 7, 1m, Day(2026, 11, 23, 23)),
        ];

        var found = TargetHealthRules.MonthEndSpike(1, new DateOnly(2026, 11, 1), november, Defaults);

        Assert.NotNull(found);
        Assert.Equal([43L, 44L, 45L, 46L], found.Records.Select(r => r.Id));
        Assert.Equal((4.0, 7.0), (Figure(found, "signingsInLastWeek"), Figure(found, "signingsInMonth")));
        Assert.Equal(4.0 / 7, Figure(found, "lastWeekShare"), 10);

        // December: 12-02, 12-09, 12-16, then two in the last week (from 12-25): under the three a spike needs.
        SignedContract[] december =
        [
            new(51, 1, 1, 1m, Day(2026, 12, 2)), new(52, 1, 2, 1m, Day(2026, 12, 9)), new(53, 1, 3, 1m, Day(2026, 12, 16)),
            new(54, 1, 4, 1m, Day(2026, 12, 28)), new(55, 1, 5, 1m, Day(2026, 12, 30)),
        ];
        Assert.Null(TargetHealthRules.MonthEndSpike(1, new DateOnly(2026, 12, 1), december, Defaults));
    }
}
