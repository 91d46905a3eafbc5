using System.Globalization;
using System.Text.Json;
using HeadlessSales.Api.Features.Enablement;
using Lucene.Net.Store;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// The coach's retrieval quality on the labelled set in CoachQuality/ (composed by compose.py there): recall@3 (the
/// expected case among the first three) and MRR, overall and on the summaries whose case has near neighbours (the same
/// customer segment and product in other situations), beside plain BM25 over the same text; on the labelled summaries and
/// on held-out ones in wordings the lexicons were not written from. Misses are printed with what came first instead. The figures are printed
/// and recorded in the feature's NOTES.md; the goal (recall@3 ≥ 0.92, MRR ≥ 0.8) is not asserted, since it is not met yet.
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

    [Fact]
    public void Recall_at_3_and_MRR_of_the_coach_beside_plain_BM25()
    {
        var cases = Load<LabelledCase[]>("cases.json");
        using var retrieval = new CaseRetrieval(new RAMDirectory(), SituationLexicon.Default);
        // The other tenant holds the same library under other ids: none of them may ever be retrieved.
        retrieval.Put(cases.SelectMany(c => new[] { Text(c, Tenant, IdOf(c.Key)), Text(c, OtherTenant, 10_000 + IdOf(c.Key)) }));
        var byId = cases.ToDictionary(c => IdOf(c.Key));

        var report = new List<string>();
        var figures = new Dictionary<(string Set, RetrievalMode Mode), double>();
        foreach (var (set, file) in new[] { ("labelled", "summaries.json"), ("held out", "summaries-heldout.json") })
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
        }

        output.WriteLine(string.Join(Environment.NewLine, report));
        Assert.True(cases.Length >= 100 && Load<LabelledSummary[]>("summaries.json").Length >= 60, "the labelled set is smaller than the issue asks");
        // Reading the situation and expanding the query must beat plain BM25, on the wordings they were not written from too.
        Assert.All(new[] { "labelled", "held out" }, set => Assert.True(figures[(set, RetrievalMode.Coach)] > figures[(set, RetrievalMode.PlainBm25)], $"the coach does not beat plain BM25 on the {set} set"));
    }

    private static double RecallAt3(IReadOnlyCollection<(LabelledSummary Summary, int Rank)> ranks) => ranks.Count(r => r.Rank is > 0 and <= 3) / (double)ranks.Count;

    private static double Mrr(IReadOnlyCollection<(LabelledSummary Summary, int Rank)> ranks) => ranks.Sum(r => r.Rank > 0 ? 1.0 / r.Rank : 0) / ranks.Count;

    private static CaseText Text(LabelledCase c, long tenantId, long id) =>
        new(id, tenantId, c.Title, c.Industry, c.SubSegment, c.CustomerBackground, c.TurningPoints, c.ContractTerms, c.TalkTracks, c.RiskTags);
}
