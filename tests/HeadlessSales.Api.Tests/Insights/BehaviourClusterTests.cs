using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;

namespace HeadlessSales.Api.Tests.Insights;

[Collection(AnalysesCollection.Name)]
public sealed class BehaviourClusterTests(AnalysesFixture api)
{
    private const string Clusters = """
        query($input: BehaviourClustersInput!) {
          behaviourClusters(input: $input) {
            clusterCount seed newHireDays
            statistics { metric mean standardDeviation }
            clusters { index isTopPerformers meanWins members { id } distinctive { metric value zScore } centroid { metric zScore } explanation }
            reps { member { id } cluster isNewHire flagged wins metrics { metric value zScore } }
          }
        }
        """;

    private object Input(int seed = 1) => new
    {
        input = new
        {
            period = new { from = "2026-10-05T00:00:00Z", to = "2026-11-02T00:00:00Z" },
            scope = new { teamId = api.TeamGlobalId },
            clusterCount = 2,
            seed,
        },
    };

    private static string Member(long id) => GlobalId.Encode("Member", id);

    private static double Metric(JsonNode rep, string metric, string field = "value") =>
        rep["metrics"]!.AsArray().Single(m => m!["metric"]!.GetValue<string>() == metric)![field]!.GetValue<double>();

    [Fact]
    public async Task HandBuiltTeam_SplitsDemoGiversFromCallers_ExplainsBoth_AndFlagsTheNewHireWhoBehavesLikeTheTopPerformers()
    {
        var analysis = (await api.CreateGraphQLClient().QueryAsync(Clusters, Input()))["behaviourClusters"]!;

        var clusters = analysis["clusters"]!.AsArray();
        Assert.Equal(2, clusters.Count);
        var top = clusters[0]!;
        Assert.Equal((1, true, 1.0), (top["index"]!.GetValue<int>(), top["isTopPerformers"]!.GetValue<bool>(), top["meanWins"]!.GetValue<double>()));
        Assert.Equal([Member(api.P1), Member(api.P2), Member(api.N1)], top["members"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        var distinctive = Assert.Single(top["distinctive"]!.AsArray())!;
        Assert.Equal("VIDEO_DEMOS_PER_WEEK", distinctive["metric"]!.GetValue<string>());
        Assert.Equal(2.0, distinctive["value"]!.GetValue<double>(), 6);
        Assert.Equal(0.8 / Math.Sqrt(0.96), distinctive["zScore"]!.GetValue<double>(), 6);
        Assert.Equal("video demos a week above average (+0.8 σ)", top["explanation"]!.GetValue<string>());
        // P1 answered within 24 h (z +1), P2 did not (z −1), N1 had nothing to answer (z 0): the centroid sits at 0.
        Assert.Equal(0, top["centroid"]!.AsArray().Single(c => c!["metric"]!.GetValue<string>() == "TECHNICAL_RESPONSE_RATE")!["zScore"]!.GetValue<double>(), 6);

        var callers = clusters[1]!;
        Assert.Equal((2, false, 0.0), (callers["index"]!.GetValue<int>(), callers["isTopPerformers"]!.GetValue<bool>(), callers["meanWins"]!.GetValue<double>()));
        Assert.Equal([Member(api.P3), Member(api.N2)], callers["members"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal(-1.2 / Math.Sqrt(0.96), Assert.Single(callers["distinctive"]!.AsArray())!["zScore"]!.GetValue<double>(), 6);
        Assert.Equal("video demos a week below average (-1.2 σ)", callers["explanation"]!.GetValue<string>());

        var reps = analysis["reps"]!.AsArray().ToDictionary(r => r!["member"]!["id"]!.GetValue<string>(), r => r!);
        Assert.Equal(5, reps.Count);
        Assert.Equal([Member(api.N1)], reps.Where(r => r.Value["flagged"]!.GetValue<bool>()).Select(r => r.Key));
        Assert.True(reps[Member(api.N2)]["isNewHire"]!.GetValue<bool>());
        Assert.False(reps[Member(api.P3)]["isNewHire"]!.GetValue<bool>());
        Assert.Equal((1.0, 1.0, 0.0), (Metric(reps[Member(api.P1)], "TECHNICAL_RESPONSE_RATE"), Metric(reps[Member(api.P1)], "TECHNICAL_RESPONSE_RATE", "zScore"), Metric(reps[Member(api.P2)], "TECHNICAL_RESPONSE_RATE")));
        Assert.Null(reps[Member(api.N1)]["metrics"]!.AsArray().Single(m => m!["metric"]!.GetValue<string>() == "TECHNICAL_RESPONSE_RATE")!["value"]);
        Assert.Equal((2.0, 2.0 / 3, 1), (Metric(reps[Member(api.P3)], "FOLLOW_UPS_PER_WEEK"), Metric(reps[Member(api.P1)], "STAGE_ADVANCE_RATE"), reps[Member(api.P2)]["wins"]!.GetValue<int>()));
        Assert.Equal(12, analysis["statistics"]!.AsArray().Count);

        // The same seed on the same data gives the same answer.
        var again = (await api.CreateGraphQLClient().QueryAsync(Clusters, Input()))["behaviourClusters"]!;
        Assert.Equal(analysis.ToJsonString(), again.ToJsonString());
    }

    [Fact]
    public async Task Scope_IsSeenByItsManagers_NotByAnotherTeamsLead_AndRepsAreRefused()
    {
        Assert.NotNull((await (await api.MemberAsync("regionmanager")).QueryAsync(Clusters, Input()))["behaviourClusters"]);
        // Another team's lead: the team reads as one that does not exist.
        Assert.Null((await (await api.MemberAsync("teamlead")).QueryAsync(Clusters, Input()))["behaviourClusters"]);
        var missing = await (await api.MemberAsync("teamlead")).QueryAsync(Clusters, new
        {
            input = new { period = new { from = "2026-10-05T00:00:00Z", to = "2026-11-02T00:00:00Z" }, scope = new { teamId = GlobalId.Encode("Team", 9_999_999) }, clusterCount = 2 },
        });
        Assert.Null(missing["behaviourClusters"]);
        Assert.Equal("FORBIDDEN", (await (await api.MemberAsync("rep")).PostAsync(Clusters, Input())).FirstErrorCode);
        Assert.Equal("VALIDATION_FAILED", (await api.CreateGraphQLClient().PostAsync(Clusters, new
        {
            input = new { period = new { from = "2026-10-05T00:00:00Z", to = "2026-11-02T00:00:00Z" }, scope = new { teamId = api.TeamGlobalId }, clusterCount = 1 },
        })).FirstErrorCode);
    }
}
