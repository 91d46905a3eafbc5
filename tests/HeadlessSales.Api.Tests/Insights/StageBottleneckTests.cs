using HeadlessSales.Api.GraphQL.Relay;

namespace HeadlessSales.Api.Tests.Insights;

[Collection(AnalysesCollection.Name)]
public sealed class StageBottleneckTests(AnalysesFixture api)
{
    private const string Bottlenecks = """
        query($stages: [ID!], $threshold: Int) {
          stageBottlenecks(where: { stageIds: $stages, thresholdDays: $threshold }, first: 100) {
            opportunity { id } stage { id } daysInStage
            suggestedHelpers { member { id } moves meanDays fastestDays }
            help { helper { id } daysBeforeHelp daysToBreakthroughAfterHelp }
          }
        }
        """;

    private static string Id(string type, long key) => GlobalId.Encode(type, key);

    [Fact]
    public async Task StuckOpportunity_GetsTheFastestRepsOfSimilarOnes_AndHelpIsMeasuredBeforeAndAfter()
    {
        var salesOps = await api.MemberAsync("salesops");
        var stages = new[] { Id("PipelineStage", api.StageS1) };
        var stuck = Assert.Single((await salesOps.QueryAsync(Bottlenecks, new { stages }))["stageBottlenecks"]!.AsArray())!;
        Assert.Equal(Id("Opportunity", api.StuckOpportunity), stuck["opportunity"]!["id"]!.GetValue<string>());
        Assert.Equal(10.0, stuck["daysInStage"]!.GetValue<double>(), 6);
        Assert.Equal(
            [(Id("Member", api.P1), 2, 3.0, 2.0), (Id("Member", api.P2), 1, 5.0, 5.0)],
            stuck["suggestedHelpers"]!.AsArray().Select(h => (h!["member"]!["id"]!.GetValue<string>(), h["moves"]!.GetValue<int>(),
                Math.Round(h["meanDays"]!.GetValue<double>(), 6), Math.Round(h["fastestDays"]!.GetValue<double>(), 6))));

        // With a 2-day threshold the opportunity that entered S1 three days ago is stuck too (longest first).
        var lower = (await salesOps.QueryAsync(Bottlenecks, new { stages, threshold = 2 }))["stageBottlenecks"]!.AsArray();
        Assert.Equal([Id("Opportunity", api.StuckOpportunity), Id("Opportunity", api.RecentOpportunity)], lower.Select(b => b!["opportunity"]!["id"]!.GetValue<string>()));

        // Help from P1 is marked; two days later the opportunity moves on.
        const string mark = """
            mutation($id: ID!, $helper: ID!) {
              markBottleneckHelp(input: { opportunityId: $id, helperId: $helper }) {
                help { helper { id } daysBeforeHelp daysToBreakthroughAfterHelp }
                errors { __typename ... on UserError { code } }
              }
            }
            """;
        var marked = (await salesOps.QueryAsync(mark, new { id = Id("Opportunity", api.StuckOpportunity), helper = Id("Member", api.P1) }))["markBottleneckHelp"]!;
        Assert.Empty(marked["errors"]!.AsArray());
        Assert.Equal(10.0, marked["help"]!["daysBeforeHelp"]!.GetValue<double>(), 6);
        Assert.Null(marked["help"]!["daysToBreakthroughAfterHelp"]);

        api.Clock.Advance(TimeSpan.FromDays(2));
        var advanced = await salesOps.QueryAsync("mutation($id: ID!) { advanceOpportunity(input: { id: $id }) { errors { __typename } } }", new { id = Id("Opportunity", api.StuckOpportunity) });
        Assert.Empty(advanced["advanceOpportunity"]!["errors"]!.AsArray());

        const string outcome = """
            query($period: PeriodInput!) { bottleneckHelpOutcome(period: $period) { marks brokeThrough meanDaysBeforeHelp meanDaysToBreakthroughAfterHelp meanDaysUnhelpedStays } }
            """;
        var period = new { from = api.Now.AddDays(-30), to = api.Now.AddDays(30) };
        var summary = (await salesOps.QueryAsync(outcome, new { period }))["bottleneckHelpOutcome"]!;
        Assert.Equal((1, 1), (summary["marks"]!.GetValue<int>(), summary["brokeThrough"]!.GetValue<int>()));
        Assert.Equal(10.0, summary["meanDaysBeforeHelp"]!.GetValue<double>(), 6);
        Assert.Equal(2.0, summary["meanDaysToBreakthroughAfterHelp"]!.GetValue<double>(), 6);
        // S1 stays that ended in the period without help: 2, 4, 5, 1 (moved back), 1 and 0.5 days → 13.5 / 6.
        Assert.Equal(2.25, summary["meanDaysUnhelpedStays"]!.GetValue<double>(), 6);

        // Seen by the owner's managers, not by a rep of another team, whose summary counts no mark.
        var rep = await api.MemberAsync("rep");
        Assert.Equal(0, (await rep.QueryAsync(outcome, new { period }))["bottleneckHelpOutcome"]!["marks"]!.GetValue<int>());
        Assert.Equal(1, (await (await api.MemberAsync("regionmanager")).QueryAsync(outcome, new { period }))["bottleneckHelpOutcome"]!["marks"]!.GetValue<int>());
    }

    [Fact]
    public async Task ARep_SeesNoOneElsesBottleneck_AndMarkingOneReadsAsMissing()
    {
        var rep = await api.MemberAsync("rep");
        var stages = new[] { Id("PipelineStage", api.StageS1) };
        Assert.Empty((await rep.QueryAsync(Bottlenecks, new { stages, threshold = 1 }))["stageBottlenecks"]!.AsArray());
        Assert.Empty((await (await api.MemberAsync("teamlead")).QueryAsync(Bottlenecks, new { stages, threshold = 1 }))["stageBottlenecks"]!.AsArray());
        Assert.NotEmpty((await (await api.MemberAsync("regionmanager")).QueryAsync(Bottlenecks, new { stages, threshold = 1 }))["stageBottlenecks"]!.AsArray());

        const string mark = "mutation($id: ID!, $helper: ID!) { markBottleneckHelp(input: { opportunityId: $id, helperId: $helper }) { help { daysBeforeHelp } errors { __typename ... on UserError { code message } } } }";
        var hidden = await rep.PostAsync(mark, new { id = Id("Opportunity", api.RecentOpportunity), helper = Id("Member", api.P1) });
        var missing = await rep.PostAsync(mark, new { id = Id("Opportunity", 9_999_999), helper = Id("Member", api.P1) });
        Assert.Equal(missing.Body.Replace(Id("Opportunity", 9_999_999), "<id>"), hidden.Body.Replace(Id("Opportunity", api.RecentOpportunity), "<id>"));
    }
}
