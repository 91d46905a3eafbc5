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

    public IReadOnlyList<CaseHit> Search(long tenantId, string summary, int count, RetrievalMode mode = RetrievalMode.Coach)
    {
        var terms = Terms(summary).Distinct().ToList();
        var situations = mode == RetrievalMode.Coach ? _lexicon.SituationsIn(summary) : [];
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(TenantField, tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture))), Occur.MUST },
        };
        var matching = new BooleanQuery();
        foreach (var term in terms)
        {
            if (mode == RetrievalMode.PlainBm25)
            {
                matching.Add(new TermQuery(new Term(AllField, term)), Occur.SHOULD);
                continue;
            }

            foreach (var (field, boost) in Fields)
            {
                matching.Add(new TermQuery(new Term(field, term)) { Boost = boost }, Occur.SHOULD);
            }
        }

        // A situation read from colloquial words ("隔壁便宜两成" → 价格疑虑, 竞品对比) meets the case's tags and its text.
        foreach (var situation in situations)
        {
            matching.Add(new TermQuery(new Term("risktag", situation)) { Boost = 4.0f }, Occur.SHOULD);
        }

        if (matching.Clauses.Count == 0)
        {
            return [];
        }

        query.Add(matching, Occur.MUST);
        var searcher = _searchers.Acquire();
        try
        {
            searcher.Similarity = new BM25Similarity();
            var top = searcher.Search(query, count);
            return top.ScoreDocs.Select(hit =>
            {
                var document = searcher.Doc(hit.Doc);
                var caseTerms = Terms(document.Get(AllField)).ToHashSet();
                var caseTags = document.GetValues("risktag").ToHashSet();
                var matched = terms.Where(caseTerms.Contains).Concat(situations.Where(caseTags.Contains)).Distinct().ToList();
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
            new TextField(AllField, string.Join('\n', text.Title, text.Industry, text.SubSegment, text.CustomerBackground, text.TurningPoints,
                text.ContractTerms, string.Join('\n', text.TalkTracks), string.Join(' ', text.RiskTags)), Field.Store.YES),
        };
        foreach (var tag in text.RiskTags.Concat(_lexicon.SituationsIn($"{text.CustomerBackground}\n{text.TurningPoints}")).Distinct())
        {
            document.Add(new StringField("risktag", tag, Field.Store.YES));
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

/// <summary>
/// The situations a text speaks of, read from its everyday words: a rep writes "客户嫌贵" and means the tag 价格疑虑. The
/// built-in vocabulary covers the common sales situations; a tenant's tag vocabulary would extend it (see NOTES.md).
/// </summary>
public sealed class SituationLexicon(IReadOnlyDictionary<string, string[]> cues)
{
    public static SituationLexicon Default { get; } = new(new Dictionary<string, string[]>
    {
        ["价格疑虑"] = ["嫌贵", "太贵", "贵了", "便宜", "价格", "报价", "预算", "砍价", "降价", "折扣", "让利", "超预算", "成本"],
        ["竞品对比"] = ["竞品", "竞争对手", "对手", "友商", "别家", "隔壁", "其他厂家", "另一家", "比价"],
        ["决策人缺位"] = ["老板", "拍板", "决策", "领导", "董事长", "总经理", "见不到", "没见到", "上面"],
        ["交付疑虑"] = ["交期", "交付", "工期", "上线", "延期", "来不及", "周期"],
        ["技术疑虑"] = ["兼容", "对接", "接口", "稳定", "性能", "技术", "安全", "数据迁移"],
        ["回款风险"] = ["账期", "回款", "付款", "预付", "垫资", "资金"],
        ["推进停滞"] = ["没消息", "不回", "拖着", "搁置", "停滞", "没动静", "再等等", "下个季度"],
        ["售后顾虑"] = ["售后", "维保", "服务", "培训", "运维"],
    });

    public IReadOnlyList<string> SituationsIn(string text) => [.. CuesIn(text).Select(s => s.Tag)];

    /// <summary>Each situation the text speaks of, with the words that tell it.</summary>
    public IReadOnlyList<(string Tag, IReadOnlyList<string> Cues)> CuesIn(string text) =>
        [.. cues.Select(situation => (Tag: situation.Key, Cues: (IReadOnlyList<string>)[.. situation.Value.Prepend(situation.Key).Where(cue => text.Contains(cue, StringComparison.Ordinal))]))
            .Where(situation => situation.Cues.Count > 0)];
}
