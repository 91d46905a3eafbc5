using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

public sealed record DaySignings(int Day, int Signings, decimal Amount);

/// <summary>
/// Raised before a month ends when its ready-to-sign forecast clusters late: of the open opportunities with a decision
/// signal whose expected close date falls in the month, at least the tenant's spike share expect to close in its last 3 days.
/// </summary>
public sealed record MonthEndSpike(bool Raised, int ReadyToSign, int LateReadyToSign, double LateShare, string Message);

public sealed record RhythmMonth(
    int Year, int Month, int Signings, decimal Amount, IReadOnlyList<DaySignings> PerDay, double LastThreeDaysShare, double LastThreeDaysAmountShare,
    double LinearityGini, double? SignalToSignatureLagDays, double? ApprovalCycleDays, MonthEndSpike? MonthEndSpike);

/// <summary>
/// The signing rhythm of a month, over the contracts the given context lets the caller see (the one visibility rule),
/// narrowed to <c>ownerIds</c>. Days are the tenant's calendar days. Counted by the database: signings and amounts per day
/// (one GROUP BY), the lag from an opportunity's first decision signal to its signature and the approval cycle (AVG of seconds),
/// and the ready-to-sign forecast (two COUNTs).
/// </summary>
public static class RhythmMetrics
{
    public const int LastDays = 3;

    /// <summary>
    /// The Gini coefficient of the daily signing counts x₁…xₙ over all n days of the month (days without a signing count as 0):
    /// G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ), μ the mean. 0 when every day signs the same; (n − 1)/n when one day signs everything.
    /// 0 for a month without signings.
    /// </summary>
    public static double Gini(IReadOnlyList<int> perDay)
    {
        var n = perDay.Count;
        var total = perDay.Sum();
        if (n == 0 || total == 0)
        {
            return 0;
        }

        double differences = 0;
        foreach (var x in perDay)
        {
            foreach (var y in perDay)
            {
                differences += Math.Abs(x - y);
            }
        }

        var mean = (double)total / n;
        return differences / (2.0 * n * n * mean);
    }

    public static async Task<RhythmMonth> ComputeAsync(
        SalesDbContext db, IQueryable<long>? ownerIds, int year, int month, TimeZoneInfo zone, RhythmSettings settings, DateTime now, CancellationToken cancellationToken)
    {
        var localStart = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var from = TimeZoneInfo.ConvertTimeToUtc(localStart, zone);
        var to = TimeZoneInfo.ConvertTimeToUtc(localStart.AddMonths(1), zone);
        var offsetHours = zone.GetUtcOffset(from).TotalHours;
        var days = DateTime.DaysInMonth(year, month);

        var contracts = db.Contracts.Where(c => c.SignatureStatus == SignatureStatus.Signed && c.SignedAt >= from && c.SignedAt < to);
        if (ownerIds is not null)
        {
            contracts = contracts.Where(c => ownerIds.Contains(c.OwnerId));
        }

        var byDay = await contracts
            .GroupBy(c => c.SignedAt!.Value.AddHours(offsetHours).Day)
            .Select(g => new { Day = g.Key, Signings = g.Count(), Amount = g.Sum(c => c.Amount) })
            .ToListAsync(cancellationToken);
        var perDay = Enumerable.Range(1, days)
            .Select(day => byDay.FirstOrDefault(d => d.Day == day) is { } d ? new DaySignings(day, d.Signings, d.Amount) : new DaySignings(day, 0, 0m))
            .ToList();
        var signings = perDay.Sum(d => d.Signings);
        var amount = perDay.Sum(d => d.Amount);
        var late = perDay.Where(d => d.Day > days - LastDays).ToList();

        var signals = db.DecisionSignals;
        var lagSeconds = await contracts
            .Select(c => new { c.SignedAt, First = signals.Where(s => s.OpportunityId == c.OpportunityId).Min(s => (DateTime?)s.OccurredAt) })
            .Where(c => c.First != null)
            .Select(c => (double?)DatabaseDurations.Seconds(c.First!.Value, c.SignedAt!.Value))
            .Translated(db)
            .AverageAsync(cancellationToken);
        var approvalSeconds = await db.ApprovalRequests
            .Where(r => r.SubjectType == ContractApprovalSubject.Type && r.Status == ApprovalStatus.Approved && r.CompletedAt != null
                && contracts.Any(c => c.Id == r.SubjectId))
            .Select(r => (double?)DatabaseDurations.Seconds(r.RequestedAt, r.CompletedAt!.Value))
            .Translated(db)
            .AverageAsync(cancellationToken);

        MonthEndSpike? spike = null;
        if (now < to)
        {
            spike = await SpikeAsync(db, ownerIds, year, month, days, settings, cancellationToken);
        }

        return new RhythmMonth(year, month, signings, amount, perDay,
            signings == 0 ? 0 : (double)late.Sum(d => d.Signings) / signings,
            amount == 0 ? 0 : (double)(late.Sum(d => d.Amount) / amount),
            Gini(perDay.Select(d => d.Signings).ToList()),
            lagSeconds / 86_400, approvalSeconds / 86_400, spike);
    }

    /// <summary>The month's ready-to-sign forecast over <paramref name="ownerIds"/> (everyone the context sees when null), judged against the spike share.</summary>
    public static async Task<MonthEndSpike> SpikeAsync(
        SalesDbContext db, IQueryable<long>? ownerIds, int year, int month, int days, RhythmSettings settings, CancellationToken cancellationToken)
    {
        var first = new DateOnly(year, month, 1);
        var last = new DateOnly(year, month, days);
        var lateFrom = last.AddDays(1 - LastDays);
        var signals = db.DecisionSignals;
        var contracts = db.Contracts;
        var forecast = db.Opportunities
            .Where(o => o.ExpectedCloseDate >= first && o.ExpectedCloseDate <= last
                && signals.Any(s => s.OpportunityId == o.Id)
                && !contracts.Any(c => c.OpportunityId == o.Id && c.SignatureStatus == SignatureStatus.Signed));
        if (ownerIds is not null)
        {
            forecast = forecast.Where(o => ownerIds.Contains(o.OwnerId));
        }

        var counts = await forecast
            .GroupBy(o => 1)
            .Select(g => new { Ready = g.Count(), Late = g.Count(o => o.ExpectedCloseDate >= lateFrom) })
            .FirstOrDefaultAsync(cancellationToken);
        var (ready, lateCount) = (counts?.Ready ?? 0, counts?.Late ?? 0);
        var share = ready == 0 ? 0 : (double)lateCount / ready;
        var raised = ready > 0 && share >= settings.SpikeShare;
        var message = raised
            ? $"月末签约扎堆预警: {lateCount} of {ready} ready-to-sign deals expect to close in the last {LastDays} days ({share.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)}); pull them into the {settings.BonusFromDay}–{settings.BonusToDay} window."
            : $"{lateCount} of {ready} ready-to-sign deals expect to close in the last {LastDays} days.";
        return new MonthEndSpike(raised, ready, lateCount, share, message);
    }
}
