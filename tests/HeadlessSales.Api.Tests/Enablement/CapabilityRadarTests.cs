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

    [Fact]
    public async Task Need_discovery_proposal_speed_collection_cycle_and_stage_conversion_are_worked_out_by_hand()
    {
        var scenario = new ContributionScenario(_api);
        var rep = await _api.MemberAsync("rep");
        var teamLead = await _api.MemberAsync("teamlead");
        var salesOps = await _api.MemberAsync("salesops");
        var admin = await _api.MemberAsync("admin");
        var integration = _api.CreateGraphQLClient();
        var repId = await scenario.MemberIdAsync(rep);
        await integration.QueryAsync("mutation($id: ID!) { updateMember(input: { id: $id, industry: \"制造业\" }) { errors { __typename } } }", new { id = repId });
        var caseId = await scenario.ApprovedCaseOfAsync(rep);
        await salesOps.QueryAsync("""mutation { createPracticeTask(input: { title: "制造业方案演练", industry: "制造业", prompt: "一天内交出方案", maxDurationSeconds: 120, rubric: ["及时"] }) { errors { __typename } } }""");
        foreach (var (title, dimension) in new[] { ("方案提速", "PROPOSAL_RESPONSE_SPEED"), ("推进节奏", "STAGE_CONVERSION"), ("需求挖掘", "NEED_DISCOVERY_ACCURACY") })
        {
            var course = await salesOps.QueryAsync("mutation($t: String!, $d: CapabilityDimension!) { createTrainingCourse(input: { title: $t, dimension: $d }) { errors { __typename } } }", new { t = title, d = dimension });
            Assert.Empty(course["createTrainingCourse"]!["errors"]!.AsArray());
        }

        var a = await CaseObligationTests.NewRepAsync(scenario, rep, "同事丙", "bing@example.com");
        var b = await CaseObligationTests.NewRepAsync(scenario, rep, "同事丁", "ding@example.com");
        var contracts = new ContractsByHand(_api, integration);
        var r1 = await OpportunityOfAsync(integration, repId, "雷达商机R1");
        var r2 = await OpportunityOfAsync(integration, repId, "雷达商机R2");
        var r3 = await OpportunityOfAsync(integration, repId, "雷达商机R3");
        var a1 = await OpportunityOfAsync(integration, a, "雷达商机A1");
        var a2 = await OpportunityOfAsync(integration, a, "雷达商机A2");
        var b1 = await OpportunityOfAsync(integration, b, "雷达商机B1");
        var b2 = await OpportunityOfAsync(integration, b, "雷达商机B2");
        var b3 = await OpportunityOfAsync(integration, b, "雷达商机B3");

        // The default pipeline: 需求确认 → 方案报价 (QUOTATION, the proposal stage) → 商务谈判 → 签约 → 回款. Every move is
        // made at the clock's time, in order; a proposal is a document put on the opportunity.
        void At(string utc) => _api.Clock.SetUtcNow(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        async Task Forward(string opportunity) => Assert.Empty((await admin.QueryAsync(
            "mutation($id: ID!) { forceAdvanceOpportunity(input: { id: $id, reason: \"雷达测试\" }) { errors { __typename } } }", new { id = opportunity }))["forceAdvanceOpportunity"]!["errors"]!.AsArray());
        async Task Back(string opportunity) => Assert.Empty((await admin.QueryAsync(
            "mutation($id: ID!) { moveOpportunityBack(input: { id: $id, reason: \"需求没摸清\" }) { errors { __typename } } }", new { id = opportunity }))["moveOpportunityBack"]!["errors"]!.AsArray());
        async Task Proposal(string opportunity) => await Documents.MultipartRequest.UploadPdfAsync(integration, opportunity, "SOLUTION_PROPOSAL", null);

        At("2027-04-02T10:00:00Z");
        await Forward(b3);
        At("2027-04-03T10:00:00Z");
        await Forward(b3);
        At("2027-04-04T10:00:00Z");
        await Forward(b3);
        var contractOfB = await contracts.SignedAsync(b3);
        At("2027-04-05T09:00:00Z");
        await Forward(r1);
        At("2027-04-06T09:00:00Z");
        await Proposal(r1);
        At("2027-04-07T10:00:00Z");
        await Forward(a1);
        At("2027-04-07T14:00:00Z");
        await Proposal(a1);
        At("2027-04-08T10:00:00Z");
        await Forward(b1);
        At("2027-04-09T16:00:00Z");
        await Proposal(b1);
        At("2027-04-10T09:00:00Z");
        await Forward(r2);
        At("2027-04-12T10:00:00Z");
        await Forward(a2);
        At("2027-04-12T16:00:00Z");
        await Proposal(a2);
        At("2027-04-13T09:00:00Z");
        await Proposal(r2);
        At("2027-04-15T10:00:00Z");
        await Forward(a1);
        At("2027-04-18T10:00:00Z");
        await Forward(a2);
        At("2027-04-20T10:00:00Z");
        await Forward(a1);
        var contractOfA = await contracts.SignedAsync(a1);
        At("2027-04-20T11:00:00Z");
        await Forward(r1);
        At("2027-04-21T10:00:00Z");
        await Back(b1);
        At("2027-04-22T10:00:00Z");
        await Forward(b1);
        At("2027-04-25T09:00:00Z");
        await Back(r2);
        At("2027-05-01T03:00:00Z");
        await Forward(r1);
        var contractOfRep = await contracts.SignedAsync(r1);
        At("2027-05-03T09:00:00Z");
        await Forward(r3);
        At("2027-05-05T12:00:00Z");
        await contracts.CollectAsync(contractOfA, "100000", "2027-05-05");
        At("2027-05-06T10:00:00Z");
        await Forward(b2);
        await contracts.CollectAsync(contractOfRep, "40000", "2027-05-06");
        At("2027-05-10T09:00:00Z");
        await Forward(r3);
        At("2027-05-11T12:00:00Z");
        await contracts.CollectAsync(contractOfRep, "60000", "2027-05-11");
        At("2027-06-03T12:00:00Z");
        await contracts.CollectAsync(contractOfB, "100000", "2027-06-03");
        // In Q3: counts for B2's proposal entry (it later went further) but is not one of Q2's moves.
        At("2027-07-01T10:00:00Z");
        await Forward(b2);

        var radar = (await teamLead.QueryAsync(Radar, new { m = repId }))["capabilityRadar"]!;
        var scores = radar["scores"]!.AsArray().ToDictionary(s => s!["dimension"]!.GetValue<string>(), s => s!);
        // Need discovery, entries into 方案报价 in Q2 that later entered a stage further on: the rep R1 yes (→ 商务谈判),
        // R2 no (moved back), R3 yes = 2/3; A A1, A2 both = 1; B B3 yes, B1 no twice (moved back, re-entered 方案报价, never
        // further), B2 yes (in July) = 2/4. The rep beats B, not A: 50th; the median of {1/2, 2/3, 1} is 2/3.
        Assert.Equal((2 / 3d, 50d, 2 / 3d, 3), Figures(scores["NEED_DISCOVERY_ACCURACY"]));
        // Proposal speed, hours from an entry to the first document after it (entries without one have no duration): the
        // rep R1 24 h, R2 72 h, median 48; A 4 h and 6 h, median 5; B B1 30 h (its second entry has no later document).
        // The slowest: 0th; the median of {5, 30, 48} is 30.
        Assert.Equal((48d, 0d, 30d, 3), Figures(scores["PROPOSAL_RESPONSE_SPEED"]));
        // Collection cycle, days from signature to the last collection of contracts fully collected in Q2: the rep signed
        // 1 May, collected 6 and 11 May = 10; A 20 April → 5 May = 15; B 4 April → 3 June = 60. The fastest: 100th; median 15.
        Assert.Equal((10d, 100d, 15d, 3), Figures(scores["COLLECTION_CYCLE"]));
        // Stage conversion, forward moves over all moves in Q2: the rep R1 3 forward, R2 1 forward and 1 back, R3 2 forward
        // = 6/7; A 5/5 = 1; B B3 3, B1 forward, back, forward, B2 1 forward (its July move is outside) = 6/7. Below A,
        // tied with B (half): 25th; the median of {6/7, 6/7, 1} is 6/7.
        Assert.Equal((6 / 7d, 25d, 6 / 7d, 3), Figures(scores["STAGE_CONVERSION"]));
        // No follow-up logged by anyone: no value, no place.
        foreach (var none in new[] { "FOLLOW_UP_DISCIPLINE", "DEMO_FREQUENCY" })
        {
            Assert.Equal("""{"value":null,"percentile":null,"teamMedian":null,"teamCount":0}""", Without(scores[none], "dimension"));
        }

        // The two weakest, proposal speed (0th) and stage conversion (25th), recommend their courses, not need discovery's.
        Assert.Equal("""["PROPOSAL_RESPONSE_SPEED","STAGE_CONVERSION"]""", radar["weakest"]!.ToJsonString());
        Assert.Equal(["方案提速 PROPOSAL_RESPONSE_SPEED", "推进节奏 STAGE_CONVERSION"], radar["courses"]!.AsArray().Select(c => $"{c!["title"]} {c["dimension"]}"));
        Assert.Equal(caseId, radar["cases"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["制造业方案演练"], radar["practiceTasks"]!.AsArray().Select(t => t!["title"]!.GetValue<string>()));

        // B's radar: the lowest need discovery, tied on stage conversion with the rep, the slowest collections.
        var ofB = (await teamLead.QueryAsync(Radar, new { m = b }))["capabilityRadar"]!["scores"]!.AsArray()
            .ToDictionary(s => s!["dimension"]!.GetValue<string>(), s => s!["percentile"]?.GetValue<double>());
        Assert.Equal((0d, 50d, 0d, 25d), (ofB["NEED_DISCOVERY_ACCURACY"], ofB["PROPOSAL_RESPONSE_SPEED"], ofB["COLLECTION_CYCLE"], ofB["STAGE_CONVERSION"]));
    }

    /// <summary>Contracts on opportunities already at 签约: created, approved and signed through the API, then collected.</summary>
    private sealed class ContractsByHand(ApiFactory api, GraphQLTestClient integration)
    {
        public async Task<string> SignedAsync(string opportunityId)
        {
            var created = await integration.QueryAsync(Contracts.ContractScenario.CreateContract, new { input = new { opportunityId, title = "雷达合同" } });
            var contractId = created["createContract"]!["contract"]!["id"]!.GetValue<string>();
            await Contracts.ContractApprovalTestSupport.ApproveAsync(api, integration, contractId);
            var signed = await integration.QueryAsync(Contracts.ContractScenario.RecordSignature, new { input = new { contractId, status = "SIGNED", providerReference = Guid.NewGuid().ToString("N") } });
            Assert.Equal("SIGNED", signed["recordSignatureStatus"]!["contract"]!["signatureStatus"]!.GetValue<string>());
            return contractId;
        }

        public async Task CollectAsync(string contractId, string amount, string receivedOn)
        {
            var collected = await integration.QueryAsync(Contracts.ContractScenario.RecordCollection, new { input = new { contractId, amount, receivedOn } });
            Assert.Empty(collected["recordCollection"]!["errors"]!.AsArray());
        }
    }

    private static async Task<string> OpportunityOfAsync(GraphQLTestClient integration, string ownerId, string name)
    {
        var created = await integration.QueryAsync("""
            mutation($a: ID!, $o: ID, $n: String!) { createOpportunity(input: { accountId: $a, ownerId: $o, name: $n, amount: { amount: "100000", currency: "CNY" } }) { opportunity { id } errors { __typename } } }
            """, new { a = await AccountOfAsync(integration, ownerId, name + "的客户"), o = ownerId, n = name });
        return created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
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
