using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// The capability radar of a hand-built team in 2027 Q2 (a quarter the demo's records do not reach): the demo rep and
/// two new colleagues log follow-ups through the API, and the figures are worked out here.
/// </summary>
public sealed class CapabilityRadarTests : IAsyncLifetime
{
    private const string Radar = """
        query($m: ID!) { capabilityRadar(memberId: $m, year: 2027, quarter: 2) {
          scores { dimension value percentile teamMedian teamCount } weakest courses { title dimension } cases { id } practiceTasks { title } } }
        """;

    private const string Log = """
        mutation($input: LogActivityInput!) { logActivity(input: $input) { errors { __typename ... on UserError { message } } } }
        """;

    private readonly TimedApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Each_dimension_is_placed_against_the_team_and_the_two_weakest_recommend_training()
    {
        var scenario = new ContributionScenario(_api);
        var rep = await _api.MemberAsync("rep");
        var teamLead = await _api.MemberAsync("teamlead");
        var salesOps = await _api.MemberAsync("salesops");
        var integration = _api.CreateGraphQLClient();
        var repId = await scenario.MemberIdAsync(rep);
        await integration.QueryAsync("mutation($id: ID!) { updateMember(input: { id: $id, industry: \"制造业\" }) { errors { __typename } } }", new { id = repId });
        var caseId = await scenario.ApprovedCaseOfAsync(rep);
        await salesOps.QueryAsync("""mutation { createPracticeTask(input: { title: "制造业跟进演练", industry: "制造业", prompt: "演练按时跟进", maxDurationSeconds: 120, rubric: ["按时"] }) { errors { __typename } } }""");
        await salesOps.QueryAsync("""mutation { createTrainingCourse(input: { title: "跟进节奏训练营", dimension: FOLLOW_UP_DISCIPLINE, link: "https://learn.example.com/follow-up" }) { course { title } errors { __typename } } }""");
        await salesOps.QueryAsync("""mutation { createTrainingCourse(input: { title: "视频演示实战", dimension: DEMO_FREQUENCY }) { errors { __typename } } }""");
        await salesOps.QueryAsync("""mutation { createTrainingCourse(input: { title: "回款管理", dimension: COLLECTION_CYCLE }) { errors { __typename } } }""");
        var byRep = await rep.QueryAsync("""mutation { createTrainingCourse(input: { title: "自己定的", dimension: DEMO_FREQUENCY }) { errors { __typename } } }""");
        Assert.Equal("InvalidStateError", byRep["createTrainingCourse"]!["errors"]![0]!["__typename"]!.GetValue<string>());

        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 6, 30, 12, 0, 0, TimeSpan.Zero));
        var tag = await integration.QueryAsync("""mutation { createActivityTag(input: { code: "RADAR_TEST", nameZh: "雷达测试", nameEn: "radar test" }) { errors { __typename } } }""");
        Assert.Empty(tag["createActivityTag"]!["errors"]!.AsArray());
        var a = await CaseObligationTests.NewRepAsync(scenario, rep, "同事甲", "jia@example.com");
        var b = await CaseObligationTests.NewRepAsync(scenario, rep, "同事乙", "yi@example.com");
        var accountOfRep = await AccountOfAsync(integration, repId, "雷达客户一");
        var accountOfA = await AccountOfAsync(integration, a, "雷达客户二");
        var accountOfB = await AccountOfAsync(integration, b, "雷达客户三");

        // The rep: a call on 2 April whose next step is due on 5 April, followed up only on 10 April (late), and one demo.
        await LogAsync(integration, repId, accountOfRep, "CALL", "2027-04-02T02:00:00Z", nextStepDueOn: "2027-04-05");
        await LogAsync(integration, repId, accountOfRep, "CALL", "2027-04-10T02:00:00Z");
        await LogAsync(integration, repId, await AccountOfAsync(integration, repId, "雷达客户四"), "VIDEO_DEMO", "2027-05-06T02:00:00Z");
        // A: a call due to be followed up by 5 April, followed up on 4 April (on time), and three demos.
        await LogAsync(integration, a, accountOfA, "CALL", "2027-04-03T02:00:00Z", nextStepDueOn: "2027-04-05");
        await LogAsync(integration, a, accountOfA, "VIDEO_DEMO", "2027-04-04T02:00:00Z");
        await LogAsync(integration, a, accountOfA, "VIDEO_DEMO", "2027-05-04T02:00:00Z");
        await LogAsync(integration, a, accountOfA, "VIDEO_DEMO", "2027-06-04T02:00:00Z");
        // B: two demos, no next step; and one demo in Q3, outside the quarter.
        await LogAsync(integration, b, accountOfB, "VIDEO_DEMO", "2027-04-20T02:00:00Z");
        await LogAsync(integration, b, accountOfB, "VIDEO_DEMO", "2027-05-20T02:00:00Z");
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 7, 2, 12, 0, 0, TimeSpan.Zero));
        await LogAsync(integration, b, accountOfB, "VIDEO_DEMO", "2027-07-01T02:00:00Z");

        var radar = (await teamLead.QueryAsync(Radar, new { m = repId }))["capabilityRadar"]!;
        var scores = radar["scores"]!.AsArray().ToDictionary(s => s!["dimension"]!.GetValue<string>(), s => s!);
        // Q2 2027 is 91 days, 13 weeks. Demos per week: the rep 1/13, A 3/13, B 2/13 (the July demo is outside): the rep
        // beats neither colleague (0th percentile); the team's median is 2/13.
        Assert.Equal((1 / 13d, 0d, 2 / 13d, 3), Figures(scores["DEMO_FREQUENCY"]));
        // Follow-ups with a next step followed up by its due day: the rep 0 of 1, A 1 of 1, B has none (no value):
        // 0th percentile against A alone; the median of {0, 1} is 0.5.
        Assert.Equal((0d, 0d, 0.5, 2), Figures(scores["FOLLOW_UP_DISCIPLINE"]));
        // No proposal, contract or stage move in the quarter: no value, no place.
        foreach (var none in new[] { "NEED_DISCOVERY_ACCURACY", "PROPOSAL_RESPONSE_SPEED", "COLLECTION_CYCLE", "STAGE_CONVERSION" })
        {
            Assert.Equal("""{"value":null,"percentile":null,"teamMedian":null,"teamCount":0}""", Without(scores[none], "dimension"));
        }

        // Both at the 0th percentile: the tie goes in the dimensions' order. Their courses, the rep's industry's cases and tasks.
        Assert.Equal("""["FOLLOW_UP_DISCIPLINE","DEMO_FREQUENCY"]""", radar["weakest"]!.ToJsonString());
        Assert.Equal(["跟进节奏训练营 FOLLOW_UP_DISCIPLINE", "视频演示实战 DEMO_FREQUENCY"], radar["courses"]!.AsArray().Select(c => $"{c!["title"]} {c["dimension"]}"));
        Assert.Equal(caseId, radar["cases"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["制造业跟进演练"], radar["practiceTasks"]!.AsArray().Select(t => t!["title"]!.GetValue<string>()));

        // A's radar, read by their team lead: the best on both (100th percentile).
        var ofA = (await teamLead.QueryAsync(Radar, new { m = a }))["capabilityRadar"]!["scores"]!.AsArray()
            .ToDictionary(s => s!["dimension"]!.GetValue<string>(), s => s!["percentile"]?.GetValue<double>());
        Assert.Equal((100d, 100d), (ofA["DEMO_FREQUENCY"], ofA["FOLLOW_UP_DISCIPLINE"]));

        // The rep reads their own; not a colleague's (as one that does not exist).
        Assert.NotNull((await rep.QueryAsync(Radar, new { m = repId }))["capabilityRadar"]);
        Assert.Null((await rep.QueryAsync(Radar, new { m = a }))["capabilityRadar"]);
        Assert.Equal("INVALID_PERIOD", (await rep.PostAsync("query($m: ID!) { capabilityRadar(memberId: $m, year: 2027, quarter: 5) { year } }", new { m = repId })).FirstErrorCode);
    }

    private static (double?, double?, double?, int) Figures(JsonNode score) =>
        (score["value"]?.GetValue<double>(), score["percentile"]?.GetValue<double>(), score["teamMedian"]?.GetValue<double>(), score["teamCount"]!.GetValue<int>());

    private static string Without(JsonNode node, string field)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove(field);
        return copy.ToJsonString();
    }

    private static async Task<string> AccountOfAsync(GraphQLTestClient integration, string ownerId, string name)
    {
        var created = await integration.QueryAsync("""
            mutation($n: String!, $o: ID) { createAccount(input: { name: $n, industry: OTHER, ownership: PRIVATE, size: SMALL, ownerId: $o }) { account { id } errors { __typename } } }
            """, new { n = name, o = ownerId });
        return created["createAccount"]!["account"]!["id"]!.GetValue<string>();
    }

    private static async Task LogAsync(GraphQLTestClient integration, string memberId, string subjectId, string kind, string occurredAt, string? nextStepDueOn = null)
    {
        var logged = await integration.QueryAsync(Log, new
        {
            input = new { memberId, subjectId, kind, occurredAt, tagCodes = new[] { "RADAR_TEST" }, nextStep = nextStepDueOn is null ? null : "再约一次", nextStepDueOn },
        });
        Assert.True(logged["logActivity"]!["errors"]!.AsArray().Count == 0, logged.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
