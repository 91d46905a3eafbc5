using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Bottlenecks;

/// <summary>A rep who moved similar opportunities past the stage, with their record there.</summary>
public sealed record SuggestedHelper(long MemberId, int Moves, double MeanDays, double FastestDays);

/// <summary>One help mark with its two durations: stuck before help, and from help to leaving the stage (null while still in it).</summary>
public sealed record HelpOutcome(BottleneckHelp Help, double DaysBeforeHelp, double? DaysToBreakthroughAfterHelp);

public sealed record StageBottleneck(long OpportunityId, long StageId, long OwnerId, DateTime StuckSince, double DaysInStage, IReadOnlyList<SuggestedHelper> Helpers, IReadOnlyList<HelpOutcome> Help);

public sealed record HelpOutcomeSummary(int Marks, int BrokeThrough, double? MeanDaysBeforeHelp, double? MeanDaysToBreakthroughAfterHelp, double? MeanDaysUnhelpedStays);

/// <summary>
/// Stuck opportunities and who could help. Similar means the same stage and an account of the same industry, size and
/// ownership; a rep moved one past the stage when its stay there ended by an advance (not by a move back). The helpers
/// are ranked by their mean days in that stage, fastest first (ties: more moves, then the lower member id), the
/// opportunity's own owner left out.
/// </summary>
public static class StageBottleneckAnalysis
{
    public const int DefaultThresholdDays = 7;
    public const int HelpersPerBottleneck = 3;
    public const int MaxBottlenecks = 100;

    /// <param name="visible">The caller's context: which stuck opportunities they see.</param>
    /// <param name="tenant">A tenant-wide context: helpers are found among every rep's moves.</param>
    public static async Task<IReadOnlyList<StageBottleneck>> FindAsync(SalesDbContext visible, SalesDbContext tenant, DateTime now, int thresholdDays, IReadOnlyCollection<long>? stageIds, int first, CancellationToken ct)
    {
        var stuckBefore = now.AddDays(-thresholdDays);
        // An opportunity in its pipeline's last stage is won, not stuck.
        var finalStages = await tenant.PipelineStages.AsNoTracking()
            .Where(s => !tenant.Set<PipelineStage>().Any(later => later.PipelineId == s.PipelineId && later.Position > s.Position))
            .Select(s => s.Id).ToListAsync(ct);
        var open = visible.Opportunities.AsNoTracking().Where(o => o.StageEnteredAt < stuckBefore && !finalStages.Contains(o.StageId));
        if (stageIds is not null)
        {
            open = open.Where(o => stageIds.Contains(o.StageId));
        }

        var opportunities = await open.OrderBy(o => o.StageEnteredAt).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.StageId, o.OwnerId, o.StageEnteredAt, o.AccountId }).Take(first).ToListAsync(ct);
        // The segment of each account from the tenant-wide context: an opportunity the caller sees may be on an account they do not.
        var accountIds = opportunities.Select(o => o.AccountId).Distinct().ToList();
        var segments = await tenant.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Industry, a.Size, a.Ownership }).ToDictionaryAsync(a => a.Id, ct);
        var stuck = opportunities.Select(o => new { o.Id, o.StageId, o.OwnerId, o.StageEnteredAt, segments[o.AccountId].Industry, segments[o.AccountId].Size, segments[o.AccountId].Ownership }).ToList();
        if (stuck.Count == 0)
        {
            return [];
        }

        var stages = stuck.Select(s => s.StageId).Distinct().ToList();
        var industries = stuck.Select(s => s.Industry).Distinct().ToList();
        var records = await MovesAsync(tenant, stages, industries, ct);

        var opportunityIds = stuck.Select(s => s.Id).ToList();
        var help = await OutcomesAsync(tenant, tenant.BottleneckHelps.AsNoTracking().Where(h => opportunityIds.Contains(h.OpportunityId)), ct);

        return stuck.Select(s => new StageBottleneck(s.Id, s.StageId, s.OwnerId, s.StageEnteredAt, (now - s.StageEnteredAt).TotalDays,
                records.Where(r => r.StageId == s.StageId && r.Industry == s.Industry && r.Size == s.Size && r.Ownership == s.Ownership && r.OwnerId != s.OwnerId)
                    .Select(r => new SuggestedHelper(r.OwnerId, r.Moves, Days(r.Seconds / r.Moves), Days(r.Fastest)))
                    .OrderBy(h => h.MeanDays).ThenByDescending(h => h.Moves).ThenBy(h => h.MemberId)
                    .Take(HelpersPerBottleneck).ToList(),
                help.Where(h => h.Help.OpportunityId == s.Id).ToList()))
            .ToList();
    }

    /// <summary>Help marks the caller sees, summed up: time stuck before help against time to break through after it, and the unhelped stays of those stages for comparison.</summary>
    public static async Task<HelpOutcomeSummary> SummarizeAsync(SalesDbContext visible, SalesDbContext tenant, DateTime from, DateTime to, CancellationToken ct)
    {
        var outcomes = await OutcomesAsync(visible, visible.BottleneckHelps.AsNoTracking().Where(h => h.MarkedAt >= from && h.MarkedAt < to), ct);
        var done = outcomes.Where(o => o.DaysToBreakthroughAfterHelp is not null).ToList();
        var stageIds = outcomes.Select(o => o.Help.StageId).Distinct().ToList();
        var helped = outcomes.Select(o => o.Help.StageEntryId).ToList();
        var unhelped = await SecondsOf(tenant, tenant.OpportunityStageEntries.AsNoTracking()
                .Where(e => stageIds.Contains(e.StageId) && e.LeftAt != null && e.LeftAt >= from && e.LeftAt < to && !helped.Contains(e.Id))
                .Select(e => new Stay { Id = e.Id, EnteredAt = e.EnteredAt, LeftAt = e.LeftAt!.Value }))
            .ToListAsync(ct);
        return new HelpOutcomeSummary(outcomes.Count, done.Count,
            outcomes.Count == 0 ? null : outcomes.Average(o => o.DaysBeforeHelp),
            done.Count == 0 ? null : done.Average(o => o.DaysToBreakthroughAfterHelp!.Value),
            unhelped.Count == 0 ? null : Days(unhelped.Average()));
    }

    /// <param name="marks">Marks read through <paramref name="db"/>: one context per query.</param>
    private static async Task<List<HelpOutcome>> OutcomesAsync(SalesDbContext db, IQueryable<BottleneckHelp> marks, CancellationToken ct)
    {
        var rows = await (
                from help in marks
                join stay in db.OpportunityStageEntries.AsNoTracking() on help.StageEntryId equals stay.Id
                orderby help.Id
                select new { Help = help, stay.EnteredAt, stay.LeftAt })
            .ToListAsync(ct);
        return rows.Select(r => new HelpOutcome(r.Help, (r.Help.MarkedAt - r.EnteredAt).TotalDays, r.LeftAt is { } left ? (left - r.Help.MarkedAt).TotalDays : null)).ToList();
    }

    private sealed record MoveRecord(long StageId, Industry Industry, CompanySize Size, OwnershipType Ownership, long OwnerId, int Moves, double Seconds, double Fastest);

    /// <summary>Per stage, account segment and owner: the stays that ended by an advance, counted and timed in the database.</summary>
    private static async Task<List<MoveRecord>> MovesAsync(SalesDbContext tenant, List<long> stageIds, List<Industry> industries, CancellationToken ct)
    {
        var advancedStays =
            from stay in tenant.OpportunityStageEntries.AsNoTracking()
            where stageIds.Contains(stay.StageId) && stay.LeftAt != null
                && tenant.Set<OpportunityStageEntry>().Any(next => next.OpportunityId == stay.OpportunityId && next.FromStageId == stay.StageId
                    && next.EnteredAt == stay.LeftAt && (next.Kind == StageEntryKind.Advanced || next.Kind == StageEntryKind.Overridden))
            select new Stay { Id = stay.Id, EnteredAt = stay.EnteredAt, LeftAt = stay.LeftAt!.Value };
        var timed = StaySeconds(tenant, advancedStays);
        var grouped = await (
                from stay in timed
                join entry in tenant.OpportunityStageEntries.AsNoTracking() on stay.Id equals entry.Id
                join opportunity in tenant.Opportunities.AsNoTracking() on entry.OpportunityId equals opportunity.Id
                join account in tenant.Accounts.AsNoTracking() on opportunity.AccountId equals account.Id
                where industries.Contains(account.Industry)
                group stay.Seconds by new { entry.StageId, account.Industry, account.Size, account.Ownership, opportunity.OwnerId } into g
                select new { g.Key.StageId, g.Key.Industry, g.Key.Size, g.Key.Ownership, g.Key.OwnerId, Moves = g.Count(), Seconds = g.Sum(), Fastest = g.Min() })
            .ToListAsync(ct);
        return grouped.Select(g => new MoveRecord(g.StageId, g.Industry, g.Size, g.Ownership, g.OwnerId, g.Moves, g.Seconds, g.Fastest)).ToList();
    }

    private sealed class Stay
    {
        public long Id { get; init; }

        public DateTime EnteredAt { get; init; }

        public DateTime LeftAt { get; init; }
    }

    private sealed class TimedStay
    {
        public long Id { get; init; }

        public double Seconds { get; init; }
    }

    private static IQueryable<double> SecondsOf(SalesDbContext db, IQueryable<Stay> stays) => StaySeconds(db, stays).Select(s => s.Seconds);

    /// <summary>A stay's length in seconds, in each provider's own date arithmetic.</summary>
    private static IQueryable<TimedStay> StaySeconds(SalesDbContext db, IQueryable<Stay> stays)
    {
        if (db.Database.IsNpgsql())
        {
            return stays.Select(s => new TimedStay { Id = s.Id, Seconds = (s.LeftAt - s.EnteredAt).TotalSeconds });
        }

        if (db.Database.IsSqlServer())
        {
            return stays.Select(s => new TimedStay { Id = s.Id, Seconds = (double)EF.Functions.DateDiffSecond(s.EnteredAt, s.LeftAt) });
        }

        return stays.Select(s => new TimedStay { Id = s.Id, Seconds = (s.LeftAt.Ticks - s.EnteredAt.Ticks) / (double)TimeSpan.TicksPerSecond });
    }

    private static double Days(double seconds) => seconds / 86_400;
}
