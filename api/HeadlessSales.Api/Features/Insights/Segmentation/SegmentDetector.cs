using HeadlessSales.Api.Features.Customers;

namespace HeadlessSales.Api.Features.Insights.Segmentation;

/// <summary>Where a piece of evidence was read.</summary>
public enum SegmentEvidenceSource
{
    AccountName,
    ProductInterest,
    DocumentName,
    FollowUp,
}

public enum SegmentDetectionStatus
{
    /// <summary>The account's sub-segment is the detected one.</summary>
    Confirmed,

    /// <summary>The account has no sub-segment; the detected one is suggested.</summary>
    Missing,

    /// <summary>The account has another sub-segment than the detected one, which is suggested.</summary>
    Contradicts,

    /// <summary>No evidence, or two sub-segments tie: nothing is suggested.</summary>
    Undetermined,
}

/// <summary>A text of one of an account's records; <paramref name="RecordType"/> is the record's GraphQL type name.</summary>
public sealed record SegmentText(SegmentEvidenceSource Source, string RecordType, long RecordId, string Text);

public sealed record SegmentEvidence(SegmentEvidenceSource Source, string RecordType, long RecordId, string SubSegment, string Keyword, int Points, string Excerpt);

public sealed record SegmentScore(string SubSegment, Industry Industry, int Points);

public sealed record SegmentDetection(
    long AccountId,
    string? CurrentSubSegment,
    Industry CurrentIndustry,
    SegmentScore? Detected,
    SegmentDetectionStatus Status,
    IReadOnlyList<SegmentScore> Scores,
    IReadOnlyList<SegmentEvidence> Evidence)
{
    public bool IsSuggestion => Status is SegmentDetectionStatus.Missing or SegmentDetectionStatus.Contradicts;
}

/// <summary>
/// Scores every sub-segment of the lexicon on an account's texts. A keyword found in a record scores its weight times the
/// source's weight, once per record however often it occurs there: the account's own name (3) says most, a product the
/// customer asked about or a file they exchanged (2) less, a follow-up's notes (1) least. The highest score wins when no
/// other ties it.
/// </summary>
public static class SegmentDetector
{
    private const int ExcerptRadius = 12;

    public static int SourceWeight(SegmentEvidenceSource source) => source switch
    {
        SegmentEvidenceSource.AccountName => 3,
        SegmentEvidenceSource.ProductInterest or SegmentEvidenceSource.DocumentName => 2,
        _ => 1,
    };

    public static SegmentDetection Detect(long accountId, string? currentSubSegment, Industry currentIndustry, IReadOnlyList<SegmentEntry> lexicon, IEnumerable<SegmentText> texts)
    {
        var evidence = new List<SegmentEvidence>();
        foreach (var text in texts)
        {
            foreach (var entry in lexicon)
            {
                foreach (var (keyword, weight) in entry.Keywords)
                {
                    var at = text.Text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase);
                    if (at >= 0)
                    {
                        evidence.Add(new SegmentEvidence(text.Source, text.RecordType, text.RecordId, entry.SubSegment, keyword, weight * SourceWeight(text.Source), Excerpt(text.Text, at, keyword.Length)));
                    }
                }
            }
        }

        var scores = lexicon
            .Select(e => new SegmentScore(e.SubSegment, e.Industry, evidence.Where(x => x.SubSegment == e.SubSegment).Sum(x => x.Points)))
            .Where(s => s.Points > 0)
            .OrderByDescending(s => s.Points).ThenBy(s => s.SubSegment, StringComparer.Ordinal)
            .ToList();
        var detected = scores.Count > 0 && (scores.Count == 1 || scores[0].Points > scores[1].Points) ? scores[0] : null;
        var current = string.IsNullOrWhiteSpace(currentSubSegment) ? null : currentSubSegment.Trim();
        var status = detected is null ? SegmentDetectionStatus.Undetermined
            : current is null ? SegmentDetectionStatus.Missing
            : current == detected.SubSegment ? SegmentDetectionStatus.Confirmed
            : SegmentDetectionStatus.Contradicts;
        var ordered = evidence.OrderByDescending(e => e.Points).ThenBy(e => e.Source).ThenBy(e => e.RecordId).ThenBy(e => e.Keyword, StringComparer.Ordinal).ToList();
        return new SegmentDetection(accountId, current, currentIndustry, detected, status, scores, ordered);
    }

    private static string Excerpt(string text, int at, int length)
    {
        var start = Math.Max(0, at - ExcerptRadius);
        var end = Math.Min(text.Length, at + length + ExcerptRadius);
        return (start > 0 ? "…" : "") + text[start..end].ReplaceLineEndings(" ") + (end < text.Length ? "…" : "");
    }
}
