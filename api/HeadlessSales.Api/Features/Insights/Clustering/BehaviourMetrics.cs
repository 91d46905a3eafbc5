using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Clustering;

/// <summary>The twelve behaviour metrics of a rep over a period; each is defined in Features/Insights/NOTES.md.</summary>
public enum BehaviourMetric
{
    TechnicalResponseRate,
    FollowUpsPerWeek,
    VideoDemosPerWeek,
    VisitsPerWeek,
    ProposalRevisions,
    StageAdvanceRate,
    LeadConversionRate,
    FastFirstResponseRate,
    CompetitorComparisonRate,
    PriceConcernRate,
    PositiveOutcomeRate,
    NextStepRate,
}

/// <summary>One rep's figures: the twelve metrics (null where the rep had nothing to measure) and their wins, which rank clusters.</summary>
public sealed record RepFigures(long MemberId, bool IsNewHire, IReadOnlyDictionary<BehaviourMetric, double?> Metrics, int Wins);

/// <summary>
/// Computes the metrics of many reps at once in the database: six grouped queries whatever the number of reps, each
/// returning at most one row per rep (per tag for the tag counts), and the pipelines' last stages; only the divisions
/// happen here. The follow-up figures are read from the member index alone (it carries kind, outcome and next step), the
/// technical-question answers by one index-only seek each; the reps' ids stay in the filters because, with those
/// indexes, seeking 200 members' ranges reads less than scanning the tenant's period (measured, see ANALYSES.md).
/// </summary>
public static class BehaviourMetricReader
{
    public const string TechnicalQuestionTag = "TECHNICAL_EXCHANGE";
    public const string CompetitorTag = "COMPETITOR_COMPARISON";
    public const string PriceTag = "PRICE_CONCERN";
    public static readonly TimeSpan TechnicalAnswerWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan FastFirstResponse = TimeSpan.FromMinutes(30);
    public static readonly string[] ProposalKinds = [DocumentKindCatalog.SolutionProposal, DocumentKindCatalog.Quotation];

    public static readonly IReadOnlyList<BehaviourMetric> All = Enum.GetValues<BehaviourMetric>();

    /// <param name="db">A tenant-wide context: the scope was authorised as a whole.</param>
    public static async Task<IReadOnlyList<RepFigures>> ReadAsync(SalesDbContext db, IReadOnlyCollection<(long MemberId, bool IsNewHire)> reps, DateTime from, DateTime to, CancellationToken ct)
    {
        var ids = reps.Select(r => r.MemberId).ToList();
        var weeks = (to - from).TotalDays / 7;
        string[] tags = [TechnicalQuestionTag, CompetitorTag, PriceTag];

        var followUps = await db.Activities.AsNoTracking()
            .Where(a => ids.Contains(a.MemberId) && a.OccurredAt >= @from && a.OccurredAt < to)
            .GroupBy(a => a.MemberId)
            .Select(g => new
            {
                MemberId = g.Key,
                Count = g.Count(),
                VideoDemos = g.Count(a => a.Kind == ActivityKind.VideoDemo),
                Visits = g.Count(a => a.Kind == ActivityKind.Visit),
                Positive = g.Count(a => a.Outcome == ActivityOutcome.Positive),
                NextSteps = g.Count(a => a.NextStep != null),
            })
            .ToDictionaryAsync(x => x.MemberId, ct);

        var tagged = await db.ActivityTagLinks.AsNoTracking()
            .Where(l => ids.Contains(l.MemberId) && l.OccurredAt >= @from && l.OccurredAt < to && tags.Contains(l.TagCode))
            .GroupBy(l => new { l.MemberId, l.TagCode })
            .Select(g => new { g.Key.MemberId, g.Key.TagCode, Count = g.Count() })
            .ToListAsync(ct);

        // A technical question is answered when the same rep follows up the same subject within the window.
        var window = TechnicalAnswerWindow.TotalHours;
        var answered = await (
                from link in db.ActivityTagLinks.AsNoTracking()
                where ids.Contains(link.MemberId) && link.OccurredAt >= @from && link.OccurredAt < to && link.TagCode == TechnicalQuestionTag
                join question in db.Activities.AsNoTracking() on link.ActivityId equals question.Id
                where db.Set<Activity>().Any(answer => answer.SubjectKind == question.SubjectKind && answer.SubjectId == question.SubjectId
                    && answer.MemberId == question.MemberId && answer.OccurredAt > question.OccurredAt && answer.OccurredAt <= question.OccurredAt.AddHours(window))
                group link by link.MemberId into g
                select new { MemberId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.MemberId, x => x.Count, ct);

        var fast = FastFirstResponse.TotalMinutes;
        var leads = await db.Leads.AsNoTracking()
            .Where(l => l.OwnerId != null && ids.Contains(l.OwnerId.Value) && l.AssignedAt >= @from && l.AssignedAt < to)
            .GroupBy(l => l.OwnerId!.Value)
            .Select(g => new
            {
                MemberId = g.Key,
                Count = g.Count(),
                Converted = g.Count(l => l.ConvertedAt != null && l.ConvertedAt < to),
                Fast = g.Count(l => l.FirstRespondedAt != null && l.FirstRespondedAt <= l.AssignedAt!.Value.AddMinutes(fast)),
            })
            .ToDictionaryAsync(x => x.MemberId, ct);

        var owned = db.Opportunities.AsNoTracking().Where(o => ids.Contains(o.OwnerId));
        // A win: the opportunity entered the last stage of its pipeline in the period.
        var finalStages = await db.PipelineStages.AsNoTracking()
            .Where(s => !db.Set<PipelineStage>().Any(later => later.PipelineId == s.PipelineId && later.Position > s.Position))
            .Select(s => s.Id).ToListAsync(ct);
        // One pass over the stays that overlapped the period: advances and wins entered in it are among them.
        var stages = await (
                from entry in db.OpportunityStageEntries.AsNoTracking()
                where entry.EnteredAt < to && (entry.LeftAt == null || entry.LeftAt >= @from)
                join opportunity in owned on entry.OpportunityId equals opportunity.Id
                group entry by opportunity.OwnerId into g
                select new
                {
                    MemberId = g.Key,
                    Stays = g.Count(),
                    Advances = g.Count(e => e.EnteredAt >= @from && (e.Kind == StageEntryKind.Advanced || e.Kind == StageEntryKind.Overridden)),
                    Wins = g.Count(e => e.EnteredAt >= @from && finalStages.Contains(e.StageId)),
                })
            .ToDictionaryAsync(x => x.MemberId, ct);

        var proposals = await (
                from document in db.Documents.AsNoTracking()
                where document.OpportunityId != null && document.CreatedAt >= @from && document.CreatedAt < to
                join kind in db.DocumentKinds.AsNoTracking() on document.KindId equals kind.Id
                where ProposalKinds.Contains(kind.Code)
                join opportunity in owned on document.OpportunityId equals opportunity.Id
                group document by opportunity.OwnerId into g
                select new { MemberId = g.Key, Count = g.Count(), Opportunities = g.Select(d => d.OpportunityId).Distinct().Count() })
            .ToDictionaryAsync(x => x.MemberId, ct);

        var tagCount = tagged.ToDictionary(t => (t.MemberId, t.TagCode), t => t.Count);
        static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
        return reps.Select(rep =>
        {
            var id = rep.MemberId;
            var activity = followUps.GetValueOrDefault(id);
            var count = activity?.Count ?? 0;
            var lead = leads.GetValueOrDefault(id);
            var proposal = proposals.GetValueOrDefault(id);
            var stage = stages.GetValueOrDefault(id);
            var metrics = new Dictionary<BehaviourMetric, double?>
            {
                [BehaviourMetric.TechnicalResponseRate] = Ratio(answered.GetValueOrDefault(id), tagCount.GetValueOrDefault((id, TechnicalQuestionTag))),
                [BehaviourMetric.FollowUpsPerWeek] = count / weeks,
                [BehaviourMetric.VideoDemosPerWeek] = (activity?.VideoDemos ?? 0) / weeks,
                [BehaviourMetric.VisitsPerWeek] = (activity?.Visits ?? 0) / weeks,
                [BehaviourMetric.ProposalRevisions] = proposal is null ? null : (double)proposal.Count / proposal.Opportunities,
                [BehaviourMetric.StageAdvanceRate] = Ratio(stage?.Advances ?? 0, stage?.Stays ?? 0),
                [BehaviourMetric.LeadConversionRate] = Ratio(lead?.Converted ?? 0, lead?.Count ?? 0),
                [BehaviourMetric.FastFirstResponseRate] = Ratio(lead?.Fast ?? 0, lead?.Count ?? 0),
                [BehaviourMetric.CompetitorComparisonRate] = Ratio(tagCount.GetValueOrDefault((id, CompetitorTag)), count),
                [BehaviourMetric.PriceConcernRate] = Ratio(tagCount.GetValueOrDefault((id, PriceTag)), count),
                [BehaviourMetric.PositiveOutcomeRate] = Ratio(activity?.Positive ?? 0, count),
                [BehaviourMetric.NextStepRate] = Ratio(activity?.NextSteps ?? 0, count),
            };
            return new RepFigures(id, rep.IsNewHire, metrics, stage?.Wins ?? 0);
        }).ToList();
    }
}
