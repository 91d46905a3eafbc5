using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

public sealed record CaseMatch(WonCase Case, float Score, IReadOnlyList<string> MatchedTerms);

public sealed record TalkTrackSuggestion(string Text, WonCase Case, IReadOnlyList<string> MatchedTerms);

/// <summary>A situation read from the summary, the words that revealed it, and the matched cases that overcame it.</summary>
public sealed record RiskHint(string Tag, IReadOnlyList<string> MatchedTerms, IReadOnlyList<WonCase> Evidence);

public sealed record CoachAdvice(IReadOnlyList<CaseMatch> Cases, IReadOnlyList<TalkTrackSuggestion> TalkTracks, IReadOnlyList<RiskHint> RiskHints);

/// <summary>
/// Answers a rep's summary of a conversation from the tenant's approved cases: the most similar ones, talk tracks taken
/// from them, and the risks the summary speaks of, each with the terms that matched.
/// </summary>
public sealed class Coach(CaseSearchIndex index)
{
    public const int SummaryMaxLength = 4000;
    public const int CaseCount = 3;
    public const int TalkTrackCount = 3;

    public async Task<CoachAdvice> AdviseAsync(SalesDbContext db, Actor actor, string summary, CancellationToken cancellationToken)
    {
        var retrieval = await index.OpenAsync(cancellationToken);
        // A few spare hits: a case the index still holds may have left the library since.
        var hits = retrieval.Search(actor.TenantId, summary, CaseCount * 2);
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

        var riskHints = SituationLexicon.Default.CuesIn(summary)
            .Select(situation => new RiskHint(situation.Tag, situation.Cues, matches.Where(m => m.Case.RiskTags.Contains(situation.Tag)).Select(m => m.Case).ToList()))
            .ToList();
        return new CoachAdvice(matches, talkTracks, riskHints);
    }
}
