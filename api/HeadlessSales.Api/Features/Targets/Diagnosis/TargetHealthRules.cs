using System.Globalization;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

/// <summary>A rule holding for a rep now: what it judged, what it found, and what to coach.</summary>
public sealed record Detection(
    TargetHealthRule Rule, long MemberId, long SubjectKey, DateTime WindowFrom, DateTime WindowTo, string Summary, string Suggestion,
    IReadOnlyList<FindingRecord> Records, IReadOnlyList<FindingFigure> Figures);

/// <summary>
/// One rep's funnel: new opportunities per complete week (oldest first, ending last Monday) and the conversion lookback.
/// <paramref name="WeeklyGoal"/>: the rep's own weekly opportunity goal, from their target; null falls back to the tenant's threshold.
/// </summary>
public sealed record RepFunnel(long MemberId, IReadOnlyList<int> WeeklyOpportunities, int OpportunitiesCreated, int ContractsSigned, IReadOnlyList<long> RecentOpportunityIds, int? WeeklyGoal = null)
{
    public double? Conversion => OpportunitiesCreated == 0 ? null : (double)ContractsSigned / OpportunitiesCreated;

    public int GoalOf(TargetHealthThresholds thresholds) => WeeklyGoal ?? thresholds.WeeklyOpportunityGoal;
}

/// <summary>A signed contract as the rules read it.</summary>
public sealed record SignedContract(long Id, long OwnerId, long AccountId, decimal Amount, DateTime SignedAt);

/// <summary>A collection as the rules read it, with its contract's signing.</summary>
public sealed record ReceivedCollection(long Id, long ContractId, long OwnerId, decimal Amount, DateOnly ReceivedOn, DateTime? ContractSignedAt);

/// <summary>One complete week of a rep: the strategic accounts followed up and the amount signed.</summary>
public sealed record CoverageWeek(DateTime WeekStart, IReadOnlySet<long> StrategicAccounts, decimal SignedAmount);

/// <summary>
/// The diagnosis rules over weekly series: plain values in, a <see cref="Detection"/> out when the pattern holds, null
/// when it does not (which resolves an open finding). Weeks start on Monday, UTC; only complete weeks are judged.
/// </summary>
public static class TargetHealthRules
{
    /// <summary>The Monday 00:00 UTC of the week <paramref name="instant"/> falls in.</summary>
    public static DateTime WeekStart(DateTime instant)
    {
        var day = instant.Date;
        var offset = ((int)day.DayOfWeek + 6) % 7;
        return DateTime.SpecifyKind(day.AddDays(-offset), DateTimeKind.Utc);
    }

    /// <summary>
    /// The weekly share of a rep's <c>QUALITY_OPPORTUNITIES</c> goal over a period of <paramref name="periodDays"/> days,
    /// rounded up: a month's 10 is 3 a week (10 × 7 / 30 = 2.33). At least one, so a goal is never met by doing nothing.
    /// </summary>
    public static int WeeklyGoalOf(decimal periodGoal, int periodDays) => Math.Max(1, (int)Math.Ceiling(periodGoal * 7 / periodDays));

    /// <summary>
    /// New opportunities on the weekly goal (the rep's own, from their target, else the tenant's) for the last <c>ConsecutiveWeeks</c> complete weeks while the rep's conversion
    /// (contracts signed over opportunities created in the lookback) is below <c>ConversionShareOfTeamMean</c> of the
    /// team's mean conversion (the mean over the team's reps who created any).
    /// </summary>
    public static Detection? OpportunitiesWithoutConversion(RepFunnel rep, IReadOnlyList<RepFunnel> team, TargetHealthThresholds thresholds, DateTime now)
    {
        var weeks = thresholds.ConsecutiveWeeks;
        if (rep.WeeklyOpportunities.Count < weeks || rep.Conversion is not { } conversion)
        {
            return null;
        }

        var recent = rep.WeeklyOpportunities.Skip(rep.WeeklyOpportunities.Count - weeks).ToList();
        var conversions = team.Select(r => r.Conversion).OfType<double>().ToList();
        var goal = rep.GoalOf(thresholds);
        if (recent.Any(count => count < goal) || conversions.Count == 0)
        {
            return null;
        }

        var teamMean = conversions.Average();
        if (teamMean <= 0 || conversion >= thresholds.ConversionShareOfTeamMean * teamMean)
        {
            return null;
        }

        var to = WeekStart(now);
        return new Detection(TargetHealthRule.OpportunitiesWithoutConversion, rep.MemberId, 0, to.AddDays(-7 * weeks), to,
            $"{string.Join(", ", recent)} new opportunities in the last {weeks} weeks (goal {goal} a week{(rep.WeeklyGoal is null ? "" : ", from the rep's target")}), "
                + $"but a conversion of {Percent(conversion)} against the team's {Percent(teamMean)}.",
            "Review the new opportunities' qualification with the rep: count only those with a confirmed need, budget and decision chain, and coach the step where they stall.",
            rep.RecentOpportunityIds.Select(id => new FindingRecord("Opportunity", id, "new opportunity")).ToList(),
            [
                .. recent.Select((count, i) => new FindingFigure($"opportunitiesWeek{i + 1}", count)),
                new FindingFigure("weeklyGoal", goal),
                new FindingFigure("conversion", conversion),
                new FindingFigure("teamMeanConversion", teamMean),
            ]);
    }

    /// <summary>
    /// For each account of the rep: at least <c>SplitMinContracts</c> contracts signed in the last <c>SplitWindowDays</c>,
    /// each under <c>SplitAmountBelow</c> while together they reach it — one deal cut to stay under a line.
    /// </summary>
    public static IEnumerable<Detection> ContractSplitting(long memberId, IEnumerable<SignedContract> signed, TargetHealthThresholds thresholds, DateTime now)
    {
        var from = now.AddDays(-thresholds.SplitWindowDays);
        foreach (var account in signed.Where(c => c.OwnerId == memberId && c.SignedAt >= from && c.SignedAt < now).GroupBy(c => c.AccountId).OrderBy(g => g.Key))
        {
            var small = account.Where(c => c.Amount < thresholds.SplitAmountBelow).OrderBy(c => c.SignedAt).ThenBy(c => c.Id).ToList();
            var total = small.Sum(c => c.Amount);
            if (small.Count < thresholds.SplitMinContracts || total < thresholds.SplitAmountBelow)
            {
                continue;
            }

            yield return new Detection(TargetHealthRule.ContractSplitting, memberId, account.Key, from, now,
                $"{small.Count} contracts of one account signed within {thresholds.SplitWindowDays} days, each under {Money(thresholds.SplitAmountBelow)} "
                    + $"and {Money(total)} together.",
                "Ask why the deal was cut into pieces: if it is one purchase, sign it as one contract through the approval it needs, and plan delivery and collections on it.",
                [new FindingRecord("Account", account.Key, "account"), .. small.Select(c => new FindingRecord("Contract", c.Id, $"{Money(c.Amount)} signed {c.SignedAt:yyyy-MM-dd}"))],
                [new FindingFigure("contracts", small.Count), new FindingFigure("totalAmount", (double)total), new FindingFigure("largestAmount", (double)small.Max(c => c.Amount))]);
        }
    }

    /// <summary>The month end a collection-slipping judgement is about: the latest first-of-month at least <c>SlipDays</c> before today.</summary>
    public static DateOnly SlipBoundary(DateTime now, TargetHealthThresholds thresholds)
    {
        var judgeable = DateOnly.FromDateTime(now).AddDays(-thresholds.SlipDays);
        return new DateOnly(judgeable.Year, judgeable.Month, 1);
    }

    /// <summary>
    /// Around the month end <paramref name="boundary"/>: the rep's collections in the <c>SlipDays</c> after it, on contracts
    /// signed before it, are at least <c>SlipMinCollections</c> and carry at least <c>SlipShare</c> of the money collected
    /// on such contracts in the <c>SlipDays</c> before and after — cash held back into the next period.
    /// </summary>
    public static Detection? CollectionsSlipping(long memberId, DateOnly boundary, IEnumerable<ReceivedCollection> collections, TargetHealthThresholds thresholds)
    {
        var boundaryTime = TargetAttainmentCalculator.Utc(boundary);
        var from = boundary.AddDays(-thresholds.SlipDays);
        var to = boundary.AddDays(thresholds.SlipDays);
        var around = collections.Where(c => c.OwnerId == memberId && c.ContractSignedAt < boundaryTime && c.ReceivedOn >= from && c.ReceivedOn < to).ToList();
        var after = around.Where(c => c.ReceivedOn >= boundary).OrderBy(c => c.ReceivedOn).ThenBy(c => c.Id).ToList();
        var total = around.Sum(c => c.Amount);
        var slipped = after.Sum(c => c.Amount);
        if (after.Count < thresholds.SlipMinCollections || total == 0 || (double)(slipped / total) < thresholds.SlipShare)
        {
            return null;
        }

        var share = (double)(slipped / total);
        return new Detection(TargetHealthRule.CollectionsSlipping, memberId, 0, TargetAttainmentCalculator.Utc(from), TargetAttainmentCalculator.Utc(to),
            $"{after.Count} collections ({Money(slipped)}, {Percent(share)} of the money around the period end) came in the {thresholds.SlipDays} days after {boundary:yyyy-MM-dd} "
                + "on contracts signed before it.",
            "Go through the delivery and invoicing dates of these contracts with the rep: collect when the contract allows, not when the next period's target needs it.",
            after.Select(c => new FindingRecord("PaymentCollection", c.Id, $"{Money(c.Amount)} received {c.ReceivedOn:yyyy-MM-dd}")).ToList(),
            [new FindingFigure("slippedCollections", after.Count), new FindingFigure("slippedAmount", (double)slipped), new FindingFigure("slippedShare", share)]);
    }

    /// <summary>
    /// The last <c>CoverageWeeks</c> complete weeks against the as many before: the distinct strategic accounts the rep
    /// followed up fell by at least <c>CoverageDropShare</c> (from at least <c>CoverageMinAccounts</c>) while the amount
    /// signed rose — attainment bought by leaving the long strategic work.
    /// </summary>
    public static Detection? StrategicCoverageFalling(long memberId, IReadOnlyList<CoverageWeek> weeks, TargetHealthThresholds thresholds)
    {
        var span = thresholds.CoverageWeeks;
        if (weeks.Count < 2 * span)
        {
            return null;
        }

        var ordered = weeks.OrderBy(w => w.WeekStart).Skip(weeks.Count - 2 * span).ToList();
        var earlier = ordered.Take(span).ToList();
        var recent = ordered.Skip(span).ToList();
        var coveredBefore = earlier.SelectMany(w => w.StrategicAccounts).ToHashSet();
        var coveredNow = recent.SelectMany(w => w.StrategicAccounts).ToHashSet();
        var signedBefore = earlier.Sum(w => w.SignedAmount);
        var signedNow = recent.Sum(w => w.SignedAmount);
        if (coveredBefore.Count < thresholds.CoverageMinAccounts
            || coveredNow.Count > coveredBefore.Count * (1 - thresholds.CoverageDropShare)
            || signedNow <= signedBefore)
        {
            return null;
        }

        var dropped = coveredBefore.Except(coveredNow).Order().ToList();
        return new Detection(TargetHealthRule.StrategicCoverageFalling, memberId, 0, earlier[0].WeekStart, recent[^1].WeekStart.AddDays(7),
            $"Strategic accounts followed up fell from {coveredBefore.Count} to {coveredNow.Count} over {span} weeks while the amount signed rose from "
                + $"{Money(signedBefore)} to {Money(signedNow)}.",
            "Put the strategic accounts left without a follow-up back into the rep's weekly plan, with a key action each, and weigh strategic signings in the next target.",
            dropped.Select(id => new FindingRecord("Account", id, "strategic account no longer followed up")).ToList(),
            [
                new FindingFigure("strategicAccountsBefore", coveredBefore.Count), new FindingFigure("strategicAccountsNow", coveredNow.Count),
                new FindingFigure("signedAmountBefore", (double)signedBefore), new FindingFigure("signedAmountNow", (double)signedNow),
            ]);
    }

    /// <summary>The month a month-end-spike judgement is about: the last complete one.</summary>
    public static DateOnly SpikeMonth(DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
    }

    /// <summary>
    /// The month starting <paramref name="month"/>: the rep's signings in its last seven days are at least
    /// <c>SpikeMinSignings</c> and at least <c>SpikeShare</c> of the month's — deals pushed or held to the month end.
    /// </summary>
    public static Detection? MonthEndSpike(long memberId, DateOnly month, IEnumerable<SignedContract> signed, TargetHealthThresholds thresholds)
    {
        var start = TargetAttainmentCalculator.Utc(month);
        var end = TargetAttainmentCalculator.Utc(month.AddMonths(1));
        var lastWeek = end.AddDays(-7);
        var ofMonth = signed.Where(c => c.OwnerId == memberId && c.SignedAt >= start && c.SignedAt < end).ToList();
        var atEnd = ofMonth.Where(c => c.SignedAt >= lastWeek).OrderBy(c => c.SignedAt).ThenBy(c => c.Id).ToList();
        if (atEnd.Count < thresholds.SpikeMinSignings || (double)atEnd.Count / ofMonth.Count < thresholds.SpikeShare)
        {
            return null;
        }

        var share = (double)atEnd.Count / ofMonth.Count;
        return new Detection(TargetHealthRule.MonthEndSpike, memberId, 0, start, end,
            $"{atEnd.Count} of {ofMonth.Count} signings of {month:yyyy-MM} ({Percent(share)}) came in its last seven days.",
            "Walk the rep's pipeline week by week: agree a signing date with each customer when the decision is made, rather than collecting signatures at the month end.",
            atEnd.Select(c => new FindingRecord("Contract", c.Id, $"{Money(c.Amount)} signed {c.SignedAt:yyyy-MM-dd}")).ToList(),
            [new FindingFigure("signingsInLastWeek", atEnd.Count), new FindingFigure("signingsInMonth", ofMonth.Count), new FindingFigure("lastWeekShare", share)]);
    }

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture) + " CNY";
}
