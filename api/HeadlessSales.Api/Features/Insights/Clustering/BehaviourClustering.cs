using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace HeadlessSales.Api.Features.Insights.Clustering;

/// <param name="Weight">What the metric counts for in the clustering: its correlation with the tenured reps' wins, or 1 for every metric when the scope has too few tenured reps to learn from.</param>
public sealed record MetricStatistics(BehaviourMetric Metric, double Mean, double StandardDeviation, double Weight);

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
/// standardized over the reps of the scope (z-scores; a rep with nothing to measure takes the mean, z = 0) and, when the
/// scope has enough tenured reps to learn from, weighted by how well it goes with their wins (its correlation with them):
/// behaviour that does not separate winners from the rest then barely moves a rep between clusters. Clusters are numbered
/// by their tenured reps' mean wins, best first: cluster 1 is the top performers' unless no cluster has a tenured rep. The
/// new hires are ranked by how far their behaviour leans towards the top performers' centroid and the top fifth of them
/// flagged (with too few tenured reps: a new hire in cluster 1). A cluster is explained by its centroid's
/// largest (unweighted) z-scores.
/// </summary>
public static class BehaviourClustering
{
    public const int DistinctiveMetrics = 3;

    /// <summary>Below this a centroid's z-score does not set its cluster apart.</summary>
    public const double DistinctiveThreshold = 0.25;

    /// <summary>Below this many tenured reps with different wins, correlations are noise: metrics count alike.</summary>
    public const int MinTenuredToLearnFrom = 10;

    /// <summary>The share of the new hires flagged, those leaning furthest towards the top centroid: the issue's "top 20 %".</summary>
    public const double TopShare = 0.2;

    public static BehaviourClusterResult Cluster(IReadOnlyList<RepFigures> reps, int clusterCount, int seed)
    {
        var metrics = BehaviourMetricReader.All;
        var moments = metrics.Select(metric =>
        {
            var values = reps.Select(r => r.Metrics[metric]).OfType<double>().ToList();
            var mean = values.Count == 0 ? 0 : values.Average();
            var deviation = values.Count == 0 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
            return (Metric: metric, Mean: mean, Deviation: deviation);
        }).ToList();

        var z = reps.Select(r => moments.Select(s => r.Metrics[s.Metric] is { } value && s.Deviation > 0 ? (value - s.Mean) / s.Deviation : 0).ToArray()).ToList();
        var weights = WinWeights(reps, z);
        var statistics = moments.Select((s, m) => new MetricStatistics(s.Metric, s.Mean, s.Deviation, weights?[m] ?? 1)).ToList();
        var features = weights is null ? z : z.Select(row => row.Select((v, m) => v * weights[m]).ToArray()).ToList();
        var k = Math.Min(clusterCount, reps.Count);
        var labels = k <= 1 ? reps.Select(_ => 0).ToArray() : KMeans(features, k, seed);

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
        var flagged = Flag(reps, features, clusterOf, topIndex, learned: weights is not null);
        var repResults = reps.Select((r, i) => new RepBehaviour(r.MemberId, r.IsNewHire, r.Wins, clusterOf[i], flagged[i],
            statistics.Select((s, m) => new MetricScore(s.Metric, r.Metrics[s.Metric], z[i][m])).ToList())).ToList();
        return new BehaviourClusterResult(statistics, clusters, repResults, seed);
    }

    /// <summary>
    /// Each metric's correlation (Pearson) with the wins over the tenured reps; null when there are fewer than
    /// <see cref="MinTenuredToLearnFrom"/> of them, their wins are all alike, or no metric goes with them.
    /// </summary>
    private static double[]? WinWeights(IReadOnlyList<RepFigures> reps, IReadOnlyList<double[]> z)
    {
        var tenured = Enumerable.Range(0, reps.Count).Where(i => !reps[i].IsNewHire).ToList();
        if (tenured.Count < MinTenuredToLearnFrom)
        {
            return null;
        }

        var meanWins = tenured.Average(i => (double)reps[i].Wins);
        var winSpread = Math.Sqrt(tenured.Sum(i => (reps[i].Wins - meanWins) * (reps[i].Wins - meanWins)));
        if (winSpread == 0)
        {
            return null;
        }

        var weights = Enumerable.Range(0, BehaviourMetricReader.All.Count).Select(m =>
        {
            var mean = tenured.Average(i => z[i][m]);
            var spread = Math.Sqrt(tenured.Sum(i => (z[i][m] - mean) * (z[i][m] - mean)));
            return spread == 0 ? 0 : tenured.Sum(i => (z[i][m] - mean) * (reps[i].Wins - meanWins)) / (spread * winSpread);
        }).ToArray();
        return weights.All(w => w == 0) ? null : weights;
    }

    /// <summary>
    /// With learned weights: the top fifth of the new hires (rounded, at least one) by how far they lean towards the top
    /// centroid (the dot product of their weighted z-scores with it); ties by member id. Without: a new hire in the top cluster.
    /// </summary>
    private static bool[] Flag(IReadOnlyList<RepFigures> reps, IReadOnlyList<double[]> features, int[] clusterOf, int? topIndex, bool learned)
    {
        if (topIndex is null)
        {
            return new bool[reps.Count];
        }

        if (!learned)
        {
            return reps.Select((r, i) => r.IsNewHire && clusterOf[i] == topIndex).ToArray();
        }

        var members = Enumerable.Range(0, reps.Count).Where(i => clusterOf[i] == topIndex).ToList();
        var centroid = Enumerable.Range(0, features[0].Length).Select(m => members.Average(i => features[i][m])).ToArray();
        var lean = features.Select(row => row.Select((v, m) => v * centroid[m]).Sum()).ToArray();
        // As many as the top share of the new hires: a threshold taken from the tenured reps' edge flagged too few or too
        // many as the new hires' spread drifted from theirs, and cost a point and a half of accuracy on the tuning teams.
        var newHires = Enumerable.Range(0, reps.Count).Where(i => reps[i].IsNewHire).ToList();
        var flagCount = Math.Max(1, (int)Math.Round(TopShare * newHires.Count, MidpointRounding.AwayFromZero));
        var flagged = new bool[reps.Count];
        foreach (var i in newHires.OrderByDescending(i => lean[i]).ThenBy(i => reps[i].MemberId).Take(flagCount))
        {
            flagged[i] = true;
        }

        return flagged;
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
