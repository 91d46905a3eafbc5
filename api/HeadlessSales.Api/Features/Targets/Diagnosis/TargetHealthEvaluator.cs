using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

public sealed class TargetHealthOptions
{
    public const string Section = "TargetHealth";

    /// <summary>How often every tenant is diagnosed when nothing happens: weeks and months end without an event.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a burst of events is gathered before the one diagnosis it causes.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Diagnoses every rep of a tenant at an instant: a few grouped queries build the weekly series the rules read
/// (<see cref="TargetHealthRules"/>), then findings are raised for new detections and resolved for open findings whose
/// rule no longer holds. Raised once per episode: an open finding of the same rule and subject is kept as it is (the
/// open-finding index refuses a second one when two nodes race); resolved once, by a conditional update.
/// </summary>
public sealed class TargetHealthEvaluator(IOptions<TargetHealthOptions> options, ILogger<TargetHealthEvaluator> logger) : ITenantEvaluation
{
    /// <summary>The durable timer kind of a tenant's diagnosis; its subject is the tenant, so <c>SubjectId</c> is 0.</summary>
    public const string TimerKind = "targets.health-diagnosis";

    public TargetHealthOptions Options => options.Value;

    string ITenantEvaluation.TimerKind => TimerKind;

    TimeSpan ITenantEvaluation.Interval => Options.EvaluationInterval;

    TimeSpan ITenantEvaluation.Debounce => Options.Debounce;

    string ITenantEvaluation.Subject => "the target-health diagnosis";

    Task ITenantEvaluation.EvaluateAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken) => EvaluateAsync(db, now, cancellationToken);

    public async Task<List<TargetHealthAlerted>> EvaluateAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var thresholds = await db.TargetHealthThresholds.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new TargetHealthThresholds { TenantId = db.CurrentTenantId };
        var detections = await DetectAsync(db, thresholds, now, cancellationToken);
        var members = await db.Members.AsNoTracking().Select(m => new { m.Id, m.TeamId, m.RegionId }).ToDictionaryAsync(m => m.Id, cancellationToken);
        var teamRegions = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.RegionId, cancellationToken);

        var open = await db.TargetHealthFindings.AsNoTracking().Where(f => f.ResolvedAt == null).ToListAsync(cancellationToken);
        var openByKey = open.ToDictionary(f => (f.Rule, f.MemberId, f.SubjectKey));
        var detected = detections.Select(d => (d.Rule, d.MemberId, d.SubjectKey)).ToHashSet();
        var changes = new List<TargetHealthAlerted>();
        foreach (var detection in detections.Where(d => !openByKey.ContainsKey((d.Rule, d.MemberId, d.SubjectKey))))
        {
            var member = members.GetValueOrDefault(detection.MemberId);
            var teamId = member?.TeamId;
            var finding = new TargetHealthFinding
            {
                TenantId = db.CurrentTenantId, Rule = detection.Rule, MemberId = detection.MemberId, SubjectKey = detection.SubjectKey,
                TeamId = teamId, RegionId = teamId is { } team && teamRegions.TryGetValue(team, out var region) ? region : member?.RegionId,
                Summary = detection.Summary, Suggestion = detection.Suggestion, Records = detection.Records.Take(MaxRecords).ToList(), Figures = detection.Figures,
                WindowFrom = detection.WindowFrom, WindowTo = detection.WindowTo, RaisedAt = now,
            };
            // Journaled with the finding's row: a refused row drops its event too.
            db.Journal(() => TargetHealthAlerted.Of(finding, TargetHealthChange.Raised, now));
            if (await RaiseAsync(db, finding, cancellationToken))
            {
                changes.Add(TargetHealthAlerted.Of(finding, TargetHealthChange.Raised, now));
            }
        }

        foreach (var finding in open.Where(f => !detected.Contains((f.Rule, f.MemberId, f.SubjectKey))))
        {
            var resolved = await db.TargetHealthFindings.Where(f => f.Id == finding.Id && f.ResolvedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.ResolvedAt, now), cancellationToken);
            if (resolved == 1)
            {
                var change = TargetHealthAlerted.Of(finding, TargetHealthChange.Resolved, now);
                db.Journal(change);
                changes.Add(change);
            }
        }

        // The resolutions were conditional updates; their events are journaled by this save.
        await db.SaveChangesAsync(cancellationToken);
        return changes;
    }

    /// <summary>A finding names at most this many records: enough to act on, bounded whatever the pattern's size.</summary>
    private const int MaxRecords = 20;

    private async Task<bool> RaiseAsync(SalesDbContext db, TargetHealthFinding finding, CancellationToken cancellationToken)
    {
        db.TargetHealthFindings.Add(finding);
        try
        {
            // In a transaction (the timer's), EF saves under a savepoint, so a refused row leaves the rest intact.
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.Entry(finding).State = EntityState.Detached;
            logger.LogDebug("Another node raised the {Rule} finding of member {MemberId} first", finding.Rule, finding.MemberId);
            return false;
        }
    }

    /// <summary>Every rule over every rep who has records in the periods judged: bounded by the records of a few weeks, not by history.</summary>
    public static async Task<List<Detection>> DetectAsync(SalesDbContext db, TargetHealthThresholds thresholds, DateTime now, CancellationToken cancellationToken)
    {
        var thisWeek = TargetHealthRules.WeekStart(now);
        var spikeMonth = TargetHealthRules.SpikeMonth(now);
        var slipBoundary = TargetHealthRules.SlipBoundary(now, thresholds);
        var coverageFrom = thisWeek.AddDays(-14 * thresholds.CoverageWeeks);
        var signedFrom = new[] { now.AddDays(-thresholds.SplitWindowDays), TargetAttainmentCalculator.Utc(spikeMonth), coverageFrom }.Min();

        var signed = (await db.Contracts.AsNoTracking()
                .Where(c => c.SignatureStatus == SignatureStatus.Signed && c.SignedAt >= signedFrom && c.SignedAt < now && c.Currency == "CNY")
                .Select(c => new { c.Id, c.OwnerId, c.AccountId, c.Amount, SignedAt = c.SignedAt!.Value }).ToListAsync(cancellationToken))
            .Select(c => new SignedContract(c.Id, c.OwnerId, c.AccountId, c.Amount, c.SignedAt)).ToList();

        var detections = new List<Detection>();
        detections.AddRange(await OpportunitiesWithoutConversionAsync(db, thresholds, now, thisWeek, cancellationToken));
        foreach (var owner in signed.Select(c => c.OwnerId).Distinct().Order())
        {
            detections.AddRange(TargetHealthRules.ContractSplitting(owner, signed, thresholds, now));
            if (TargetHealthRules.MonthEndSpike(owner, spikeMonth, signed, thresholds) is { } spike)
            {
                detections.Add(spike);
            }
        }

        var slipFrom = slipBoundary.AddDays(-thresholds.SlipDays);
        var slipTo = slipBoundary.AddDays(thresholds.SlipDays);
        var collections = (await (from collection in db.PaymentCollections.AsNoTracking()
                                  join contract in db.Contracts.AsNoTracking() on collection.ContractId equals contract.Id
                                  where collection.ReceivedOn >= slipFrom && collection.ReceivedOn < slipTo && collection.Currency == "CNY"
                                  select new { collection.Id, collection.ContractId, contract.OwnerId, collection.Amount, collection.ReceivedOn, contract.SignedAt })
                .ToListAsync(cancellationToken))
            .Select(c => new ReceivedCollection(c.Id, c.ContractId, c.OwnerId, c.Amount, c.ReceivedOn, c.SignedAt)).ToList();
        foreach (var owner in collections.Select(c => c.OwnerId).Distinct().Order())
        {
            if (TargetHealthRules.CollectionsSlipping(owner, slipBoundary, collections, thresholds) is { } slipping)
            {
                detections.Add(slipping);
            }
        }

        detections.AddRange(await StrategicCoverageAsync(db, thresholds, coverageFrom, thisWeek, signed, cancellationToken));
        return detections;
    }

    private static async Task<List<Detection>> OpportunitiesWithoutConversionAsync(SalesDbContext db, TargetHealthThresholds thresholds, DateTime now, DateTime thisWeek, CancellationToken cancellationToken)
    {
        var weeksFrom = thisWeek.AddDays(-7 * thresholds.ConsecutiveWeeks);
        var lookbackFrom = thisWeek.AddDays(-7 * thresholds.ConversionLookbackWeeks);
        // The weeks judged: a few weeks of new opportunities, read row by row for their weeks and ids.
        var recent = await db.Opportunities.AsNoTracking().Where(o => o.CreatedAt >= weeksFrom && o.CreatedAt < thisWeek)
            .Select(o => new { o.Id, o.OwnerId, o.CreatedAt }).ToListAsync(cancellationToken);
        var goals = await WeeklyGoalsAsync(db, thisWeek.AddDays(-7), cancellationToken);
        int GoalOf(long member) => goals.TryGetValue(member, out var goal) ? goal : thresholds.WeeklyOpportunityGoal;
        var candidates = recent.GroupBy(o => o.OwnerId)
            .Where(g => g.GroupBy(o => TargetHealthRules.WeekStart(o.CreatedAt)).Count(w => w.Count() >= GoalOf(g.Key)) >= thresholds.ConsecutiveWeeks)
            .Select(g => g.Key).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        // The conversion lookback, grouped in the database, for the candidates' teams only.
        var teamOf = await db.Members.AsNoTracking().Where(m => m.TeamId != null).ToDictionaryAsync(m => m.Id, m => m.TeamId!.Value, cancellationToken);
        var teams = candidates.Where(teamOf.ContainsKey).Select(c => teamOf[c]).ToHashSet();
        var teamMembers = teamOf.Where(m => teams.Contains(m.Value)).Select(m => m.Key).ToList();
        var created = await db.Opportunities.AsNoTracking().Where(o => o.CreatedAt >= lookbackFrom && o.CreatedAt < now && teamMembers.Contains(o.OwnerId))
            .GroupBy(o => o.OwnerId).Select(g => new { Owner = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Owner, g => g.Count, cancellationToken);
        var signed = await db.Contracts.AsNoTracking()
            .Where(c => c.SignatureStatus == SignatureStatus.Signed && c.SignedAt >= lookbackFrom && c.SignedAt < now && teamMembers.Contains(c.OwnerId))
            .GroupBy(c => c.OwnerId).Select(g => new { Owner = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Owner, g => g.Count, cancellationToken);

        RepFunnel FunnelOf(long member)
        {
            var ofMember = recent.Where(o => o.OwnerId == member).ToList();
            var weekly = Enumerable.Range(0, thresholds.ConsecutiveWeeks)
                .Select(i => ofMember.Count(o => TargetHealthRules.WeekStart(o.CreatedAt) == weeksFrom.AddDays(7 * i))).ToList();
            return new RepFunnel(member, weekly, created.GetValueOrDefault(member), signed.GetValueOrDefault(member), ofMember.OrderBy(o => o.Id).Select(o => o.Id).ToList(),
                goals.TryGetValue(member, out var goal) ? goal : null);
        }

        var detections = new List<Detection>();
        foreach (var candidate in candidates.Where(teamOf.ContainsKey).Order())
        {
            var team = teamOf.Where(m => m.Value == teamOf[candidate]).Select(m => FunnelOf(m.Key)).ToList();
            if (TargetHealthRules.OpportunitiesWithoutConversion(FunnelOf(candidate), team, thresholds, now) is { } detection)
            {
                detections.Add(detection);
            }
        }

        return detections;
    }

    /// <summary>
    /// Each rep's own weekly opportunity goal: the <c>QUALITY_OPPORTUNITIES</c> goal of their member target whose period
    /// holds the last complete week's Monday, spread over the period's weeks. Reps without one are judged on the tenant's threshold.
    /// </summary>
    private static async Task<Dictionary<long, int>> WeeklyGoalsAsync(SalesDbContext db, DateTime lastWeek, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(lastWeek);
        var goals = await (from target in db.SalesTargets.AsNoTracking()
                           where target.NodeKind == TargetNodeKind.Member && target.MemberId != null && target.PeriodStart <= day && day < target.PeriodEnd
                           join metric in db.TargetMetrics.AsNoTracking() on target.Id equals metric.TargetId
                           where metric.Kind == TargetMetricKind.QualityOpportunities
                           select new { Member = target.MemberId!.Value, target.PeriodStart, target.PeriodEnd, metric.Goal }).ToListAsync(cancellationToken);
        // Targets of one member do not overlap (OverlappingTargetError), so at most one holds the day.
        return goals.GroupBy(g => g.Member).ToDictionary(g => g.Key, g => g.Select(t => TargetHealthRules.WeeklyGoalOf(t.Goal, t.PeriodEnd.DayNumber - t.PeriodStart.DayNumber)).First());
    }

    /// <summary>Follow-ups of strategic accounts (on the account or on its opportunities) and signed amounts, per rep and complete week.</summary>
    private static async Task<List<Detection>> StrategicCoverageAsync(
        SalesDbContext db, TargetHealthThresholds thresholds, DateTime since, DateTime until, List<SignedContract> signed, CancellationToken cancellationToken)
    {
        var strategic = db.StrategicAccounts.Select(s => s.AccountId);
        var onAccounts = await db.Activities.AsNoTracking()
            .Where(a => a.OccurredAt >= since && a.OccurredAt < until && a.SubjectKind == ActivitySubjectKind.Account && strategic.Contains(a.SubjectId))
            .Select(a => new { a.MemberId, AccountId = a.SubjectId, a.OccurredAt }).ToListAsync(cancellationToken);
        var onOpportunities = await (from activity in db.Activities.AsNoTracking()
                                     join opportunity in db.Opportunities.AsNoTracking() on activity.SubjectId equals opportunity.Id
                                     where activity.OccurredAt >= since && activity.OccurredAt < until && activity.SubjectKind == ActivitySubjectKind.Opportunity
                                           && strategic.Contains(opportunity.AccountId)
                                     select new { activity.MemberId, opportunity.AccountId, activity.OccurredAt }).ToListAsync(cancellationToken);
        var touches = onAccounts.Concat(onOpportunities).ToList();
        var detections = new List<Detection>();
        foreach (var member in touches.Select(t => t.MemberId).Distinct().Order())
        {
            var weeks = Enumerable.Range(0, 2 * thresholds.CoverageWeeks).Select(i =>
            {
                var start = since.AddDays(7 * i);
                var end = start.AddDays(7);
                return new CoverageWeek(start,
                    touches.Where(t => t.MemberId == member && t.OccurredAt >= start && t.OccurredAt < end).Select(t => t.AccountId).ToHashSet(),
                    signed.Where(c => c.OwnerId == member && c.SignedAt >= start && c.SignedAt < end).Sum(c => c.Amount));
            }).ToList();
            if (TargetHealthRules.StrategicCoverageFalling(member, weeks, thresholds) is { } detection)
            {
                detections.Add(detection);
            }
        }

        return detections;
    }
}
