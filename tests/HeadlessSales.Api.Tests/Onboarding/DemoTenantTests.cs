using System.Diagnostics;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>
/// A fresh start as a new user has it: the demo tenant with its eight weeks of process history up to the clock
/// (2026-11-27 01:30 UTC, a Friday). The tests fire due timers themselves after moving the clock.
/// </summary>
public class DemoTenantFixture : ApiFactory, IAsyncLifetime
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:ProcessHistory"] = "true",
        ["DurableTimers:PollInterval"] = "00:00:00",
        // The alert test moves the clock past the default half hour.
        ["Identity:AccessTokenLifetime"] = "10.00:00:00",
    };

    /// <summary>From the first use of the host to its answer: migrations, the demo tenant and its history, the token server.</summary>
    public TimeSpan FirstStart { get; private set; }

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();

    /// <summary>Another first start than the kit's clock, set before the host starts.</summary>
    protected virtual DateTimeOffset? StartsAt => null;

    public async Task InitializeAsync()
    {
        if (StartsAt is { } startsAt)
        {
            Clock.SetUtcNow(startsAt);
        }

        var started = Stopwatch.StartNew();
        await CreateGraphQLClient().QueryAsync("{ tenant { name } }");
        FirstStart = started.Elapsed;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>A first start on a Tuesday afternoon in Shanghai, with half of that day's work already done.</summary>
public sealed class TuesdayDemoTenantFixture : DemoTenantFixture
{
    protected override DateTimeOffset? StartsAt => new DateTimeOffset(2026, 12, 8, 7, 40, 0, TimeSpan.Zero);
}

public sealed class DemoTenantTests(DemoTenantFixture api, ITestOutputHelper output) : IClassFixture<DemoTenantFixture>
{
    private static readonly object LastFourWeeks = new { from = "2026-10-30T01:30:00Z", to = "2026-11-27T01:30:00Z" };

    [Fact]
    public async Task FreshStart_DashboardBoardAndAttributionReportAreNotEmpty()
    {
        output.WriteLine($"First start (migrations, demo tenant with history, first token): {api.FirstStart.TotalSeconds:F1} s");
        var client = api.CreateGraphQLClient();

        var dashboard = await client.QueryAsync("""
            query($period: PeriodInput!) { processHealth(period: $period, scope: { tenant: true }) { metrics { metric value status total } } }
            """, new { period = LastFourWeeks });
        var metrics = dashboard["processHealth"]!["metrics"]!.AsArray();
        output.WriteLine(metrics.ToJsonString());
        Assert.Equal(6, metrics.Count);
        Assert.All(metrics, m => Assert.NotNull(m!["value"]));
        Assert.All(metrics, m => Assert.NotEqual("NO_DATA", m!["status"]!.GetValue<string>()));

        var teams = await client.QueryAsync("{ teams(first: 20) { nodes { id name } } }");
        var team = teams["teams"]!["nodes"]!.AsArray().First(t => t!["name"]!.GetValue<string>() == "华东一组")!["id"]!.GetValue<string>();
        var board = await client.QueryAsync("""
            query($team: ID!) { managerBoard(teamId: $team) { recentFollowUps(first: 5) { totalCount nodes { occurredAt tags { code } } } overdueFollowUps(first: 5) { totalCount } } }
            """, new { team });
        output.WriteLine(board.ToJsonString());
        Assert.True(board["managerBoard"]!["recentFollowUps"]!["totalCount"]!.GetValue<int>() > 0);
        // The newest follow-up is from the last day before the clock: the history runs up to today.
        var newest = DateTime.Parse(board["managerBoard"]!["recentFollowUps"]!["nodes"]![0]!["occurredAt"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(newest, new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 27, 1, 30, 0, DateTimeKind.Utc));
        Assert.True(board["managerBoard"]!["overdueFollowUps"]!["totalCount"]!.GetValue<int>() > 0);

        var report = await client.QueryAsync("""
            mutation($period: PeriodInput!) { generateAttributionReport(input: { period: $period, scope: { tenant: true } }) {
              attributionReport { status rankedRepCount topReps { name } bottomReps { name } topConversionRate bottomConversionRate findings { code } }
              errors { __typename } } }
            """, new { period = LastFourWeeks });
        var attribution = report["generateAttributionReport"]!["attributionReport"]!;
        output.WriteLine(attribution.ToJsonString());
        Assert.Equal("COMPLETED", attribution["status"]!.GetValue<string>());
        // Every rep had twelve leads in the four weeks (Monday, Wednesday, Friday): all 48 are ranked, 20 % in each group.
        Assert.Equal(48, attribution["rankedRepCount"]!.GetValue<int>());
        Assert.Equal(9, attribution["topReps"]!.AsArray().Count);
        Assert.True(attribution["topConversionRate"]!.GetValue<double>() > attribution["bottomConversionRate"]!.GetValue<double>());
        Assert.NotEmpty(attribution["findings"]!.AsArray());
    }

    [Fact]
    public async Task FreshStart_PipelineIsGatedAndHasDealsInEveryStageWithContractsAndCollections()
    {
        var client = api.CreateGraphQLClient();
        var pipeline = await client.QueryAsync("{ pipelines(first: 1) { nodes { stages { code requiredDocumentKinds } } } }");
        var stages = pipeline["pipelines"]!["nodes"]![0]!["stages"]!.AsArray();
        Assert.Equal(["REQUIREMENT_CONFIRMATION", "COMPETITOR_ANALYSIS"], stages.Single(s => s!["code"]!.GetValue<string>() == "QUOTATION")!["requiredDocumentKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        foreach (var code in stages.Select(s => s!["code"]!.GetValue<string>()))
        {
            var count = await client.QueryAsync("query($code: String!) { opportunities(first: 1, where: { stageCodes: [$code] }) { totalCount } }", new { code });
            Assert.True(count["opportunities"]!["totalCount"]!.GetValue<int>() > 0, $"No opportunity in {code}");
        }

        var contracts = await client.QueryAsync("""
            { signed: contracts(first: 100, where: { signatureStatuses: [SIGNED] }) { totalCount nodes { collected { amount } collections { amount { amount } } } }
              pending: contracts(first: 1, where: { signatureStatuses: [PENDING] }) { totalCount } }
            """);
        Assert.True(contracts["signed"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.True(contracts["pending"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.Contains(contracts["signed"]!["nodes"]!.AsArray(), c => c!["collections"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task FreshStart_ANewLeadIsAssignedByItsTeamsRuleAndItsScriptNamesTheOwner()
    {
        var client = api.CreateGraphQLClient();
        var rules = await client.QueryAsync("{ assignmentRules(first: 100) { totalCount nodes { team { name } } } }");
        // One per team and a last one for the rest.
        Assert.Equal(13, rules["assignmentRules"]!["totalCount"]!.GetValue<int>());

        var created = await client.QueryAsync("""
            mutation { createLead(input: { name: "试用客户", company: "苏州试用光能有限公司", phone: "13900001111", industry: NEW_ENERGY, province: "江苏", source: WEBSITE, productInterests: ["PV-INVERTER"] }) {
              lead { status owner { name team { name } } firstCallScript { text } } errors { __typename } } }
            """);
        var lead = created["createLead"]!["lead"]!;
        output.WriteLine(lead.ToJsonString());
        var owner = lead["owner"]!["name"]!.GetValue<string>();
        // 江苏 is 华东; NEW_ENERGY is the first industry of three, so 华东一组's rule takes it.
        Assert.Equal("华东一组", lead["owner"]!["team"]!["name"]!.GetValue<string>());
        Assert.Contains($"我是{owner}", lead["firstCallScript"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public Task FirstAlertEvaluation_RaisesTheSixDesignedProblemsOnly() => AssertFirstAlertsAsync(api, output);

    /// <summary>The first evaluation, one hour after the start, raises the six alerts the history was designed to show.</summary>
    internal static async Task AssertFirstAlertsAsync(DemoTenantFixture api, ITestOutputHelper output)
    {
        api.Clock.Advance(TimeSpan.FromHours(1));
        await api.Timers.RunDueTimersAsync();
        var alerts = await api.CreateGraphQLClient().QueryAsync("""
            { healthAlerts(first: 50, where: { open: true }) { totalCount nodes { metric scopeKind value team { name } region { name } } } }
            """);
        output.WriteLine(alerts.ToJsonString());
        var raised = alerts["healthAlerts"]!["nodes"]!.AsArray()
            .Select(a => $"{a!["metric"]} {a["scopeKind"]} {(a["scopeKind"]!.GetValue<string>() == "TEAM" ? a["team"]!["name"] : a["region"]!["name"])}")
            .Order().ToList();
        // Worked out from DemoProcessHistory.Problems over the week before the evaluation (an hour after the start):
        // 华东二组 answers two leads in three late (team 1/3, region 7/9 < 0.85; tenant ≈ 0.94 ≥ 0.90);
        // 华南二组 ran no video demo (team 0; region 2 per rep-week from the other teams × 2/3 = 1.33);
        // 华北二组 tagged every other follow-up descriptively (team ≈ 0.5; region ≈ 0.83);
        // 西南二组 first followed new leads and opportunities on day five (team 0; region ≈ 0.7 < 0.85; tenant ≈ 0.95).
        Assert.Equal(
            [
                "FOLLOW_UP_RATE REGION 西南大区",
                "FOLLOW_UP_RATE TEAM 西南二组",
                "RESPONSE_RATE REGION 华东大区",
                "RESPONSE_RATE TEAM 华东二组",
                "TAG_COVERAGE TEAM 华北二组",
                "VIDEO_DEMO_FREQUENCY TEAM 华南二组",
            ],
            raised);
        Assert.InRange(raised.Count, 3, 8);
    }
}

/// <summary>The alerts do not depend on the day the demo is seeded: the metric events come on weekly slots.</summary>
public sealed class TuesdayDemoTenantTests(TuesdayDemoTenantFixture api, ITestOutputHelper output) : IClassFixture<TuesdayDemoTenantFixture>
{
    [Fact]
    public Task FirstAlertEvaluation_OnATuesdayAfternoon_RaisesTheSameSix() => DemoTenantTests.AssertFirstAlertsAsync(api, output);
}
