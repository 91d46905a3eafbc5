using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>
/// The four metrics beyond the lead SOP, each on the hand-built data set of <see cref="ProcessMetricsFixture"/>, whose
/// comment lists every row; the expected values are worked out below from that list.
/// </summary>
public sealed class ProcessMetricsTests(ProcessMetricsFixture api) : IClassFixture<ProcessMetricsFixture>
{
    private const string Health = """
        query($scope: ProcessHealthScopeInput!, $period: PeriodInput!) {
          processHealth(scope: $scope, period: $period) {
            metrics {
              metric value unit direction total met threshold warningLimit warningBelow thresholdScope status previousValue
              lowestContributors { member { id } team { id } value total met }
              stages { stage { code } stays meanDays medianDays }
            }
          }
        }
        """;

    private const string UpdateSettings = """
        mutation($input: UpdateProcessHealthSettingsInput!) {
          updateProcessHealthSettings(input: $input) {
            settings { followUpRateTarget followUpWindowDays rateWarningBand requiredTagCodes stageDwellTargetDays videoDemoTarget lowestContributors }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on UnknownCodeError { field value } }
          }
        }
        """;

    private const string SetThreshold = """
        mutation($input: SetHealthThresholdInput!) {
          setHealthThreshold(input: $input) {
            threshold { metric scopeKind member { id } team { id } region { id } target warningBand }
            errors { __typename ... on UserError { code message } }
          }
        }
        """;

    private const string RemoveThreshold = """
        mutation($input: RemoveHealthThresholdInput!) {
          removeHealthThreshold(input: $input) { threshold { metric scopeKind } errors { __typename ... on UserError { code } } }
        }
        """;

    private static readonly object Week = new { from = "2020-06-01T00:00:00Z", to = "2020-06-08T00:00:00Z" };

    private object Team1 => new { teamId = GlobalId.Encode("Team", api.Team1) };

    private object Region => new { regionId = GlobalId.Encode("Region", api.RegionId) };

    private static object MemberScope(long id) => new { memberId = GlobalId.Encode("Member", id) };

    private static string Member(long id) => GlobalId.Encode("Member", id);

    private async Task<JsonNode> MetricAsync(object scope, string metric, object? period = null)
    {
        var data = await api.CreateGraphQLClient().QueryAsync(Health, new { scope, period = period ?? Week });
        return data["processHealth"]!["metrics"]!.AsArray().Single(m => m!["metric"]!.GetValue<string>() == metric)!;
    }

    private static double Value(JsonNode metric, string field = "value") => metric[field]!.GetValue<double>();

    private static int Int(JsonNode metric, string field) => metric[field]!.GetValue<int>();

    private static string Text(JsonNode metric, string field) => metric[field]!.GetValue<string>();

    private static List<string> ContributorIds(JsonNode metric, string kind) =>
        metric["lowestContributors"]!.AsArray().Select(c => c![kind]!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task FollowUpRate_CountsNewLeadsAndOpportunities_FollowedUpWithinThreeDays()
    {
        var team = await MetricAsync(Team1, "FOLLOW_UP_RATE");

        // T1's cases created in the week: FL1 met (2 days), FL2 missed (3 days and 1 minute), FL3 missed (never),
        // FL4 met (by A before it was reassigned; it counts for B, its owner now), FO1 met, FO2 missed. FL5 belongs to the
        // previous week, FL6 to the next. 3 of 6 = 0.5, below 0.9 − 0.05: breached. Previous week: FL5 alone, met: 1.
        Assert.Equal((6, 3, 0.5, "RATIO", "HIGHER_IS_BETTER", "BREACHED", 1.0),
            (Int(team, "total"), Int(team, "met"), Value(team), Text(team, "unit"), Text(team, "direction"), Text(team, "status"), Value(team, "previousValue")));
        // By owner: A has FL1 met, FL2 and FO2 missed (1/3); B has FL3 missed, FL4 and FO1 met (2/3). A pulls it down most.
        Assert.Equal([Member(api.RepA), Member(api.RepB)], ContributorIds(team, "member"));
        Assert.Equal((3, 1), (Int(team["lowestContributors"]![0]!, "total"), Int(team["lowestContributors"]![0]!, "met")));

        // The region adds T2's FL7, met: 4 of 7; by team, only T1 (0.5) is below the target.
        var region = await MetricAsync(Region, "FOLLOW_UP_RATE");
        Assert.Equal((7, 4), (Int(region, "total"), Int(region, "met")));
        Assert.Equal([GlobalId.Encode("Team", api.Team1)], ContributorIds(region, "team"));
    }

    [Fact]
    public async Task FollowUpRate_LeavesACaseOut_UntilItsWindowCloses_AndDemoFrequencyCountsOnlyTheElapsedWeeks()
    {
        // Rep C, week [2026-11-23, 2026-11-30), "now" 2026-11-27 01:30. UL2 (due 11-26 10:00, never followed up) missed;
        // UL3 followed up 11-26 12:00, met; UL1 due 11-27 01:45 and not followed up: undecided, left out. 1 of 2.
        var week = new { from = "2026-11-23T00:00:00Z", to = "2026-11-30T00:00:00Z" };
        var before = await MetricAsync(MemberScope(api.RepC), "FOLLOW_UP_RATE", week);
        Assert.Equal((2, 1), (Int(before, "total"), Int(before, "met")));
        // One video demo (UL3's follow-up) in the 4 days 1.5 hours elapsed: 1 / (4.0625 / 7) = 1.72308 per rep per week.
        Assert.Equal(7 / 4.0625, Value(await MetricAsync(MemberScope(api.RepC), "VIDEO_DEMO_FREQUENCY", week)), 9);

        // At 01:45 UL1's window has closed without a follow-up: now missed, 1 of 3; the demo is spread over 15 more minutes.
        api.Clock.Advance(ProcessMetricsFixture.November2026(27, 1, 45) - api.Clock.GetUtcNow().UtcDateTime);
        var after = await MetricAsync(MemberScope(api.RepC), "FOLLOW_UP_RATE", week);
        Assert.Equal((3, 1), (Int(after, "total"), Int(after, "met")));
        Assert.Equal(7 / (4.0625 + 15 / 1440.0), Value(await MetricAsync(MemberScope(api.RepC), "VIDEO_DEMO_FREQUENCY", week)), 9);
    }

    [Fact]
    public async Task StageDwell_GivesMedianAndMeanPerStage_OfTheStaysThatEndedInThePeriod()
    {
        var team = await MetricAsync(Team1, "STAGE_DWELL");

        // T1's stays that ended in the week: 需求确认 DO1 13, DO2 12, DO3 8.25 days; 方案报价 DO1 3.5, DO2 1 day.
        // Left out: DO2's 商务谈判 (ends 06-09), the stays still running, DO4's 20 days (ended 05-30).
        // All five sorted: 1, 3.5, 8.25, 12, 13: median 8.25, within the 14-day target: OK. Previous week: DO4's 20.
        Assert.Equal((5, 8.25, "DAYS", "LOWER_IS_BETTER", "OK", 20.0, 14.0, 21.0),
            (Int(team, "total"), Value(team), Text(team, "unit"), Text(team, "direction"), Text(team, "status"), Value(team, "previousValue"),
                Value(team, "threshold"), Value(team, "warningLimit")));
        Assert.Null(team["met"]);
        Assert.Null(team["warningBelow"]);
        var stages = team["stages"]!.AsArray().ToDictionary(s => s!["stage"]!["code"]!.GetValue<string>(), s => s!);
        // 需求确认: mean (13 + 12 + 8.25) / 3 = 11.0833, median 12. 方案报价: mean (3.5 + 1) / 2 = 2.25, median (1 + 3.5) / 2 = 2.25.
        Assert.Equal((3, 33.25 / 3, 12.0), (Int(stages["REQUIREMENT_CONFIRMATION"], "stays"), Value(stages["REQUIREMENT_CONFIRMATION"], "meanDays"), Value(stages["REQUIREMENT_CONFIRMATION"], "medianDays")));
        Assert.Equal((2, 2.25, 2.25), (Int(stages["QUOTATION"], "stays"), Value(stages["QUOTATION"], "meanDays"), Value(stages["QUOTATION"], "medianDays")));
        Assert.Equal(2, stages.Count);
        Assert.Empty(team["lowestContributors"]!.AsArray());

        // The region adds DO5's 19 days: 1, 3.5, 8.25, 12, 13, 19, an even count: median (8.25 + 12) / 2 = 10.125.
        var region = await MetricAsync(Region, "STAGE_DWELL");
        Assert.Equal((6, 10.125), (Int(region, "total"), Value(region)));
        // Rep A alone: 13, 3.5, 8.25: median 8.25.
        Assert.Equal(8.25, Value(await MetricAsync(MemberScope(api.RepA), "STAGE_DWELL")), 9);
    }

    [Fact]
    public async Task TagCoverage_CountsStepTagsByDefault_AndTheTenantsChoiceOnceTuned()
    {
        var team = await MetricAsync(Team1, "TAG_COVERAGE");

        // T1's follow-ups in the week: a1 ✓, a2 ✗ (价格疑虑 only), a3 ✓, a4 ✓, a6 ✓, a7 ✗ (竞品对比 only), a8 ✓, a10 ✓, a12 ✗, a13 ✓
        // (made by D, who has since left: a follow-up is counted where it was made). 7 of 10 = 0.7 < 0.75: breached.
        // Previous week: a11 ✓, 1 of 1. By member: A 5 of 7, B 1 of 2, D 1 of 1: B then A below 0.8.
        Assert.Equal((10, 7, 0.7, "BREACHED", 1.0), (Int(team, "total"), Int(team, "met"), Value(team), Text(team, "status"), Value(team, "previousValue")));
        Assert.Equal([Member(api.RepB), Member(api.RepA)], ContributorIds(team, "member"));

        var client = api.CreateGraphQLClient();
        try
        {
            var tuned = await client.QueryAsync(UpdateSettings, new { input = new { requiredTagCodes = new[] { "price_concern" } } });
            Assert.Equal("PRICE_CONCERN", tuned["updateProcessHealthSettings"]!["settings"]!["requiredTagCodes"]![0]!.GetValue<string>());
            // Only 价格疑虑 counts now: a2, a3, a6, a12: 4 of 10.
            var retuned = await MetricAsync(Team1, "TAG_COVERAGE");
            Assert.Equal((10, 4), (Int(retuned, "total"), Int(retuned, "met")));
        }
        finally
        {
            await client.QueryAsync(UpdateSettings, new { input = new { requiredTagCodes = Array.Empty<string>() } });
        }

        Assert.Equal(7, Int(await MetricAsync(Team1, "TAG_COVERAGE"), "met"));
    }

    [Fact]
    public async Task VideoDemoFrequency_IsDemosPerActiveRepPerWeek()
    {
        var team = await MetricAsync(Team1, "VIDEO_DEMO_FREQUENCY");

        // T1's active reps A and B: A gave a6 and a8, B a4 and a7 (a9 is next week's); D has left, so neither D nor D's a13
        // counts. 4 demos / (2 reps × 1 week) = 2.0, above the target 1.0: OK. Previous week: B's a11: 1 / 2 = 0.5.
        Assert.Equal((4, 2.0, "PER_REP_PER_WEEK", "HIGHER_IS_BETTER", "OK", 0.5),
            (Int(team, "total"), Value(team), Text(team, "unit"), Text(team, "direction"), Text(team, "status"), Value(team, "previousValue")));
        Assert.Empty(team["lowestContributors"]!.AsArray());

        // The region adds T2's rep C, who gave none (a5 was a call): 4 / 3 = 1.3333; T2 (0 per rep) pulls it down.
        var region = await MetricAsync(Region, "VIDEO_DEMO_FREQUENCY");
        Assert.Equal(4 / 3.0, Value(region), 9);
        Assert.Equal([GlobalId.Encode("Team", api.Team2)], ContributorIds(region, "team"));
        Assert.Equal((0.0, 1), (Value(region["lowestContributors"]![0]!), Int(region["lowestContributors"]![0]!, "total")));

        // Asked about D alone, D counts: 1 demo in 1 week.
        Assert.Equal(1.0, Value(await MetricAsync(MemberScope(api.RepD), "VIDEO_DEMO_FREQUENCY")));
    }

    [Fact]
    public async Task NoActivity_GivesNullNotZero_ForEveryNewMetric()
    {
        // January 2018 in region R: no lead, opportunity, stay or follow-up, and no rep hired yet (A–D joined 2019-01-01).
        var data = await api.CreateGraphQLClient().QueryAsync(Health,
            new { scope = Region, period = new { from = "2018-01-01T00:00:00Z", to = "2018-02-01T00:00:00Z" } });
        foreach (var metric in data["processHealth"]!["metrics"]!.AsArray())
        {
            Assert.Null(metric!["value"]);
            Assert.Equal((0, "NO_DATA"), (Int(metric, "total"), Text(metric, "status")));
            Assert.Empty(metric["lowestContributors"]!.AsArray());
            Assert.Empty(metric["stages"]!.AsArray());
        }
    }

    [Fact]
    public async Task Thresholds_TheMostSpecificScopeWins()
    {
        var client = api.CreateGraphQLClient();
        var teamScope = Team1;
        try
        {
            // T1's dwell target 7 days, band 1: the median 8.25 is past 8, breached; A's mean 8.25 is above 7, B's 6.5 is not.
            var set = await client.QueryAsync(SetThreshold, new { input = new { metric = "STAGE_DWELL", scope = teamScope, target = 7.0, warningBand = 1.0 } });
            Assert.Equal(("TEAM", 7.0, 1.0), (Text(set["setHealthThreshold"]!["threshold"]!, "scopeKind"), Value(set["setHealthThreshold"]!["threshold"]!, "target"),
                Value(set["setHealthThreshold"]!["threshold"]!, "warningBand")));
            var team = await MetricAsync(Team1, "STAGE_DWELL");
            Assert.Equal(("BREACHED", "TEAM", 7.0, 8.0), (Text(team, "status"), Text(team, "thresholdScope"), Value(team, "threshold"), Value(team, "warningLimit")));
            Assert.Equal([Member(api.RepA)], ContributorIds(team, "member"));
            // Rep A has none of their own: the team's applies to them (their median is 8.25 too).
            Assert.Equal(("BREACHED", "TEAM"), (Text(await MetricAsync(MemberScope(api.RepA), "STAGE_DWELL"), "status"), Text(await MetricAsync(MemberScope(api.RepA), "STAGE_DWELL"), "thresholdScope")));

            // A's own 10 days beats the team's; the band left out is the tenant's dwell band, 7 days.
            var own = await client.QueryAsync(SetThreshold, new { input = new { metric = "STAGE_DWELL", scope = MemberScope(api.RepA), target = 10.0 } });
            Assert.Equal(7.0, Value(own["setHealthThreshold"]!["threshold"]!, "warningBand"));
            var member = await MetricAsync(MemberScope(api.RepA), "STAGE_DWELL");
            Assert.Equal(("OK", "MEMBER", 10.0), (Text(member, "status"), Text(member, "thresholdScope"), Value(member, "threshold")));

            // The region's follow-up target 0.5 applies to T1, which has none: 0.5 is OK against it.
            await client.QueryAsync(SetThreshold, new { input = new { metric = "FOLLOW_UP_RATE", scope = Region, target = 0.5, warningBand = 0.1 } });
            var followUp = await MetricAsync(Team1, "FOLLOW_UP_RATE");
            Assert.Equal(("OK", "REGION", 0.5, 0.4), (Text(followUp, "status"), Text(followUp, "thresholdScope"), Value(followUp, "threshold"), Math.Round(Value(followUp, "warningLimit"), 9)));

            var listed = await client.QueryAsync("{ healthThresholds { totalCount nodes { metric scopeKind } } }");
            Assert.Equal(3, listed["healthThresholds"]!["totalCount"]!.GetValue<int>());
            var onlyDwell = await client.QueryAsync("{ healthThresholds(metric: STAGE_DWELL) { totalCount } }");
            Assert.Equal(2, onlyDwell["healthThresholds"]!["totalCount"]!.GetValue<int>());

            // Without the team's, T1 is judged by the tenant's 14 days again.
            var removed = await client.QueryAsync(RemoveThreshold, new { input = new { metric = "STAGE_DWELL", scope = teamScope } });
            Assert.Equal("TEAM", Text(removed["removeHealthThreshold"]!["threshold"]!, "scopeKind"));
            var again = await MetricAsync(Team1, "STAGE_DWELL");
            Assert.Equal(("OK", "TENANT", 14.0), (Text(again, "status"), Text(again, "thresholdScope"), Value(again, "threshold")));
            var twice = await client.QueryAsync(RemoveThreshold, new { input = new { metric = "STAGE_DWELL", scope = teamScope } });
            Assert.Equal("VALIDATION_FAILED", Text(twice["removeHealthThreshold"]!["errors"]![0]!, "code"));
        }
        finally
        {
            await client.QueryAsync(RemoveThreshold, new { input = new { metric = "STAGE_DWELL", scope = teamScope } });
            await client.QueryAsync(RemoveThreshold, new { input = new { metric = "STAGE_DWELL", scope = MemberScope(api.RepA) } });
            await client.QueryAsync(RemoveThreshold, new { input = new { metric = "FOLLOW_UP_RATE", scope = Region } });
        }
    }

    [Fact]
    public async Task UpdateSettings_KeepsWhatIsLeftOut_AndRefusesBadValuesWithTypedErrors()
    {
        var client = api.CreateGraphQLClient();
        try
        {
            var before = (await client.QueryAsync("{ processHealthSettings { followUpRateTarget followUpWindowDays stageDwellTargetDays videoDemoTarget } }"))["processHealthSettings"]!;
            Assert.Equal((0.9, 3, 14.0, 1.0), (Value(before, "followUpRateTarget"), Int(before, "followUpWindowDays"), Value(before, "stageDwellTargetDays"), Value(before, "videoDemoTarget")));

            // A 7-day window: FL2 (followed up after 3 days and a minute) is now met; FL3 and FO2 never were: 4 of 6.
            var wider = await client.QueryAsync(UpdateSettings, new { input = new { followUpWindowDays = 7 } });
            var settings = wider["updateProcessHealthSettings"]!["settings"]!;
            Assert.Equal((7, 0.9, 14.0, 3), (Int(settings, "followUpWindowDays"), Value(settings, "followUpRateTarget"), Value(settings, "stageDwellTargetDays"), Int(settings, "lowestContributors")));
            var team = await MetricAsync(Team1, "FOLLOW_UP_RATE");
            Assert.Equal((6, 4), (Int(team, "total"), Int(team, "met")));

            var bad = await client.QueryAsync(UpdateSettings, new { input = new { followUpRateTarget = 1.5, followUpWindowDays = 0, stageDwellWarningDays = -1.0, requiredTagCodes = new[] { "NOPE" }, videoDemoTarget = 2.0 } });
            var errors = bad["updateProcessHealthSettings"]!["errors"]!.AsArray();
            Assert.Null(bad["updateProcessHealthSettings"]!["settings"]);
            Assert.Equal(
                ["UnknownCodeError:input.requiredTagCodes", "ValidationError:input.followUpRateTarget", "ValidationError:input.followUpWindowDays", "ValidationError:input.stageDwellWarningDays"],
                errors.Select(e => e!["__typename"]!.GetValue<string>() + ":" + e["field"]!.GetValue<string>()).Order().ToList());
            // Nothing was stored, not even the valid video target.
            var after = (await client.QueryAsync("{ processHealthSettings { followUpWindowDays videoDemoTarget followUpRateTarget } }"))["processHealthSettings"]!;
            Assert.Equal((7, 1.0, 0.9), (Int(after, "followUpWindowDays"), Value(after, "videoDemoTarget"), Value(after, "followUpRateTarget")));
        }
        finally
        {
            await client.QueryAsync(UpdateSettings, new { input = new { followUpWindowDays = 3 } });
        }
    }

    [Fact]
    public async Task SetThreshold_BadInput_IsTypedData()
    {
        var client = api.CreateGraphQLClient();
        async Task<string> ErrorOf(object input) =>
            (await client.QueryAsync(SetThreshold, new { input }))["setHealthThreshold"]!["errors"]![0]!["__typename"]!.GetValue<string>();

        Assert.Equal("ValidationError", await ErrorOf(new { metric = "FOLLOW_UP_RATE", scope = Team1, target = 1.5 }));
        Assert.Equal("ValidationError", await ErrorOf(new { metric = "STAGE_DWELL", scope = Team1, target = 0.0 }));
        Assert.Equal("ValidationError", await ErrorOf(new { metric = "STAGE_DWELL", scope = new { tenant = true }, target = 3.0 }));
        Assert.Equal("ValidationError", await ErrorOf(new { metric = "STAGE_DWELL", scope = new { teamId = GlobalId.Encode("Team", api.Team1), memberId = Member(api.RepA) }, target = 3.0 }));
        Assert.Equal("NotFoundError", await ErrorOf(new { metric = "STAGE_DWELL", scope = new { teamId = GlobalId.Encode("Team", 987654) }, target = 3.0 }));
        Assert.Equal("NotFoundError", await ErrorOf(new { metric = "STAGE_DWELL", scope = new { teamId = "garbage" }, target = 3.0 }));
        var none = await client.QueryAsync("{ healthThresholds { totalCount } }");
        Assert.Equal(0, none["healthThresholds"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Tuning_NeedsTheOrgAdminScope_AndAConfiguringRole()
    {
        var tokens = new TokenClient(api);
        var teamLead = api.CreateGraphQLClient(await tokens.MemberTokenAsync("teamlead", "sales:read sales:write org:admin"));
        var refused = await teamLead.PostAsync(UpdateSettings, new { input = new { followUpWindowDays = 5 } });
        Assert.Equal("FORBIDDEN", refused.FirstErrorCode);
        var threshold = await teamLead.PostAsync(SetThreshold, new { input = new { metric = "STAGE_DWELL", scope = Team1, target = 3.0 } });
        Assert.Equal("FORBIDDEN", threshold.FirstErrorCode);

        // As for the lead routing settings: org:admin, which only admins (and integrations granted it) can hold.
        var admin = api.CreateGraphQLClient(await tokens.MemberTokenAsync("admin", "sales:read org:admin"));
        var allowed = await admin.QueryAsync(UpdateSettings, new { input = new { lowestContributors = 5 } });
        Assert.Equal(5, Int(allowed["updateProcessHealthSettings"]!["settings"]!, "lowestContributors"));
        await admin.QueryAsync(UpdateSettings, new { input = new { lowestContributors = 3 } });
    }
}
