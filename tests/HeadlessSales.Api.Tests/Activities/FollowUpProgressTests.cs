using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Activities;

public sealed class FollowUpProgressTests(ActivitiesFixture api) : IClassFixture<ActivitiesFixture>
{
    private const string Progress = """
        query($id: ID!) { node(id: $id) { ... on Lead { followUp {
          completedStepCount completed overdue overdueSince lastFollowUpAt
          currentStep { position step { code nameZh allowedDays } startedAt dueAt overdueSince }
          steps { status completedAt } } } } }
        """;

    private const string Board = """
        query($team: ID!) { managerBoard(teamId: $team) { overdueFollowUps(first: 100) { totalCount nodes { subjectId overdueSince step { step { code } } owner { email } subject { ... on Lead { name } } } } } }
        """;

    [Fact]
    public async Task Lead_WalksTheFiveSteps_InOrder_WithWhatIsOverdueAndSinceWhen()
    {
        var rep = api.As("rep");
        var assignedAt = api.Clock.GetUtcNow().UtcDateTime;
        var leadId = await api.CreateRepLeadAsync("五步跟进");

        var fresh = await FollowUpAsync(rep, leadId);
        api.Clock.Advance(TimeSpan.FromDays(4));
        var late = await FollowUpAsync(rep, leadId);
        // A concern alone completes nothing, but it puts the lead on the board, still overdue.
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(TimeSpan.FromMinutes(-30)), tagCodes = new[] { "PRICE_CONCERN" } });
        var onBoard = await OverdueOnBoardAsync(leadId);
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(TimeSpan.FromMinutes(-10)), tagCodes = new[] { "FIRST_CONTACT" } });
        var contacted = await FollowUpAsync(rep, leadId);
        var offBoard = await OverdueOnBoardAsync(leadId);
        // A later step's tag does not count ahead: no step is skipped.
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "MEETING", occurredAt = api.Now(TimeSpan.FromMinutes(-5)), tagCodes = new[] { "SIGNING_INTENT" } });
        var notSkipped = await FollowUpAsync(rep, leadId);
        api.Clock.Advance(TimeSpan.FromDays(1));
        // One visit that diagnosed the needs and demonstrated the solution completes both steps.
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "VISIT", occurredAt = api.Now(), tagCodes = new[] { "DECISION_CHAIN_CONFIRMED", "SOLUTION_DEMO" } });
        var demonstrated = await FollowUpAsync(rep, leadId);
        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "MEETING", occurredAt = api.Now(), tagCodes = new[] { "COMMERCIAL_NEGOTIATION" } });
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "SIGNING_INTENT" } });
        var done = await FollowUpAsync(rep, leadId);

        Assert.Equal((0, false, "FIRST_CONTACT", "首次联系", 3), (fresh["completedStepCount"]!.GetValue<int>(), fresh["overdue"]!.GetValue<bool>(),
            Code(fresh), fresh["currentStep"]!["step"]!["nameZh"]!.GetValue<string>(), fresh["currentStep"]!["step"]!["allowedDays"]!.GetValue<int>()));
        Assert.Equal(Iso(assignedAt.AddDays(3)), fresh["currentStep"]!["dueAt"]!.GetValue<string>());
        Assert.True(late["overdue"]!.GetValue<bool>());
        Assert.Equal(Iso(assignedAt.AddDays(3)), late["overdueSince"]!.GetValue<string>());
        Assert.Equal(Iso(assignedAt.AddDays(3)), onBoard?["overdueSince"]!.GetValue<string>());
        Assert.Equal("FIRST_CONTACT", onBoard?["step"]!["step"]!["code"]!.GetValue<string>());
        Assert.Equal("rep@demo.example.com", onBoard?["owner"]!["email"]!.GetValue<string>());
        Assert.Equal((1, "NEEDS_DIAGNOSIS", false), (contacted["completedStepCount"]!.GetValue<int>(), Code(contacted), contacted["overdue"]!.GetValue<bool>()));
        Assert.Null(offBoard);
        Assert.Equal((1, "NEEDS_DIAGNOSIS"), (notSkipped["completedStepCount"]!.GetValue<int>(), Code(notSkipped)));
        Assert.Equal((3, "NEGOTIATION"), (demonstrated["completedStepCount"]!.GetValue<int>(), Code(demonstrated)));
        Assert.Equal((5, true, false), (done["completedStepCount"]!.GetValue<int>(), done["completed"]!.GetValue<bool>(), done["overdue"]!.GetValue<bool>()));
        Assert.Null(done["currentStep"]);
        Assert.All(done["steps"]!.AsArray(), s => Assert.Equal("COMPLETED", s!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BackdatedFollowUp_IsCountedInTheOrderItHappened()
    {
        var rep = api.As("rep");
        var leadId = await api.CreateRepLeadAsync("补录跟进");
        api.Clock.Advance(TimeSpan.FromHours(3));
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(TimeSpan.FromHours(-1)), tagCodes = new[] { "BUDGET_CONFIRMED" } });
        var before = await FollowUpAsync(rep, leadId);
        // The first call, logged late: it happened before the budget call, so both steps are now done.
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(TimeSpan.FromHours(-2)), tagCodes = new[] { "FIRST_CONTACT" } });
        var after = await FollowUpAsync(rep, leadId);

        Assert.Equal(0, before["completedStepCount"]!.GetValue<int>());
        Assert.Equal((2, "SOLUTION_DEMO"), (after["completedStepCount"]!.GetValue<int>(), Code(after)));
    }

    [Fact]
    public async Task ConvertedLead_LeavesTheBoardsOverdueList()
    {
        var rep = api.As("rep");
        var leadId = await api.CreateRepLeadAsync("转化离榜");
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "PRICE_CONCERN" } });
        api.Clock.Advance(TimeSpan.FromDays(4));
        var overdue = await OverdueOnBoardAsync(leadId);

        var converted = await api.Integration.QueryAsync("mutation($id: ID!) { convertLead(input: { leadId: $id }) { errors { __typename } } }", new { id = leadId });
        var after = await OverdueOnBoardAsync(leadId);

        Assert.NotNull(overdue);
        Assert.Empty(converted["convertLead"]!["errors"]!.AsArray());
        Assert.Null(after);
    }

    [Fact]
    public async Task Opportunity_HasATrailAndProgress_AndTheDemoBoardsShowOverdueOpportunities()
    {
        const string Opportunities = """
            { opportunities(first: 20) { nodes { id owner { id team { id } } followUp { completedStepCount overdue overdueSince currentStep { step { code } } } } } }
            """;
        var all = (await api.Integration.QueryAsync(Opportunities))["opportunities"]!["nodes"]!.AsArray();
        var overdue = all.First(o => o!["followUp"]!["overdue"]!.GetValue<bool>())!;
        var onTrack = all.First(o => o!["followUp"]!["currentStep"]!["step"]!["code"]!.GetValue<string>() == "NEEDS_DIAGNOSIS")!;
        var board = await api.As("salesops").QueryAsync(Board, new { team = overdue["owner"]!["team"]!["id"]!.GetValue<string>() });
        var listed = board["managerBoard"]!["overdueFollowUps"]!["nodes"]!.AsArray().First(n => n!["subjectId"]!.GetValue<string>() == overdue["id"]!.GetValue<string>())!;

        var id = onTrack["id"]!.GetValue<string>();
        var logged = await api.LogOkAsync(api.Integration, new { subjectId = id, kind = "VIDEO_DEMO", occurredAt = api.Now(), tagCodes = new[] { "DECISION_CHAIN_CONFIRMED" }, memberId = onTrack["owner"]!["id"]!.GetValue<string>() });
        var after = await api.Integration.QueryAsync(
            "query($id: ID!) { node(id: $id) { ... on Opportunity { activities(first: 1) { totalCount nodes { id } } followUp { completedStepCount currentStep { step { code } } } } } }", new { id });

        Assert.Equal(overdue["followUp"]!["overdueSince"]!.GetValue<string>(), listed["overdueSince"]!.GetValue<string>());
        Assert.Equal("Opportunity", logged["subject"]!["__typename"]!.GetValue<string>());
        var opportunity = after["node"]!;
        Assert.Equal(logged["id"]!.GetValue<string>(), opportunity["activities"]!["nodes"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(onTrack["followUp"]!["completedStepCount"]!.GetValue<int>() + 1, opportunity["followUp"]!["completedStepCount"]!.GetValue<int>());
        Assert.Equal("SOLUTION_DEMO", opportunity["followUp"]!["currentStep"]!["step"]!["code"]!.GetValue<string>());
    }

    private static async Task<JsonNode> FollowUpAsync(GraphQLTestClient client, string leadId) =>
        (await client.QueryAsync(Progress, new { id = leadId }))["node"]!["followUp"]!;

    private async Task<JsonNode?> OverdueOnBoardAsync(string leadId)
    {
        var board = await api.As("teamlead").QueryAsync(Board, new { team = api.RepTeamId });
        return board["managerBoard"]!["overdueFollowUps"]!["nodes"]!.AsArray().FirstOrDefault(n => n!["subjectId"]!.GetValue<string>() == leadId);
    }

    private static string? Code(JsonNode followUp) => followUp["currentStep"]?["step"]?["code"]?.GetValue<string>();

    private static string Iso(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'");
}
