using System.Globalization;
using System.Text.Json;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.Tests.Leads;
using Lucene.Net.Store;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// The coach's retrieval quality on the labelled set in CoachQuality/ (composed by compose.py there): recall@3 (the
/// expected case among the first three) and MRR, overall and on the summaries whose case has near neighbours (the same
/// customer segment and product in other situations), beside plain BM25 over the same text; on the labelled summaries and
/// on held-out ones in wordings the lexicons were not written from, and — when the folder holds summaries-blind.json (same
/// shape) — on a blind set written by someone who saw neither the lexicons nor the other sets. Misses are printed with what
/// came first instead. The figures are printed and recorded in the feature's NOTES.md; the goal (recall@3 ≥ 0.92, MRR ≥ 0.8)
/// is not asserted, since it is not shown met on wordings the vocabulary was not written from.
/// </summary>
public sealed class CoachQualityTests(ITestOutputHelper output)
{
    private const long Tenant = 1;
    private const long OtherTenant = 2;

    private sealed record LabelledCase(string Key, string Industry, string SubSegment, string Product, string Situation, string Title, string CustomerBackground, string TurningPoints,
        string ContractTerms, string[] TalkTracks, string[] RiskTags);

    private sealed record LabelledSummary(string Summary, string Expected, string[] NearNeighbours);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static T Load<T>(string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Enablement", "CoachQuality", file)), Json)!;

    private static long IdOf(string key) => long.Parse(key[1..], CultureInfo.InvariantCulture);

    /// <summary>The sets measured: the labelled one, the held-out one, and a blind one when present.</summary>
    private static IEnumerable<(string Set, string File)> Sets() =>
        new[] { ("labelled", "summaries.json"), ("held out", "summaries-heldout.json"), ("blind", "summaries-blind.json") }
            .Where(set => File.Exists(Path.Combine(AppContext.BaseDirectory, "Enablement", "CoachQuality", set.Item2)));

    /// <param name="pruneFromDocs">From how many cases on the commonest words leave the query (as they do at scale); the default keeps them all here.</param>
    private static CaseRetrieval Library(LabelledCase[] cases, int pruneFromDocs = 1000)
    {
        var retrieval = new CaseRetrieval(new RAMDirectory(), SituationLexicon.Default, pruneFromDocs: pruneFromDocs);
        // The other tenant holds the same library under other ids: none of them may ever be retrieved.
        retrieval.Put(cases.SelectMany(c => new[] { Text(c, Tenant, IdOf(c.Key)), Text(c, OtherTenant, 10_000 + IdOf(c.Key)) }));
        return retrieval;
    }

    [Fact]
    public void Recall_at_3_and_MRR_of_the_coach_beside_plain_BM25()
    {
        var cases = Load<LabelledCase[]>("cases.json");
        using var retrieval = Library(cases);
        // The same library as a 10,000-case one queries it: the words in most cases left out (the speed benchmark's setting).
        using var pruned = Library(cases, pruneFromDocs: 0);
        var byId = cases.ToDictionary(c => IdOf(c.Key));

        var report = new List<string>();
        var figures = new Dictionary<(string Set, RetrievalMode Mode), double>();
        foreach (var (set, file) in Sets())
        {
            var summaries = Load<LabelledSummary[]>(file);
            report.Add($"{set}: {cases.Length} cases, {summaries.Length} summaries ({summaries.Count(s => s.NearNeighbours.Length > 0)} with near neighbours)");
            foreach (var mode in Enum.GetValues<RetrievalMode>())
            {
                var ranks = summaries.Select(s =>
                {
                    var hits = retrieval.Search(Tenant, s.Summary, 10, mode);
                    Assert.All(hits, h => Assert.True(h.CaseId < 10_000, "a case of another tenant was retrieved"));
                    var rank = hits.Select(h => h.CaseId).ToList().IndexOf(IdOf(s.Expected)) + 1;
                    if (mode == RetrievalMode.Coach && rank is 0 or > 3)
                    {
                        // Why it missed: what was expected, and what came first with the terms it matched.
                        var expected = byId[IdOf(s.Expected)];
                        report.Add($"  miss (rank {rank}) {s.Summary}\n    expected {expected.Key} {expected.SubSegment}/{expected.Product}/{expected.Situation}; got "
                            + string.Join("; ", hits.Take(3).Select(h => $"{byId[h.CaseId].Key} {byId[h.CaseId].SubSegment}/{byId[h.CaseId].Product}/{byId[h.CaseId].Situation} [{string.Join(' ', h.MatchedTerms)}]")));
                    }

                    return (Summary: s, Rank: rank);
                }).ToList();
                var near = ranks.Where(r => r.Summary.NearNeighbours.Length > 0).ToList();
                figures[(set, mode)] = Mrr(ranks);
                report.Add($"{set} {mode,-10} overall: recall@3 {RecallAt3(ranks):F3}, MRR {Mrr(ranks):F3}; near neighbours: recall@3 {RecallAt3(near):F3}, MRR {Mrr(near):F3}");
            }

            var atScale = summaries.Select(s => (Summary: s, Rank: pruned.Search(Tenant, s.Summary, 10).Select(h => h.CaseId).ToList().IndexOf(IdOf(s.Expected)) + 1)).ToList();
            var atScaleNear = atScale.Where(r => r.Summary.NearNeighbours.Length > 0).ToList();
            report.Add($"{set} Coach, common words pruned (as at scale): recall@3 {RecallAt3(atScale):F3}, MRR {Mrr(atScale):F3}; near neighbours: recall@3 {RecallAt3(atScaleNear):F3}, MRR {Mrr(atScaleNear):F3}");
        }

        output.WriteLine(string.Join(Environment.NewLine, report));
        Assert.True(cases.Length >= 100 && Load<LabelledSummary[]>("summaries.json").Length >= 60, "the labelled set is smaller than the issue asks");
        // Reading the situation and expanding the query must beat plain BM25, on the wordings they were not written from too.
        Assert.All(Sets(), set => Assert.True(figures[(set.Set, RetrievalMode.Coach)] > figures[(set.Set, RetrievalMode.PlainBm25)], $"the coach does not beat plain BM25 on the {set.Set} set"));
    }

    /// <summary>
    /// How <see cref="RetrievalWeights.Default"/> was chosen (runs with HEADLESSSALES_BENCH set): a grid over the query-time
    /// weights, scored by MRR on the labelled set only (the dev split); the held-out set's figure at the chosen weights is
    /// printed beside it, never used to choose.
    /// </summary>
    [BenchFact]
    public void Query_weights_tuned_on_the_labelled_set()
    {
        var cases = Load<LabelledCase[]>("cases.json");
        using var retrieval = Library(cases);
        var dev = Load<LabelledSummary[]>("summaries.json");
        var check = Load<LabelledSummary[]>("summaries-heldout.json");
        double MrrOf(LabelledSummary[] summaries, RetrievalWeights weights) =>
            Mrr([.. summaries.Select(s => (s, retrieval.Search(Tenant, s.Summary, 10, RetrievalMode.Coach, weights: weights).Select(h => h.CaseId).ToList().IndexOf(IdOf(s.Expected)) + 1))]);

        var grid =
            from situation in new[] { 2f, 3f, 4f, 6f }
            from grams in new[] { 0f, 0.15f, 0.3f, 0.6f }
            from segmentGrams in new[] { 0f, 0.5f, 1f }
            from expansion in new[] { 0.4f, 0.6f, 1f }
            from turning in new[] { 0.5f, 1.5f }
            select RetrievalWeights.Default with { Situation = situation, Grams = grams, SegmentGrams = segmentGrams, Expansion = expansion, Turning = turning };
        var scored = grid.Select(w => (Weights: w, Dev: MrrOf(dev, w))).OrderByDescending(s => s.Dev).ToList();
        foreach (var (weights, devMrr) in scored.Take(10).Append((RetrievalWeights.Default, MrrOf(dev, RetrievalWeights.Default))))
        {
            output.WriteLine($"dev MRR {devMrr:F3}, held-out MRR {MrrOf(check, weights):F3}: {weights}");
        }

        // What the bigrams are for: words the vocabulary does not know. Without the expansions (as if it knew none of the
        // summary's needs and segments), how much do they carry?
        foreach (var grams in new[] { 0f, 0.15f, 0.3f, 0.6f })
        {
            var unaided = RetrievalWeights.Default with { Expansion = 0, Grams = grams };
            output.WriteLine($"without expansions, grams {grams}: dev MRR {MrrOf(dev, unaided):F3}, held-out MRR {MrrOf(check, unaided):F3}");
        }

        Assert.True(scored[0].Dev > 0);
    }

    private static double RecallAt3(IReadOnlyCollection<(LabelledSummary Summary, int Rank)> ranks) => ranks.Count(r => r.Rank is > 0 and <= 3) / (double)ranks.Count;

    private static double Mrr(IReadOnlyCollection<(LabelledSummary Summary, int Rank)> ranks) => ranks.Sum(r => r.Rank > 0 ? 1.0 / r.Rank : 0) / ranks.Count;

    private static CaseText Text(LabelledCase c, long tenantId, long id) =>
        new(id, tenantId, c.Title, c.Industry, c.SubSegment, c.CustomerBackground, c.TurningPoints, c.ContractTerms, c.TalkTracks, c.RiskTags);
}
