using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>One dimension of a rep's radar: their value, and where it stands in their team's distribution.</summary>
/// <param name="Value">Null when the rep's records of the quarter give no value (no proposal, no collected contract …).</param>
/// <param name="Percentile">Share (0–100) of the team's other reps with a value that this rep is better than, ties counted half; null without a value or without another rep to compare.</param>
public sealed record CapabilityScore(CapabilityDimension Dimension, double? Value, double? Percentile, double? TeamMedian, int TeamCount)
{
    /// <summary>Hours and days are better when fewer.</summary>
    public static bool LowerIsBetter(CapabilityDimension dimension) =>
        dimension is CapabilityDimension.ProposalResponseSpeed or CapabilityDimension.CollectionCycle;
}

public sealed record CapabilityRadar(
    long MemberId, long? TeamId, int Year, int Quarter, IReadOnlyList<CapabilityScore> Scores, IReadOnlyList<CapabilityDimension> Weakest,
    IReadOnlyList<TrainingCourse> Courses, IReadOnlyList<WonCase> Cases, IReadOnlyList<PracticeTask> PracticeTasks);

/// <summary>
/// The capability radar of a rep for a calendar quarter (UTC): six dimensions from the records of the rep and of every
/// active rep of their team, each placed in the team's distribution. The counting is done by the database — one query per
/// dimension returns per-rep sums or per-record durations for the whole team (medians are taken here) — so a radar
/// costs a fixed number of queries whatever the team's size.
/// </summary>
public static class CapabilityRadars
{
    public const int RecommendedDimensions = 2;
    public const int RecommendedCases = 3;

    /// <param name="db">Sees the whole tenant: the team's distribution must not depend on who asks.</param>
    public static async Task<CapabilityRadar?> ComputeAsync(SalesDbContext db, long memberId, int year, int quarter, CancellationToken cancellationToken)
    {
        var member = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => new { m.Id, m.TeamId, m.Industry }).FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return null;
        }

        var from = new DateTime(year, (quarter - 1) * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddMonths(3);
        var team = member.TeamId is { } teamId
            ? await db.Members.AsNoTracking().Where(m => m.TeamId == teamId && m.Role == MemberRole.Rep && m.Active).Select(m => m.Id).ToListAsync(cancellationToken)
            : [];
        if (!team.Contains(member.Id))
        {
            team.Add(member.Id);
        }

        var values = new Dictionary<CapabilityDimension, Dictionary<long, double>>();
        var proposalCode = (await db.TargetSettings.AsNoTracking().Select(s => s.ProposalStageCode).FirstOrDefaultAsync(cancellationToken)) ?? new TargetSettings().ProposalStageCode;
        var proposals = await ProposalsAsync(db, team, proposalCode, from, to, cancellationToken);
        values[CapabilityDimension.NeedDiscoveryAccuracy] = proposals.GroupBy(p => p.OwnerId).ToDictionary(g => g.Key, g => (double)g.Count(p => p.Passed) / g.Count());
        values[CapabilityDimension.ProposalResponseSpeed] = proposals.Where(p => p.FirstDocumentAt is not null).GroupBy(p => p.OwnerId)
            .ToDictionary(g => g.Key, g => Median(g.Select(p => (p.FirstDocumentAt!.Value - p.EnteredAt).TotalHours)));
        values[CapabilityDimension.CollectionCycle] = await CollectionDaysAsync(db, team, from, to, cancellationToken);
        values[CapabilityDimension.FollowUpDiscipline] = await FollowUpDisciplineAsync(db, team, from, to, cancellationToken);
        values[CapabilityDimension.StageConversion] = await StageConversionAsync(db, team, from, to, cancellationToken);
        var weeks = (to - from).TotalDays / 7;
        // Every rep who followed up at all in the quarter has a demo frequency, none being 0.
        values[CapabilityDimension.DemoFrequency] = (await db.Activities.AsNoTracking()
                .Where(a => team.Contains(a.MemberId) && a.OccurredAt >= from && a.OccurredAt < to)
                .GroupBy(a => a.MemberId).Select(g => new { MemberId = g.Key, Demos = g.Count(a => a.Kind == ActivityKind.VideoDemo) }).ToListAsync(cancellationToken))
            .ToDictionary(d => d.MemberId, d => d.Demos / weeks);

        var scores = Enum.GetValues<CapabilityDimension>().Select(d => Score(d, values[d], member.Id)).ToList();
        var weakest = scores.Where(s => s.Percentile is not null).OrderBy(s => s.Percentile).ThenBy(s => s.Dimension)
            .Take(RecommendedDimensions).Select(s => s.Dimension).ToList();
        var courses = weakest.Count == 0 ? [] : await db.TrainingCourses.AsNoTracking().Where(c => weakest.Contains(c.Dimension)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        // Approved cases are every reader's library.
        var cases = weakest.Count == 0 || member.Industry is null ? [] : await db.WonCases.AsNoTracking()
            .Where(c => c.Status == WonCaseStatus.Approved && c.Industry == member.Industry)
            .OrderByDescending(c => c.ApprovedAt).ThenByDescending(c => c.Id).Take(RecommendedCases).ToListAsync(cancellationToken);
        var tasks = weakest.Count == 0 || member.Industry is null ? [] : await db.PracticeTasks.AsNoTracking()
            .Where(t => t.Industry == member.Industry).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return new CapabilityRadar(member.Id, member.TeamId, year, quarter, scores, weakest, courses, cases, tasks);
    }

    /// <summary>The rep's value against the team's: percentile among the others with a value (ties half), and the median of all.</summary>
    public static CapabilityScore Score(CapabilityDimension dimension, IReadOnlyDictionary<long, double> values, long memberId)
    {
        var median = values.Count == 0 ? (double?)null : Median(values.Values);
        if (!values.TryGetValue(memberId, out var value))
        {
            return new CapabilityScore(dimension, null, null, median, values.Count);
        }

        var others = values.Where(v => v.Key != memberId).Select(v => v.Value).ToList();
        if (others.Count == 0)
        {
            return new CapabilityScore(dimension, value, null, median, values.Count);
        }

        var lower = CapabilityScore.LowerIsBetter(dimension);
        var beaten = others.Count(o => lower ? value < o : value > o);
        var tied = others.Count(o => o == value);
        return new CapabilityScore(dimension, value, 100.0 * (beaten + 0.5 * tied) / others.Count, median, values.Count);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private sealed record ProposalEntry(long OwnerId, DateTime EnteredAt, bool Passed, DateTime? FirstDocumentAt);

    /// <summary>
    /// Entries of the team's opportunities into the proposal stage in the quarter: whether the opportunity later entered a
    /// stage further on (need discovery was right), and the first document put on it after the entry (the proposal).
    /// </summary>
    private static async Task<List<ProposalEntry>> ProposalsAsync(SalesDbContext db, List<long> team, string proposalCode, DateTime start, DateTime end, CancellationToken cancellationToken) =>
        await (from e in db.Set<OpportunityStageEntry>()
               join o in db.Opportunities on e.OpportunityId equals o.Id
               join s in db.PipelineStages on e.StageId equals s.Id
               where team.Contains(o.OwnerId) && s.Code == proposalCode && e.EnteredAt >= start && e.EnteredAt < end
               select new ProposalEntry(
                   o.OwnerId,
                   e.EnteredAt,
                   db.Set<OpportunityStageEntry>().Any(f => f.OpportunityId == e.OpportunityId && f.EnteredAt > e.EnteredAt
                       && db.Set<PipelineStage>().Any(later => later.Id == f.StageId && later.Position > s.Position)),
                   db.Set<Document>().Where(d => d.OpportunityId == e.OpportunityId && d.CreatedAt >= e.EnteredAt).Min(d => (DateTime?)d.CreatedAt)))
            .AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>Median days from signature to full collection, of the team's contracts fully collected in the quarter.</summary>
    private static async Task<Dictionary<long, double>> CollectionDaysAsync(SalesDbContext db, List<long> team, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var fromDay = DateOnly.FromDateTime(from);
        var toDay = DateOnly.FromDateTime(to);
        var rows = await db.Contracts.AsNoTracking()
            .Where(c => team.Contains(c.OwnerId) && c.SignedAt != null && c.CollectedAmount >= c.Amount && c.Amount > 0)
            .Select(c => new { c.OwnerId, SignedAt = c.SignedAt!.Value, Last = db.Set<PaymentCollection>().Where(p => p.ContractId == c.Id).Max(p => (DateOnly?)p.ReceivedOn) })
            .Where(c => c.Last != null && c.Last >= fromDay && c.Last < toDay)
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.OwnerId).ToDictionary(g => g.Key,
            g => Median(g.Select(r => Math.Max(0, (r.Last!.Value.ToDateTime(TimeOnly.MinValue) - r.SignedAt.Date).TotalDays))));
    }

    /// <summary>
    /// Of the team's follow-ups logged in the quarter with a next step due, the share whose next follow-up on the same
    /// subject by the same rep came by the end of its due day.
    /// </summary>
    private static async Task<Dictionary<long, double>> FollowUpDisciplineAsync(SalesDbContext db, List<long> team, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var rows = await db.Activities.AsNoTracking()
            .Where(a => team.Contains(a.MemberId) && a.NextStepDueOn != null && a.OccurredAt >= from && a.OccurredAt < to)
            .Select(a => new
            {
                a.MemberId,
                DueOn = a.NextStepDueOn!.Value,
                Next = db.Set<Activity>().Where(n => n.MemberId == a.MemberId && n.SubjectKind == a.SubjectKind && n.SubjectId == a.SubjectId && n.OccurredAt > a.OccurredAt)
                    .Min(n => (DateTime?)n.OccurredAt),
            })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.MemberId).ToDictionary(g => g.Key,
            g => (double)g.Count(r => r.Next is { } next && DateOnly.FromDateTime(next) <= r.DueOn) / g.Count());
    }

    /// <summary>Forward moves (advanced, or forced forward) over all moves of the team's opportunities in the quarter.</summary>
    private static async Task<Dictionary<long, double>> StageConversionAsync(SalesDbContext db, List<long> team, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        var moves = await (from e in db.Set<OpportunityStageEntry>()
                           join o in db.Opportunities on e.OpportunityId equals o.Id
                           where team.Contains(o.OwnerId) && e.Kind != StageEntryKind.Created && e.EnteredAt >= start && e.EnteredAt < end
                           group e by o.OwnerId into g
                           select new { OwnerId = g.Key, Moves = g.Count(), Forward = g.Count(e => e.Kind != StageEntryKind.MovedBack) })
            .AsNoTracking().ToListAsync(cancellationToken);
        return moves.ToDictionary(m => m.OwnerId, m => (double)m.Forward / m.Moves);
    }
}
