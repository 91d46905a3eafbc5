using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// A new hire's learning path is picked by their industry when they join and when it changes; a practice recording is
/// uploaded, its type and length checked from its bytes, and scored by a reviewer against the task's rubric.
/// </summary>
public sealed class LearningPathAndPracticeTests : IAsyncLifetime
{
    private const string Path = "query($m: ID!) { learningPath(memberId: $m) { industry total studied items { industry case { id } } } }";

    private const string SubmitPractice = """
        mutation($input: SubmitPracticeInput!) { submitPractice(input: $input) { practice { id durationSeconds status } errors { __typename ... on UserError { code } ... on PracticeRecordingError { durationSeconds maxDurationSeconds } } } }
        """;

    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_new_hire_gets_the_approved_cases_of_their_industry_and_a_new_path_when_it_changes()
    {
        var scenario = new ContributionScenario(_api);
        var rep = await _api.MemberAsync("rep");
        var teamLead = await _api.MemberAsync("teamlead");
        var caseId = await scenario.ApprovedCaseOfAsync(rep);

        var created = await _api.CreateGraphQLClient().QueryAsync("""
            mutation($t: ID!) { createMember(input: { name: "新人小王", email: "xiaowang@example.com", role: REP, teamId: $t, hiredOn: "2026-12-01", industry: "制造业" }) { member { id industry } errors { __typename } } }
            """, new { t = await scenario.TeamIdAsync(rep) });
        var hire = created["createMember"]!["member"]!["id"]!.GetValue<string>();

        var path = (await teamLead.QueryAsync(Path, new { m = hire }))["learningPath"]!;
        Assert.Equal("制造业 1 0", $"{path["industry"]} {path["total"]} {path["studied"]}");
        Assert.Equal(caseId, path["items"]![0]!["case"]!["id"]!.GetValue<string>());
        // The rep does not see a colleague's records: no path.
        Assert.Null((await rep.QueryAsync(Path, new { m = hire }))["learningPath"]);

        const string Move = "mutation($id: ID!, $i: String) { updateMember(input: { id: $id, industry: $i }) { errors { __typename } } }";
        await _api.CreateGraphQLClient().QueryAsync(Move, new { id = hire, i = "零售" });
        Assert.Equal("零售 0", Summary((await teamLead.QueryAsync(Path, new { m = hire }))["learningPath"]!));
        await _api.CreateGraphQLClient().QueryAsync(Move, new { id = hire, i = "制造业" });
        Assert.Equal("制造业 1", Summary((await teamLead.QueryAsync(Path, new { m = hire }))["learningPath"]!));

        var progress = await teamLead.QueryAsync("query($t: ID!) { learningProgress(teamId: $t) { total studied } }", new { t = await scenario.TeamIdAsync(rep) });
        Assert.Equal(1, progress["learningProgress"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_practice_recording_is_checked_by_its_bytes_and_scored_by_a_reviewer_against_the_rubric()
    {
        var rep = await _api.MemberAsync("rep");
        var reviewer = await _api.MemberAsync("reviewer", "sales:read");
        var salesOps = await _api.MemberAsync("salesops");
        var task = (await salesOps.QueryAsync("""
            mutation { createPracticeTask(input: { title: "制造业客户价格异议", industry: "制造业", prompt: "用两分钟视频回应制造业客户的价格异议", maxDurationSeconds: 120,
              rubric: ["先认同再转移到价值", "用停线损失算账"] }) { task { id rubric } errors { __typename } } }
            """))["createPracticeTask"]!["task"]!["id"]!.GetValue<string>();

        var tooLong = await UploadAsync(rep, task, RecordingDurationTests.Mp4(0, 1000, 300_000), "video/mp4");
        Assert.Equal("""[{"__typename":"PracticeRecordingError","code":"INVALID_RECORDING","durationSeconds":300,"maxDurationSeconds":120}]""", tooLong["errors"]!.ToJsonString());
        var notAVideo = await UploadAsync(rep, task, MultipartRequest.Pdf, "video/mp4");
        Assert.Equal("UnsupportedFileTypeError", notAVideo["errors"]![0]!["__typename"]!.GetValue<string>());

        var submitted = await UploadAsync(rep, task, RecordingDurationTests.WebM(1_000_000, 95_500d, unknownSegmentSize: true), "video/webm");
        Assert.Equal("95.5 SUBMITTED", $"{submitted["practice"]!["durationSeconds"]} {submitted["practice"]!["status"]}");
        var practice = submitted["practice"]!["id"]!.GetValue<string>();

        const string Score = "mutation($id: ID!, $s: [Int!]!) { scorePractice(input: { id: $id, scores: $s, comment: \"算账部分很扎实\" }) { practice { status scores score } errors { __typename } } }";
        var wrongCount = (await reviewer.QueryAsync(Score, new { id = practice, s = new[] { 4 } }))["scorePractice"]!;
        Assert.Equal("ValidationError", wrongCount["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Score, new { id = practice, s = new[] { 5, 5 } })).FirstErrorCode);
        var scored = (await reviewer.QueryAsync(Score, new { id = practice, s = new[] { 4, 5 } }))["scorePractice"]!;
        Assert.Equal("""{"status":"SCORED","scores":[4,5],"score":4.5}""", scored["practice"]!.ToJsonString());
        var again = (await reviewer.QueryAsync(Score, new { id = practice, s = new[] { 1, 1 } }))["scorePractice"]!;
        Assert.Equal("InvalidStateError", again["errors"]![0]!["__typename"]!.GetValue<string>());
    }

    private static string Summary(System.Text.Json.Nodes.JsonNode path) => $"{path["industry"]} {path["total"]}";

    private static async Task<System.Text.Json.Nodes.JsonNode> UploadAsync(GraphQLTestClient member, string taskId, byte[] content, string contentType)
    {
        var request = MultipartRequest.Create(SubmitPractice, new { input = new { taskId, file = (string?)null } },
            new Dictionary<string, string[]> { ["0"] = ["variables.input.file"] }, [new FilePart("0", content, "practice", contentType)]);
        var response = await member.SendAsync(request);
        Assert.True(response.Errors is null, response.Body);
        return response.Data!["submitPractice"]!;
    }
}
