using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth;

public enum ProcessMetric
{
    /// <summary>30分钟分配率: of the leads created in the period, the share that got an owner within the assignment deadline.</summary>
    AssignmentRate,

    /// <summary>线索响应率: of the assignments made in the period, the share whose lead was first answered within that assignment's deadline.</summary>
    ResponseRate,

    /// <summary>3日跟进完成率: of the leads and opportunities created in the period, the share followed up within the tenant's window (3 days).</summary>
    FollowUpRate,

    /// <summary>商机阶段停留时长: the median days of the opportunities' stage stays that ended in the period; lower is better.</summary>
    StageDwell,

    /// <summary>跟进标签覆盖率: of the follow-ups in the period, the share carrying one of the required tags.</summary>
    TagCoverage,

    /// <summary>视频演示频次: video demos per active rep per week of the period.</summary>
    VideoDemoFrequency,
}

/// <summary>What a metric's value measures.</summary>
public enum MetricUnit
{
    /// <summary>A share from 0 to 1.</summary>
    Ratio,

    /// <summary>Days, with fractions.</summary>
    Days,

    /// <summary>Events per active rep per week.</summary>
    PerRepPerWeek,
}

/// <summary>Which way is good.</summary>
public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}

public enum HealthScopeKind
{
    Member,
    Team,
    Region,
    Tenant,
}

/// <summary>Whose numbers: one member, one team, one region, or the whole tenant (<see cref="Id"/> null).</summary>
public sealed record HealthScope(HealthScopeKind Kind, long? Id)
{
    /// <summary>A region or tenant scope broken down by member instead of by team: every rep's figure in one query (a target tree's reps).</summary>
    public bool ByMember { get; init; }

    /// <summary>Member and team scopes are broken down by member, region and tenant scopes by team unless <see cref="ByMember"/>.</summary>
    public bool BreaksDownByMember => ByMember || Kind is HealthScopeKind.Member or HealthScopeKind.Team;
}

/// <summary>One group's share: <see cref="Met"/> of <see cref="Total"/> decided cases met their deadline.</summary>
public sealed record RateCount(long? GroupId, int Total, int Met)
{
    /// <summary>Null, not 0, when there was nothing to judge.</summary>
    public double? Value => Total == 0 ? null : (double)Met / Total;
}

/// <summary>A rate metric for a whole scope and per contributor (member or team), as counted by the database.</summary>
public sealed record RateResult(int Total, int Met, IReadOnlyList<RateCount> ByGroup)
{
    public double? Value => Total == 0 ? null : (double)Met / Total;
}

/// <summary>One contributor's (member's or team's) own figure of any metric.</summary>
/// <param name="Total">Cases judged (rates), stays measured (dwell), active reps (video demos).</param>
/// <param name="Met">Cases that met the standard; rates only.</param>
public sealed record GroupFigure(long? GroupId, double? Value, int Total, int? Met);

/// <summary>商机阶段停留时长 of one stage: how many stays ended, their mean and median length in days.</summary>
public sealed record StageDwellFigure(long StageId, int Stays, double MeanDays, double MedianDays);

/// <summary>Any metric for a whole scope and per contributor, as counted by the database.</summary>
/// <param name="Total">Cases judged (rates), stays measured (dwell), video demos given (frequency).</param>
/// <param name="Met">Cases that met the standard; null for metrics that are not shares.</param>
public sealed record MetricResult(double? Value, int Total, int? Met, IReadOnlyList<GroupFigure> ByGroup, IReadOnlyList<StageDwellFigure> ByStage)
{
    public static MetricResult FromRates(RateResult rates) =>
        new(rates.Value, rates.Total, rates.Met, rates.ByGroup.Select(g => new GroupFigure(g.GroupId, g.Value, g.Total, g.Met)).ToList(), []);
}

/// <summary>
/// Computes the process metrics in the database: each is one GROUP BY query over the period's rows, grouped by the
/// contributor, whose sums give the scope's figure. Working time is honoured by comparing against each lead's stored
/// deadline timer (<see cref="ScheduledTimer.DueAt"/>), which the SOP computed in the team's working calendar when it
/// set the deadline; so a metric judges a lead by the very deadline that escalated it.
/// A case whose deadline is still running and not yet met is not decided, and is left out until it is.
/// </summary>
public static class ProcessMetricEngine
{
    /// <summary>One case of a rate metric: whose it is, whether it met the standard, and when it is decided if it did not.</summary>
    internal sealed class HealthCase
    {
        public long? MemberId { get; init; }

        public long? TeamId { get; init; }

        public bool Met { get; init; }

        /// <summary>The deadline; an unmet case is decided once it has passed. Null: decided from the start.</summary>
        public DateTime? DueAt { get; init; }
    }

    /// <summary>
    /// 30分钟分配率. Counted once per lead created in [from, to), by its team (and current owner): met when its first
    /// assignment came no later than its assignment deadline; a lead assigned at intake has no such timer and met it.
    /// Reads past row visibility: the scope was authorised as a whole, and its queued leads have no owner to be seen by.
    /// </summary>
    public static async Task<RateResult> AssignmentRateAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken) =>
        await CountAsync(CaseInScope(db, AssignmentCases(db, from, to), scope), scope, now, cancellationToken);

    /// <summary>30分钟分配率's cases: one per lead created in [from, to), by its current owner and team.</summary>
    internal static IQueryable<HealthCase> AssignmentCases(SalesDbContext db, DateTime from, DateTime to)
    {
        var tenantId = db.CurrentTenantId;
        return db.Leads.IgnoreQueryFilters().Where(l => l.TenantId == tenantId && l.CreatedAt >= from && l.CreatedAt < to).Select(l => new
        {
            l.OwnerId,
            l.TeamId,
            DueAt = db.ScheduledTimers.IgnoreQueryFilters()
                .Where(t => t.TenantId == tenantId && t.Kind == LeadSopTimerHandler.AssignmentDeadline && t.SubjectId == l.Id)
                .Min(t => (DateTime?)t.DueAt),
            AssignedAt = db.Set<LeadHistoryEntry>().IgnoreQueryFilters()
                .Where(h => h.TenantId == tenantId && h.LeadId == l.Id && (h.Kind == LeadHistoryKind.Assigned || h.Kind == LeadHistoryKind.Reassigned))
                .Min(h => (DateTime?)h.OccurredAt),
        }).Select(x => new HealthCase
        {
            MemberId = x.OwnerId,
            TeamId = x.TeamId,
            Met = x.AssignedAt != null && (x.DueAt == null || x.AssignedAt <= x.DueAt),
            DueAt = x.DueAt,
        });
    }

    /// <summary>The decided cases (met, or past their deadline at <paramref name="now"/>) per contributor of the scope.</summary>
    private static async Task<RateResult> CountAsync(IQueryable<HealthCase> cases, HealthScope scope, DateTime now, CancellationToken cancellationToken)
    {
        var groups = await cases.Where(c => c.Met || c.DueAt == null || c.DueAt <= now)
            .GroupBy(c => scope.BreaksDownByMember ? c.MemberId : c.TeamId)
            .Select(g => new RateCount(g.Key, g.Count(), g.Sum(x => x.Met ? 1 : 0)))
            .ToListAsync(cancellationToken);
        return new RateResult(groups.Sum(g => g.Total), groups.Sum(g => g.Met), groups);
    }

    /// <summary>Cases of a scope: by the case's member, its team, or that team's (current) region.</summary>
    internal static IQueryable<HealthCase> CaseInScope(SalesDbContext db, IQueryable<HealthCase> cases, HealthScope scope) => scope.Kind switch
    {
        HealthScopeKind.Member => cases.Where(c => c.MemberId == scope.Id),
        HealthScopeKind.Team => cases.Where(c => c.TeamId == scope.Id),
        HealthScopeKind.Region => cases.Where(c => db.Teams.IgnoreQueryFilters().Any(t => t.Id == c.TeamId && t.RegionId == scope.Id)),
        _ => cases,
    };

    /// <summary>
    /// 线索响应率. Counted once per assignment made in [from, to) (each first-response timer is one: a reassigned lead
    /// counts for each owner who had it), by the owner at that assignment (or the lead's team): met when the lead's
    /// first response came no later than that assignment's deadline, including a response given before it.
    /// </summary>
    public static async Task<RateResult> ResponseRateAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken) =>
        await CountAsync(CaseInScope(db, ResponseCases(db, from, to), scope), scope, now, cancellationToken);

    /// <summary>线索响应率's cases: one per assignment (first-response timer) anchored in [from, to), by the owner as of it and the lead's team.</summary>
    internal static IQueryable<HealthCase> ResponseCases(SalesDbContext db, DateTime from, DateTime to)
    {
        var tenantId = db.CurrentTenantId;
        return
            from timer in db.ScheduledTimers.IgnoreQueryFilters()
            where timer.TenantId == tenantId && timer.Kind == LeadSopTimerHandler.FirstResponseDeadline && timer.AnchorAt >= @from && timer.AnchorAt < to
            join lead in db.Leads.IgnoreQueryFilters() on timer.SubjectId equals lead.Id
            select new HealthCase
            {
                // The owner as of this assignment: later reassignments must not take it from them.
                MemberId = db.Set<LeadHistoryEntry>().IgnoreQueryFilters()
                    .Where(h => h.TenantId == tenantId && h.LeadId == lead.Id && h.OccurredAt <= timer.AnchorAt
                        && (h.Kind == LeadHistoryKind.Assigned || h.Kind == LeadHistoryKind.Reassigned))
                    .OrderByDescending(h => h.OccurredAt).ThenByDescending(h => h.Id)
                    .Select(h => h.OwnerId).FirstOrDefault(),
                TeamId = lead.TeamId,
                Met = lead.FirstRespondedAt != null && lead.FirstRespondedAt <= timer.DueAt,
                DueAt = timer.DueAt,
            };
    }

    /// <summary>
    /// 3日跟进完成率. Counted once per lead and once per opportunity created in [from, to), by the lead's team (its
    /// current owner) or the opportunity owner's team (the owner): met when any follow-up (an <see cref="Activity"/> on
    /// it, by anyone) occurred no later than <paramref name="windowDays"/> calendar days after its creation. A case whose
    /// window is still running at <paramref name="now"/> and has no follow-up yet is not decided and left out.
    /// </summary>
    public static async Task<RateResult> FollowUpRateAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, int windowDays, CancellationToken cancellationToken) =>
        await CountAsync(CaseInScope(db, FollowUpCases(db, from, to, windowDays), scope), scope, now, cancellationToken);

    /// <summary>3日跟进完成率's cases: leads (by current owner and team) and opportunities (by owner and the owner's current team) created in [from, to).</summary>
    internal static IQueryable<HealthCase> FollowUpCases(SalesDbContext db, DateTime from, DateTime to, int windowDays)
    {
        var tenantId = db.CurrentTenantId;
        var leads = db.Leads.IgnoreQueryFilters().Where(l => l.TenantId == tenantId && l.CreatedAt >= from && l.CreatedAt < to)
            .Select(l => new HealthCase
            {
                MemberId = l.OwnerId,
                TeamId = l.TeamId,
                DueAt = l.CreatedAt.AddDays(windowDays),
                Met = db.Set<Activity>().IgnoreQueryFilters().Any(a => a.TenantId == tenantId && a.SubjectKind == ActivitySubjectKind.Lead && a.SubjectId == l.Id
                    && a.OccurredAt <= l.CreatedAt.AddDays(windowDays)),
            });
        var opportunities =
            from opportunity in db.Opportunities.IgnoreQueryFilters().Where(o => o.TenantId == tenantId && o.CreatedAt >= @from && o.CreatedAt < to)
            join owner in db.Members.IgnoreQueryFilters() on opportunity.OwnerId equals owner.Id
            select new HealthCase
            {
                MemberId = opportunity.OwnerId,
                TeamId = owner.TeamId,
                DueAt = opportunity.CreatedAt.AddDays(windowDays),
                Met = db.Set<Activity>().IgnoreQueryFilters().Any(a => a.TenantId == tenantId && a.SubjectKind == ActivitySubjectKind.Opportunity && a.SubjectId == opportunity.Id
                    && a.OccurredAt <= opportunity.CreatedAt.AddDays(windowDays)),
            };
        return leads.Concat(opportunities);
    }

    /// <summary>
    /// 商机阶段停留时长. The stage stays that ended (left the stage) in [from, to), by the opportunity owner's team (or the
    /// owner). One GROUP BY (stage, contributor) gives counts and summed seconds, hence every mean; the medians come from
    /// a second query that lets the database sort each stage's stays and hand back only the middle one or two
    /// (ORDER BY … LIMIT/OFFSET, one branch per stage joined by UNION ALL), and a third for the headline median of all
    /// stays. The value is that headline median in days; contributors carry their mean (a median each would be one
    /// query per contributor). <paramref name="byStage"/> false skips the per-stage medians (the previous period).
    /// </summary>
    public static async Task<MetricResult> StageDwellAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, bool byStage, CancellationToken cancellationToken)
    {
        var stays = Seconds(db, EndedStays(db, scope, from, to), scope.BreaksDownByMember);

        var sums = await stays.GroupBy(s => new { s.StageId, s.GroupId })
            .Select(g => new { g.Key.StageId, g.Key.GroupId, Stays = g.Count(), Seconds = g.Sum(s => s.Seconds) })
            .ToListAsync(cancellationToken);
        var total = sums.Sum(s => s.Stays);
        if (total == 0)
        {
            return new MetricResult(null, 0, null, [], []);
        }

        var byGroup = sums.GroupBy(s => s.GroupId)
            .Select(g => new GroupFigure(g.Key, Days(g.Sum(s => s.Seconds) / g.Sum(s => s.Stays)), g.Sum(s => s.Stays), null))
            .ToList();
        var median = Median(await Middle(stays, total).Select(s => s.Seconds).ToListAsync(cancellationToken));
        var stages = new List<StageDwellFigure>();
        if (byStage)
        {
            var perStage = sums.GroupBy(s => s.StageId).Select(g => (StageId: g.Key, Stays: g.Sum(s => s.Stays), Seconds: g.Sum(s => s.Seconds))).OrderBy(s => s.StageId).ToList();
            var middles = perStage
                .Select(s => Middle(stays.Where(x => x.StageId == s.StageId), s.Stays).Select(x => new MiddleStay { StageId = x.StageId, Seconds = x.Seconds }))
                .Aggregate((all, next) => all.Concat(next));
            var middleRows = await middles.ToListAsync(cancellationToken);
            stages = perStage
                .Select(s => new StageDwellFigure(s.StageId, s.Stays, Days(s.Seconds / s.Stays), Days(Median(middleRows.Where(m => m.StageId == s.StageId).Select(m => m.Seconds).ToList()))))
                .ToList();
        }

        return new MetricResult(Days(median), total, null, byGroup, stages);
    }

    /// <summary>The stage stays that ended in [from, to) within the scope, by the opportunity owner and the owner's current team.</summary>
    private static IQueryable<StayRow> EndedStays(SalesDbContext db, HealthScope scope, DateTime from, DateTime to)
    {
        var tenantId = db.CurrentTenantId;
        var ended =
            from entry in db.OpportunityStageEntries.IgnoreQueryFilters()
            where entry.TenantId == tenantId && entry.LeftAt != null && entry.LeftAt >= @from && entry.LeftAt < to
            join opportunity in db.Opportunities.IgnoreQueryFilters() on entry.OpportunityId equals opportunity.Id
            join owner in db.Members.IgnoreQueryFilters() on opportunity.OwnerId equals owner.Id
            select new StayRow { StageId = entry.StageId, OwnerId = opportunity.OwnerId, TeamId = owner.TeamId, EnteredAt = entry.EnteredAt, LeftAt = entry.LeftAt!.Value };
        return scope.Kind switch
        {
            HealthScopeKind.Member => ended.Where(s => s.OwnerId == scope.Id),
            HealthScopeKind.Team => ended.Where(s => s.TeamId == scope.Id),
            HealthScopeKind.Region => ended.Where(s => db.Teams.IgnoreQueryFilters().Any(t => t.Id == s.TeamId && t.RegionId == scope.Id)),
            _ => ended,
        };
    }

    /// <summary>
    /// 商机阶段停留时长's stays one by one (stage, owner, owner's current team, length in seconds as the raw median computes
    /// it): what a day's dwell roll-up groups, and what the roll-up reader takes raw for the ranges it does not cover.
    /// </summary>
    internal static IQueryable<StayLength> StayLengths(SalesDbContext db, HealthScope scope, DateTime from, DateTime to)
    {
        var ended = EndedStays(db, scope, from, to);
        if (db.Database.IsNpgsql())
        {
            return ended.Select(s => new StayLength { StageId = s.StageId, MemberId = s.OwnerId, TeamId = s.TeamId, Seconds = (s.LeftAt - s.EnteredAt).TotalSeconds });
        }

        if (db.Database.IsSqlServer())
        {
            return ended.Select(s => new StayLength { StageId = s.StageId, MemberId = s.OwnerId, TeamId = s.TeamId, Seconds = (double)EF.Functions.DateDiffSecond(s.EnteredAt, s.LeftAt) });
        }

        return ended.Select(s => new StayLength { StageId = s.StageId, MemberId = s.OwnerId, TeamId = s.TeamId, Seconds = (s.LeftAt.Ticks - s.EnteredAt.Ticks) / (double)TimeSpan.TicksPerSecond });
    }

    /// <summary>
    /// 跟进标签覆盖率. Counted once per follow-up (activity) that occurred in [from, to), by the member who made it or the
    /// team they were in when they made it: met when it carries any of <paramref name="requiredTagCodes"/>. Two scans of
    /// one index range each: the follow-ups per contributor, and the distinct follow-ups among the period's tag rows
    /// (<see cref="ActivityTagLink"/>) with a required tag; neither reads a follow-up's row or unpacks its tags.
    /// </summary>
    public static async Task<RateResult> TagCoverageAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, IReadOnlyCollection<string> requiredTagCodes, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var required = requiredTagCodes.ToList();
        var activities = db.Activities.IgnoreQueryFilters().Where(a => a.TenantId == tenantId && a.OccurredAt >= from && a.OccurredAt < to);
        var tagged = db.ActivityTagLinks.IgnoreQueryFilters().Where(l => l.TenantId == tenantId && l.OccurredAt >= from && l.OccurredAt < to && required.Contains(l.TagCode));
        (activities, tagged) = scope.Kind switch
        {
            HealthScopeKind.Member => (activities.Where(a => a.MemberId == scope.Id), tagged.Where(l => l.MemberId == scope.Id)),
            HealthScopeKind.Team => (activities.Where(a => a.TeamId == scope.Id), tagged.Where(l => l.TeamId == scope.Id)),
            HealthScopeKind.Region => (
                activities.Where(a => db.Teams.IgnoreQueryFilters().Any(t => t.Id == a.TeamId && t.RegionId == scope.Id)),
                tagged.Where(l => db.Teams.IgnoreQueryFilters().Any(t => t.Id == l.TeamId && t.RegionId == scope.Id))),
            _ => (activities, tagged),
        };
        var totals = await activities
            .GroupBy(a => scope.BreaksDownByMember ? (long?)a.MemberId : a.TeamId)
            .Select(g => new { GroupId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var met = required.Count == 0 ? [] : await tagged
            .GroupBy(l => scope.BreaksDownByMember ? (long?)l.MemberId : l.TeamId)
            .Select(g => new { GroupId = g.Key, Count = g.Select(l => l.ActivityId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        var groups = totals
            .Select(t => new RateCount(t.GroupId, t.Count, met.FirstOrDefault(m => m.GroupId == t.GroupId)?.Count ?? 0))
            .ToList();
        return new RateResult(groups.Sum(g => g.Total), groups.Sum(g => g.Met), groups);
    }

    /// <summary>
    /// Whom the demo frequency counts in a scope whose period ends at <paramref name="end"/>: the member asked for, or the
    /// active reps of the team, the region or the tenant. A rep hired after the period ended was not there to give demos;
    /// one hired during it counts in full.
    /// </summary>
    internal static IQueryable<Member> DemoFrequencyMembers(SalesDbContext db, HealthScope scope, DateTime end)
    {
        var tenantId = db.CurrentTenantId;
        var hiredBy = DateOnly.FromDateTime(end);
        var members = db.Members.IgnoreQueryFilters().Where(m => m.TenantId == tenantId);
        var reps = members.Where(m => m.Active && m.Role == MemberRole.Rep && m.HiredOn <= hiredBy);
        return scope.Kind switch
        {
            HealthScopeKind.Member => members.Where(m => m.Id == scope.Id),
            HealthScopeKind.Team => reps.Where(m => m.TeamId == scope.Id),
            HealthScopeKind.Region => reps.Where(m => db.Teams.IgnoreQueryFilters().Any(t => t.Id == m.TeamId && t.RegionId == scope.Id)),
            _ => reps,
        };
    }

    /// <summary>
    /// 视频演示频次. Video demos given in [from, min(to, now)) by the scope's active reps hired by then (a member scope:
    /// that member, whatever their role), divided by the reps and by the weeks elapsed: a rep who gave none still counts, and a period
    /// that is still running is judged on the weeks that have passed. Grouped by member, or by the rep's current team.
    /// </summary>
    public static async Task<MetricResult> VideoDemoFrequencyAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var end = to < now ? to : now;
        var weeks = (end - from).TotalDays / 7;
        if (weeks <= 0)
        {
            return new MetricResult(null, 0, null, [], []);
        }

        var groups = await DemoFrequencyMembers(db, scope, end)
            .Select(m => new
            {
                GroupId = scope.BreaksDownByMember ? (long?)m.Id : m.TeamId,
                Demos = db.Set<Activity>().IgnoreQueryFilters().Count(a => a.TenantId == tenantId && a.MemberId == m.Id && a.Kind == ActivityKind.VideoDemo
                    && a.OccurredAt >= from && a.OccurredAt < end),
            })
            .GroupBy(m => m.GroupId)
            .Select(g => new { g.Key, Reps = g.Count(), Demos = g.Sum(m => m.Demos) })
            .ToListAsync(cancellationToken);
        var repCount = groups.Sum(g => g.Reps);
        var demos = groups.Sum(g => g.Demos);
        return new MetricResult(
            repCount == 0 ? null : demos / (repCount * weeks),
            demos,
            null,
            groups.Select(g => new GroupFigure(g.Key, g.Demos / (g.Reps * weeks), g.Reps, null)).ToList(),
            []);
    }

    internal sealed class StayLength
    {
        public long StageId { get; init; }

        public long MemberId { get; init; }

        public long? TeamId { get; init; }

        public double Seconds { get; init; }
    }

    private sealed class StayRow
    {
        public long StageId { get; init; }

        public long OwnerId { get; init; }

        public long? TeamId { get; init; }

        public DateTime EnteredAt { get; init; }

        public DateTime LeftAt { get; init; }
    }

    private sealed class TimedStay
    {
        public long StageId { get; init; }

        public long? GroupId { get; init; }

        public double Seconds { get; init; }
    }

    private sealed class MiddleStay
    {
        public long StageId { get; init; }

        public double Seconds { get; init; }
    }

    /// <summary>
    /// A stay's length in seconds, computed by the database. No one expression translates on every provider: SQLite
    /// stores instants as text and translates <see cref="DateTime.Ticks"/> (julianday), PostgreSQL translates a
    /// difference's <see cref="TimeSpan.TotalSeconds"/> (epoch of the interval), SQL Server has DATEDIFF.
    /// </summary>
    private static IQueryable<TimedStay> Seconds(SalesDbContext db, IQueryable<StayRow> stays, bool byMember)
    {
        if (db.Database.IsNpgsql())
        {
            return stays.Select(s => new TimedStay { StageId = s.StageId, GroupId = byMember ? s.OwnerId : s.TeamId, Seconds = (s.LeftAt - s.EnteredAt).TotalSeconds });
        }

        if (db.Database.IsSqlServer())
        {
            return stays.Select(s => new TimedStay { StageId = s.StageId, GroupId = byMember ? s.OwnerId : s.TeamId, Seconds = (double)EF.Functions.DateDiffSecond(s.EnteredAt, s.LeftAt) });
        }

        return stays.Select(s => new TimedStay { StageId = s.StageId, GroupId = byMember ? s.OwnerId : s.TeamId, Seconds = (s.LeftAt.Ticks - s.EnteredAt.Ticks) / (double)TimeSpan.TicksPerSecond });
    }

    /// <summary>The middle one (odd count) or two (even count) of <paramref name="count"/> stays, sorted by the database.</summary>
    private static IQueryable<TimedStay> Middle(IQueryable<TimedStay> stays, int count) =>
        stays.OrderBy(s => s.Seconds).Skip((count - 1) / 2).Take(count % 2 == 1 ? 1 : 2);

    internal static double Median(IReadOnlyList<double> middle) => middle.Count == 0 ? 0 : middle.Average();

    internal static double Days(double seconds) => seconds / 86_400;
}
