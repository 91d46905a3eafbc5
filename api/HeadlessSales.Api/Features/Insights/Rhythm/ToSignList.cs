using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>One reason an opportunity scored what it did: a signal's points, or the recent follow-ups'.</summary>
public sealed record MaturityPart(string Code, string Reason, int Points);

/// <summary>An opportunity on a rep's to-sign list: its decision maturity, explained, and when best to close it.</summary>
public sealed record ToSignItem(long OpportunityId, long OwnerId, int Rank, int Maturity, IReadOnlyList<MaturityPart> Explanation, DateOnly WindowFrom, DateOnly WindowTo, string WindowReason);

/// <summary>
/// The to-sign list: every opportunity of the reps that has at least one decision signal (it is ready to sign) and no signed
/// contract yet, ranked by decision maturity = the points of its distinct signals + <see cref="PointsPerFollowUp"/> per
/// follow-up on it in the <see cref="RecentDays"/> days before the list is made (at most <see cref="MaxFollowUpPoints"/>).
/// Ties go to the opportunity signalled first, then the lower id. The best window is the tenant's next bonus window that is
/// not over: mid-month, away from the month-end rush, and paid the rhythm bonus. Four queries (signals, follow-ups, owners,
/// signal names), for any number of reps.
/// </summary>
public static class ToSignLists
{
    public const int RecentDays = 14;
    public const int PointsPerFollowUp = 2;
    public const int MaxFollowUpPoints = 10;

    public static async Task<Dictionary<long, List<ToSignItem>>> ComputeAsync(
        SalesDbContext db, IQueryable<long> ownerIds, DateTime asOf, RhythmSettings settings, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var contracts = db.Contracts;
        var ready = db.DecisionSignals
            .Where(s => ownerIds.Contains(s.OwnerId) && s.OccurredAt <= asOf)
            .Where(s => !contracts.Any(c => c.OpportunityId == s.OpportunityId && c.SignatureStatus == SignatureStatus.Signed));
        var signals = await ready
            .GroupBy(s => new { s.OpportunityId, s.DefinitionId })
            .Select(g => new { g.Key.OpportunityId, g.Key.DefinitionId, Code = g.Min(s => s.Code)!, Weight = g.Max(s => s.Weight), First = g.Min(s => s.OccurredAt) })
            .ToListAsync(cancellationToken);
        // The ready opportunities by id, not as a correlated sub-query: PostgreSQL planned the follow-up count with the
        // signals' NOT EXISTS inside it per follow-up and did not finish in 30 s on the volume tenant.
        // One array parameter (EF.Parameter): expanded, thousands of ids were thousands of parameters per statement.
        var readyIds = signals.Select(s => s.OpportunityId).Distinct().ToArray();
        var since = asOf.AddDays(-RecentDays);
        var followUps = await db.Activities
            .Where(a => a.SubjectKind == ActivitySubjectKind.Opportunity && EF.Parameter(readyIds).Contains(a.SubjectId) && a.OccurredAt >= since && a.OccurredAt <= asOf)
            .GroupBy(a => a.SubjectId)
            .Select(g => new { OpportunityId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.OpportunityId, g => g.Count, cancellationToken);
        var owners = await db.Opportunities.Where(o => EF.Parameter(readyIds).Contains(o.Id)).Select(o => new { o.Id, o.OwnerId })
            .ToDictionaryAsync(o => o.Id, o => o.OwnerId, cancellationToken);
        var names = await db.DecisionSignalDefinitions.ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var (windowFrom, windowTo) = BestWindow(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(asOf, zone)), settings);
        var windowReason = $"{windowFrom:MM-dd}–{windowTo:MM-dd}: mid-month, before the month-end rush, paid the rhythm bonus";

        return signals
            .Where(s => owners.ContainsKey(s.OpportunityId))
            .GroupBy(s => s.OpportunityId)
            .Select(g =>
            {
                var parts = g.OrderByDescending(s => s.Weight).ThenBy(s => s.Code)
                    .Select(s => new MaturityPart(s.Code, $"decision signal {names.GetValueOrDefault(s.DefinitionId, s.Code)}", s.Weight)).ToList();
                var recent = followUps.GetValueOrDefault(g.Key);
                if (recent > 0)
                {
                    parts.Add(new MaturityPart("FOLLOW_UPS", $"{recent} follow-up(s) in the last {RecentDays} days", Math.Min(recent * PointsPerFollowUp, MaxFollowUpPoints)));
                }

                return (OpportunityId: g.Key, Owner: owners[g.Key], Parts: parts, Maturity: parts.Sum(p => p.Points), First: g.Min(s => s.First));
            })
            .GroupBy(o => o.Owner)
            .ToDictionary(byOwner => byOwner.Key, byOwner => byOwner
                .OrderByDescending(o => o.Maturity).ThenBy(o => o.First).ThenBy(o => o.OpportunityId)
                .Select((o, index) => new ToSignItem(o.OpportunityId, o.Owner, index + 1, o.Maturity, o.Parts, windowFrom, windowTo, windowReason))
                .ToList());
    }

    /// <summary>The tenant's bonus window still open on <paramref name="today"/> (from today on), else next month's.</summary>
    public static (DateOnly From, DateOnly To) BestWindow(DateOnly today, RhythmSettings settings)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        if (today.Day > Math.Min(settings.BonusToDay, DateTime.DaysInMonth(today.Year, today.Month)))
        {
            month = month.AddMonths(1);
        }

        var last = DateTime.DaysInMonth(month.Year, month.Month);
        var from = month.AddDays(Math.Min(settings.BonusFromDay, last) - 1);
        var to = month.AddDays(Math.Min(settings.BonusToDay, last) - 1);
        return (from < today ? today : from, to);
    }
}
