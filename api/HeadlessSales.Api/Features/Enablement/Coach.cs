using System.Collections.Concurrent;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

public sealed record CaseMatch(WonCase Case, float Score, IReadOnlyList<string> MatchedTerms);

public sealed record TalkTrackSuggestion(string Text, WonCase Case, IReadOnlyList<string> MatchedTerms);

/// <summary>Where a risk hint was read: the summary's words, or the opportunity's own records.</summary>
public enum RiskSource
{
    Summary,
    Opportunity,
}

/// <summary>
/// A risk: read from the summary (with the words that revealed it) or from the opportunity (with its facts), and the
/// matched cases that overcame it.
/// </summary>
public sealed record RiskHint(string Tag, RiskSource Source, IReadOnlyList<string> MatchedTerms, IReadOnlyList<WonCase> Evidence, string? Reason = null,
    OpportunityEvidence? Opportunity = null);

public sealed record CoachAdvice(IReadOnlyList<CaseMatch> Cases, IReadOnlyList<TalkTrackSuggestion> TalkTracks, IReadOnlyList<RiskHint> RiskHints);

/// <summary>
/// Answers a rep's summary of a conversation from the tenant's approved cases: the most similar ones, talk tracks taken
/// from them, and the risks the summary speaks of, each with the terms that matched.
/// </summary>
public sealed class Coach(CaseSearchIndex index, TimeProvider clock)
{
    /// <summary>Each tenant's lexicon with the tag catalog it was built from: rebuilt only when the catalog changes.</summary>
    private readonly ConcurrentDictionary<long, (string Catalog, SituationLexicon Lexicon)> _lexicons = new();

    public const int SummaryMaxLength = 4000;
    public const int CaseCount = 3;
    public const int TalkTrackCount = 3;

    /// <param name="opportunityId">An opportunity the caller sees, when the conversation was about one: its own risks join the hints and the query.</param>
    public async Task<CoachAdvice> AdviseAsync(SalesDbContext db, Actor actor, string summary, long? opportunityId, CancellationToken cancellationToken)
    {
        var retrieval = await index.OpenAsync(cancellationToken);
        var opportunityRisks = opportunityId is { } id
            ? await OpportunityRisks.ReadAsync(db, id, clock.GetUtcNow().UtcDateTime, cancellationToken)
            : [];
        // The tenant's tag catalog is a synonym map: a tag it renamed (报价异议 for PRICE_CONCERN) still tells its situation.
        var tags = await db.ActivityTags.AsNoTracking().Where(t => t.RetiredAt == null).OrderBy(t => t.Code)
            .Select(t => new { t.Code, t.NameZh, t.NameEn }).ToListAsync(cancellationToken);
        var catalog = string.Join('\u001f', tags.Select(t => $"{t.Code}\u001e{t.NameZh}\u001e{t.NameEn}"));
        var lexicon = _lexicons.TryGetValue(actor.TenantId, out var cached) && cached.Catalog == catalog
            ? cached.Lexicon
            : (_lexicons[actor.TenantId] = (catalog, SituationLexicon.Default.WithTags(tags.Select(t => (t.Code, t.NameZh, t.NameEn))))).Lexicon;
        // A few spare hits: a case the index still holds may have left the library since.
        var hits = retrieval.Search(actor.TenantId, summary, CaseCount * 2, RetrievalMode.Coach, [.. opportunityRisks.Select(r => r.Tag)], lexicon);
        var ids = hits.Select(h => h.CaseId).ToList();
        var cases = await WonCaseVisibility.Visible(db, actor).AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.Status == WonCaseStatus.Approved).ToDictionaryAsync(c => c.Id, cancellationToken);
        var matches = hits.Where(h => cases.ContainsKey(h.CaseId)).Take(CaseCount).Select(h => new CaseMatch(cases[h.CaseId], h.Score, h.MatchedTerms)).ToList();

        var summaryTerms = retrieval.Terms(summary).ToHashSet();
        var talkTracks = matches
            .SelectMany((match, rank) => match.Case.TalkTracks.Select(track => (Track: track, match.Case, Rank: rank, Matched: retrieval.Terms(track).Where(summaryTerms.Contains).Distinct().ToList())))
            .OrderByDescending(t => t.Matched.Count).ThenBy(t => t.Rank)
            .Take(TalkTrackCount)
            .Select(t => new TalkTrackSuggestion(t.Track, t.Case, t.Matched))
            .ToList();

        IReadOnlyList<WonCase> Overcame(string tag) => [.. matches.Where(m => m.Case.RiskTags.Contains(tag)).Select(m => m.Case)];
        var riskHints = lexicon.CuesIn(summary)
            .Select(situation => new RiskHint(situation.Tag, RiskSource.Summary, situation.Cues, Overcame(situation.Tag)))
            .Concat(opportunityRisks.Select(risk => new RiskHint(risk.Tag, RiskSource.Opportunity, [], Overcame(risk.Tag), risk.Reason, risk.Evidence)))
            .ToList();
        return new CoachAdvice(matches, talkTracks, riskHints);
    }
}
