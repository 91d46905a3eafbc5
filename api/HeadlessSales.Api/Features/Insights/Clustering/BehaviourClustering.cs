using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace HeadlessSales.Api.Features.Insights.Clustering;

public sealed record MetricStatistics(BehaviourMetric Metric, double Mean, double StandardDeviation);

public sealed record MetricScore(BehaviourMetric Metric, double? Value, double ZScore);

public sealed record RepBehaviour(long MemberId, bool IsNewHire, int Wins, int Cluster, bool Flagged, IReadOnlyList<MetricScore> Metrics);

public sealed record BehaviourCluster(int Index, IReadOnlyList<long> MemberIds, bool IsTopPerformers, double? MeanWins, IReadOnlyList<MetricScore> Centroid, IReadOnlyList<MetricScore> Distinctive)
{
    public string Explanation => Distinctive.Count == 0
        ? "Behaves like the scope's average."
        : string.Join("; ", Distinctive.Select(d => $"{BehaviourClustering.Describe(d.Metric)} {(d.ZScore >= 0 ? "above" : "below")} average ({d.ZScore:+0.0;-0.0} σ)"));
}

public sealed record BehaviourClusterResult(IReadOnlyList<MetricStatistics> Statistics, IReadOnlyList<BehaviourCluster> Clusters, IReadOnlyList<RepBehaviour> Reps, int Seed);

/// <summary>
/// k-means (ML.NET, k-means++ seeded, one thread, so one seed gives one answer) over the reps' twelve metrics, each
/// standardized over the reps of the scope (z-scores; a rep with nothing to measure takes the mean, z = 0). Clusters are
/// numbered by their tenured reps' mean wins, best first: cluster 1 is the top performers' unless no cluster has a tenured
/// rep. New hires in it are flagged. A cluster is explained by its centroid's largest z-scores.
/// </summary>
public static class BehaviourClustering
{
    public const int DistinctiveMetrics = 3;

    /// <summary>Below this a centroid's z-score does not set its cluster apart.</summary>
    public const double DistinctiveThreshold = 0.25;

    public static BehaviourClusterResult Cluster(IReadOnlyList<RepFigures> reps, int clusterCount, int seed)
    {
        var metrics = BehaviourMetricReader.All;
        var statistics = metrics.Select(metric =>
        {
            var values = reps.Select(r => r.Metrics[metric]).OfType<double>().ToList();
            var mean = values.Count == 0 ? 0 : values.Average();
            var deviation = values.Count == 0 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
            return new MetricStatistics(metric, mean, deviation);
        }).ToList();

        var z = reps.Select(r => statistics.Select(s => r.Metrics[s.Metric] is { } value && s.StandardDeviation > 0 ? (value - s.Mean) / s.StandardDeviation : 0).ToArray()).ToList();
        var k = Math.Min(clusterCount, reps.Count);
        var labels = k <= 1 ? reps.Select(_ => 0).ToArray() : KMeans(z, k, seed);

        var groups = Enumerable.Range(0, k).Select(label => Enumerable.Range(0, reps.Count).Where(i => labels[i] == label).ToList()).Where(g => g.Count > 0).ToList();
        // Best first: mean wins of the tenured reps; clusters of new hires only come last; ties by size, then by the first member.
        var ordered = groups
            .Select(g => (Rows: g, MeanWins: g.Where(i => !reps[i].IsNewHire).Select(i => (double?)reps[i].Wins).Average()))
            .OrderByDescending(g => g.MeanWins.HasValue).ThenByDescending(g => g.MeanWins ?? 0).ThenByDescending(g => g.Rows.Count).ThenBy(g => reps[g.Rows[0]].MemberId)
            .ToList();

        var clusters = new List<BehaviourCluster>();
        var clusterOf = new int[reps.Count];
        foreach (var (group, index) in ordered.Select((g, i) => (g, i + 1)))
        {
            var centroid = statistics.Select((s, m) => new MetricScore(s.Metric, group.Rows.Average(i => reps[i].Metrics[s.Metric] ?? s.Mean), group.Rows.Average(i => z[i][m]))).ToList();
            var distinctive = centroid.Where(c => Math.Abs(c.ZScore) >= DistinctiveThreshold)
                .OrderByDescending(c => Math.Abs(c.ZScore)).ThenBy(c => c.Metric).Take(DistinctiveMetrics).ToList();
            var top = index == 1 && group.MeanWins.HasValue;
            clusters.Add(new BehaviourCluster(index, group.Rows.Select(i => reps[i].MemberId).ToList(), top, group.MeanWins, centroid, distinctive));
            foreach (var row in group.Rows)
            {
                clusterOf[row] = index;
            }
        }

        var topIndex = clusters.FirstOrDefault(c => c.IsTopPerformers)?.Index;
        var repResults = reps.Select((r, i) => new RepBehaviour(r.MemberId, r.IsNewHire, r.Wins, clusterOf[i], r.IsNewHire && clusterOf[i] == topIndex,
            statistics.Select((s, m) => new MetricScore(s.Metric, r.Metrics[s.Metric], z[i][m])).ToList())).ToList();
        return new BehaviourClusterResult(statistics, clusters, repResults, seed);
    }

    public static string Describe(BehaviourMetric metric) => metric switch
    {
        BehaviourMetric.TechnicalResponseRate => "answers technical questions within 24 h",
        BehaviourMetric.FollowUpsPerWeek => "follow-ups a week",
        BehaviourMetric.VideoDemosPerWeek => "video demos a week",
        BehaviourMetric.VisitsPerWeek => "visits a week",
        BehaviourMetric.ProposalRevisions => "proposal revisions per opportunity",
        BehaviourMetric.StageAdvanceRate => "stage advances",
        BehaviourMetric.LeadConversionRate => "lead conversion",
        BehaviourMetric.FastFirstResponseRate => "first responses within 30 minutes",
        BehaviourMetric.CompetitorComparisonRate => "competitor comparisons",
        BehaviourMetric.PriceConcernRate => "price concerns",
        BehaviourMetric.PositiveOutcomeRate => "positive outcomes",
        _ => "follow-ups with a next step",
    };

    private sealed class Row
    {
        [VectorType(12)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        [ColumnName("PredictedLabel")]
        public uint Label { get; set; }
    }

    private static int[] KMeans(IReadOnlyList<double[]> rows, int k, int seed)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r.Select(v => (float)v).ToArray() }));
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            NumberOfClusters = k,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = 1,
            MaximumNumberOfIterations = 1000,
        });
        var model = trainer.Fit(data);
        return ml.Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false).Select(p => (int)p.Label - 1).ToArray();
    }
}
