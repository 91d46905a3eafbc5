using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The text of an approved case as the index holds it.</summary>
public sealed record CaseText(
    long Id, long TenantId, string Title, string Industry, string? SubSegment, string CustomerBackground, string TurningPoints,
    string ContractTerms, IReadOnlyList<string> TalkTracks, IReadOnlyList<string> RiskTags)
{
    public static CaseText Of(WonCase c) =>
        new(c.Id, c.TenantId, c.Title, c.Industry, c.SubSegment, c.CustomerBackground, c.TurningPoints, c.ContractTerms, c.TalkTracks, c.RiskTags);
}

/// <summary>One retrieved case: its score and which of the summary's terms (and situations read from it) it matched.</summary>
public sealed record CaseHit(long CaseId, float Score, IReadOnlyList<string> MatchedTerms);

/// <summary>How a summary is turned into a query: the coach's, or the plain baseline the quality figures are measured against.</summary>
public enum RetrievalMode
{
    /// <summary>Fields weighted, and the situation read from the summary (objections, stage, decision chain) matched to the case's tags.</summary>
    Coach,

    /// <summary>Plain BM25 over all of a case's text as one field, the summary's terms as they are.</summary>
    PlainBm25,
}

/// <summary>
/// Chinese-aware full-text retrieval of approved cases: SmartCn segmentation, BM25, one index for all tenants with the
/// tenant as a required term, so that a case of another tenant is never a candidate.
/// </summary>
public sealed class CaseRetrieval : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string TenantField = "tenant";
    private const string AllField = "all";
    private const string SituationField = "risktag";

    /// <summary>The case's distinct terms, stored so that a hit's matched terms are read without segmenting its text again.</summary>
    private const string TermsField = "terms_stored";

    /// <summary>An expansion counts less than a word the rep wrote: it is a guess at what they meant.</summary>
    private const float ExpansionWeight = 0.6f;

    private const float SituationBoost = 4.0f;

    private static readonly BM25Similarity Similarity = new();

    /// <summary>The weighted fields: what a case is about (industry, the risks it overcame, its turning points) counts most.</summary>
    private static readonly (string Name, float Boost)[] Fields =
    [
        ("title", 1.5f), ("industry", 2.0f), ("background", 1.0f), ("turning", 1.5f), ("terms", 0.5f), ("tracks", 1.0f), ("risks", 2.5f),
    ];

    private readonly Analyzer _analyzer = new SmartChineseAnalyzer(Version);
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SituationLexicon _lexicon;

    public CaseRetrieval(LuceneDirectory directory, SituationLexicon lexicon)
    {
        _lexicon = lexicon;
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE_OR_APPEND };
        _writer = new IndexWriter(directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    public bool IsEmpty => _writer.NumDocs == 0;

    /// <summary>Adds or replaces cases; searchable once this returns.</summary>
    public void Put(IEnumerable<CaseText> cases)
    {
        foreach (var text in cases)
        {
            _writer.UpdateDocument(new Term(IdField, text.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ToDocument(text));
        }

        _writer.Commit();
        _searchers.MaybeRefreshBlocking();
    }

    /// <param name="knownSituations">Situations known apart from the summary (the opportunity's own risks), matched as those read from it.</param>
    /// <param name="lexicon">The tenant's lexicon (the built-in one extended by its tag vocabulary); the index's own when left out.</param>
    public IReadOnlyList<CaseHit> Search(long tenantId, string summary, int count, RetrievalMode mode = RetrievalMode.Coach, IReadOnlyCollection<string>? knownSituations = null,
        SituationLexicon? lexicon = null)
    {
        lexicon ??= _lexicon;
        var terms = Terms(summary).Distinct().ToList();
        var situations = mode == RetrievalMode.Coach ? lexicon.SituationsIn(summary).Concat(knownSituations ?? []).Distinct().ToList() : [];
        // Query expansion: a rep's everyday words for a need or a customer segment bring the words a case is written in.
        var expansions = mode == RetrievalMode.Coach ? Terms(string.Join(' ', CaseVocabulary.ExpansionsOf(summary))).Distinct().Except(terms).ToList() : [];
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(TenantField, tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture))), Occur.MUST },
        };
        var matching = new BooleanQuery();
        foreach (var (term, weight) in terms.Select(t => (t, 1.0f)).Concat(expansions.Select(t => (t, ExpansionWeight))))
        {
            if (mode == RetrievalMode.PlainBm25)
            {
                matching.Add(new TermQuery(new Term(AllField, term)), Occur.SHOULD);
                continue;
            }

            foreach (var (field, boost) in Fields)
            {
                matching.Add(new TermQuery(new Term(field, term)) { Boost = boost * weight }, Occur.SHOULD);
            }
        }

        // A situation read from colloquial words ("隔壁便宜两成" → 价格疑虑, 竞品对比) meets the situations the case overcame.
        foreach (var situation in situations)
        {
            matching.Add(new TermQuery(new Term(SituationField, situation)) { Boost = SituationBoost }, Occur.SHOULD);
        }

        if (matching.Clauses.Count == 0)
        {
            return [];
        }

        query.Add(matching, Occur.MUST);
        var searcher = _searchers.Acquire();
        try
        {
            searcher.Similarity = Similarity;
            var top = searcher.Search(query, count);
            var sought = terms.Concat(expansions).ToList();
            return top.ScoreDocs.Select(hit =>
            {
                var document = searcher.Doc(hit.Doc);
                var caseTerms = document.GetValues(TermsField).ToHashSet();
                var caseSituations = document.GetValues(SituationField).ToHashSet();
                var matched = sought.Where(caseTerms.Contains).Concat(situations.Where(caseSituations.Contains)).Distinct().ToList();
                return new CaseHit(long.Parse(document.Get(IdField), System.Globalization.CultureInfo.InvariantCulture), hit.Score, matched);
            }).ToList();
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>The summary's words as the index segments them, without punctuation and one-character particles.</summary>
    public IEnumerable<string> Terms(string text)
    {
        using var stream = _analyzer.GetTokenStream(AllField, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var terms = new List<string>();
        while (stream.IncrementToken())
        {
            var word = term.ToString();
            if (word.Length > 1 || (word.Length == 1 && !char.IsPunctuation(word[0]) && word[0] > 0x2E80 && !StopCharacters.Contains(word[0])))
            {
                terms.Add(word);
            }
        }

        stream.End();
        return terms;
    }

    private const string StopCharacters = "的了是在我他她它们说也就都和跟很还又要会这那个把被着吗呢吧啊";

    private Document ToDocument(CaseText text)
    {
        var id = text.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var document = new Document
        {
            new StringField(IdField, id, Field.Store.YES),
            new StringField(TenantField, text.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.NO),
            new TextField("title", text.Title, Field.Store.NO),
            new TextField("industry", $"{text.Industry} {text.SubSegment}", Field.Store.NO),
            new TextField("background", text.CustomerBackground, Field.Store.NO),
            new TextField("turning", text.TurningPoints, Field.Store.NO),
            new TextField("terms", text.ContractTerms, Field.Store.NO),
            new TextField("tracks", string.Join('\n', text.TalkTracks), Field.Store.NO),
            new TextField("risks", string.Join(' ', text.RiskTags), Field.Store.NO),
        };
        var all = string.Join('\n', text.Title, text.Industry, text.SubSegment, text.CustomerBackground, text.TurningPoints,
            text.ContractTerms, string.Join('\n', text.TalkTracks), string.Join(' ', text.RiskTags));
        document.Add(new TextField(AllField, all, Field.Store.NO));
        foreach (var term in Terms(all).Distinct())
        {
            document.Add(new StoredField(TermsField, term));
        }

        // The situations the case overcame are the ones its author tagged; only an untagged case has them read from its
        // turning points (its background speaks of the project, whose words — 上线, 付款 — are no obstacle).
        foreach (var tag in text.RiskTags.Count > 0 ? text.RiskTags : _lexicon.SituationsIn(text.TurningPoints))
        {
            document.Add(new StringField(SituationField, tag, Field.Store.YES));
        }

        return document;
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
    }
}
