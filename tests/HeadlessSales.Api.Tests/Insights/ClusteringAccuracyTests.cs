using HeadlessSales.Api.Features.Insights.Clustering;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Insights;

/// <summary>
/// How well flagging the fifth of the new hires who lean furthest towards the top performers' cluster finds the top 20 % of
/// new hires, on generated reps whose truth is known: each rep has a hidden skill (standard normal); each of the twelve metrics is a baseline plus its loading × skill
/// plus noise of the same size as the signal (so no single metric tells skill well); tenured reps' wins grow with skill
/// plus noise. The truth is the new hires' top 20 % by skill, which the clustering never sees.
/// </summary>
public sealed class ClusteringAccuracyTests(ITestOutputHelper output)
{
    /// <summary>Loadings: how each metric moves with skill (price concerns go down with it; proposal revisions barely move).</summary>
    private static readonly Dictionary<BehaviourMetric, (double Baseline, double Scale, double Loading)> Generator = new()
    {
        [BehaviourMetric.TechnicalResponseRate] = (0.6, 0.12, 1),
        [BehaviourMetric.FollowUpsPerWeek] = (20, 4, 1),
        [BehaviourMetric.VideoDemosPerWeek] = (2, 0.6, 1),
        [BehaviourMetric.VisitsPerWeek] = (1.5, 0.4, 0.8),
        [BehaviourMetric.ProposalRevisions] = (2, 0.5, 0.2),
        [BehaviourMetric.StageAdvanceRate] = (0.4, 0.08, 1),
        [BehaviourMetric.LeadConversionRate] = (0.2, 0.05, 1),
        [BehaviourMetric.FastFirstResponseRate] = (0.7, 0.1, 0.8),
        [BehaviourMetric.CompetitorComparisonRate] = (0.2, 0.05, 0.6),
        [BehaviourMetric.PriceConcernRate] = (0.25, 0.06, -0.6),
        [BehaviourMetric.PositiveOutcomeRate] = (0.35, 0.07, 0.8),
        [BehaviourMetric.NextStepRate] = (0.6, 0.1, 0.6),
    };

    private sealed record GeneratedRep(RepFigures Figures, double Skill);

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static List<GeneratedRep> Generate(int seed, int tenured, int newHires)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, tenured + newHires).Select(i =>
        {
            var skill = Normal(random);
            var isNewHire = i >= tenured;
            var metrics = Generator.ToDictionary(g => g.Key, g => (double?)(g.Value.Baseline + g.Value.Scale * (g.Value.Loading * skill + Normal(random))));
            var wins = isNewHire ? 0 : Math.Max(0, (int)Math.Round(4 + 2 * skill + Normal(random)));
            return new GeneratedRep(new RepFigures(i + 1, isNewHire, metrics, wins), skill);
        }).ToList();
    }

    private static (double Accuracy, double Precision, double Recall) Score(int dataSeed, int clusterCount)
    {
        var reps = Generate(dataSeed, tenured: 150, newHires: 50);
        var newHires = reps.Where(r => r.Figures.IsNewHire).ToList();
        var topCount = (int)Math.Round(newHires.Count * 0.2);
        var truth = newHires.OrderByDescending(r => r.Skill).Take(topCount).Select(r => r.Figures.MemberId).ToHashSet();
        var flagged = BehaviourClustering.Cluster(reps.Select(r => r.Figures).ToList(), clusterCount, seed: 1).Reps.Where(r => r.Flagged).Select(r => r.MemberId).ToHashSet();
        var truePositives = flagged.Count(truth.Contains);
        var correct = newHires.Count(r => truth.Contains(r.Figures.MemberId) == flagged.Contains(r.Figures.MemberId));
        return ((double)correct / newHires.Count, flagged.Count == 0 ? 0 : (double)truePositives / flagged.Count, (double)truePositives / truth.Count);
    }

    /// <summary>Teams the method was tuned on, and more it never saw while being tuned.</summary>
    private static readonly (string Name, IReadOnlyList<int> Seeds)[] TeamSets =
    [
        ("tuned on, seeds 1–20", Enumerable.Range(1, 20).ToList()),
        ("held out, seeds 21–60", Enumerable.Range(21, 40).ToList()),
        ("second held out, seeds 61–100", Enumerable.Range(61, 40).ToList()),
    ];

    [Fact]
    public void NewHiresLeaningTowardsTheTopCluster_AreTheTopFifthOfNewHires_MostOfTheTime()
    {
        var figures = new Dictionary<(string, int), (double Accuracy, double Precision, double Recall)>();
        foreach (var (name, seeds) in TeamSets)
        {
            foreach (var k in new[] { 4, 5, 6 })
            {
                var runs = seeds.Select(seed => Score(seed, k)).ToList();
                var mean = (runs.Average(r => r.Accuracy), runs.Average(r => r.Precision), runs.Average(r => r.Recall));
                figures[(name, k)] = mean;
                output.WriteLine($"{name}, k = {k}: accuracy {mean.Item1:P1}, precision {mean.Item2:P1}, recall {mean.Item3:P1} ({seeds.Count} generated teams of 150 tenured + 50 new hires)");
            }
        }

        // Flagging nobody would score 80 %; the goal is 91 %. Measured at the default k: 92.4 % (tuned on), 92.5 % and
        // 91.7 % (the two held-out sets); the floor sits just under the lowest, on the teams it was not tuned on too.
        foreach (var (name, _) in TeamSets)
        {
            var accuracy = figures[(name, BehaviourClusterQueries.DefaultClusters)].Accuracy;
            Assert.True(accuracy >= 0.915, $"{name}: accuracy {accuracy:P1}");
        }
    }

    [Fact]
    public void SameSeed_GivesTheSameClusters()
    {
        var figures = Generate(7, 150, 50).Select(r => r.Figures).ToList();
        var first = BehaviourClustering.Cluster(figures, 4, seed: 3);
        var second = BehaviourClustering.Cluster(figures, 4, seed: 3);
        Assert.Equal(first.Reps.Select(r => r.Cluster), second.Reps.Select(r => r.Cluster));
        Assert.Equal(first.Clusters.Select(c => c.Explanation), second.Clusters.Select(c => c.Explanation));
    }
}
