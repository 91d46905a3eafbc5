using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Health;

public enum ProcessMetric
{
    /// <summary>30分钟分配率: of the leads created in the period, the share that got an owner within the assignment deadline.</summary>
    AssignmentRate,

    /// <summary>线索响应率: of the assignments made in the period, the share whose lead was first answered within that assignment's deadline.</summary>
    ResponseRate,
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
    /// <summary>Member and team scopes are broken down by member, region and tenant scopes by team.</summary>
    public bool BreaksDownByMember => Kind is HealthScopeKind.Member or HealthScopeKind.Team;
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

/// <summary>
/// Computes the process metrics in the database: each is one GROUP BY query over the period's rows, grouped by the
/// contributor, whose sums give the scope's figure. Working time is honoured by comparing against each lead's stored
/// deadline timer (<see cref="ScheduledTimer.DueAt"/>), which the SOP computed in the team's working calendar when it
/// set the deadline; so a metric judges a lead by the very deadline that escalated it.
/// A case whose deadline is still running and not yet met is not decided, and is left out until it is.
/// </summary>
public static class ProcessMetricEngine
{
    /// <summary>
    /// 30分钟分配率. Counted once per lead created in [from, to), by its team (and current owner): met when its first
    /// assignment came no later than its assignment deadline; a lead assigned at intake has no such timer and met it.
    /// Reads past row visibility: the scope was authorised as a whole, and its queued leads have no owner to be seen by.
    /// </summary>
    public static async Task<RateResult> AssignmentRateAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var leads = InScope(db, db.Leads.IgnoreQueryFilters().Where(l => l.TenantId == tenantId && l.CreatedAt >= from && l.CreatedAt < to), scope);
        var judged = leads.Select(l => new
        {
            GroupId = scope.BreaksDownByMember ? l.OwnerId : l.TeamId,
            DueAt = db.ScheduledTimers.IgnoreQueryFilters()
                .Where(t => t.TenantId == tenantId && t.Kind == LeadSop.AssignmentDeadline && t.SubjectId == l.Id)
                .Min(t => (DateTime?)t.DueAt),
            AssignedAt = db.LeadHistory.IgnoreQueryFilters()
                .Where(h => h.TenantId == tenantId && h.LeadId == l.Id && (h.Kind == LeadHistoryKind.Assigned || h.Kind == LeadHistoryKind.Reassigned))
                .Min(h => (DateTime?)h.OccurredAt),
        }).Select(x => new
        {
            x.GroupId,
            Met = x.AssignedAt != null && (x.DueAt == null || x.AssignedAt <= x.DueAt),
            x.DueAt,
        }).Where(x => x.Met || x.DueAt == null || x.DueAt <= now);
        var groups = await judged.GroupBy(x => x.GroupId)
            .Select(g => new RateCount(g.Key, g.Count(), g.Sum(x => x.Met ? 1 : 0)))
            .ToListAsync(cancellationToken);
        return new RateResult(groups.Sum(g => g.Total), groups.Sum(g => g.Met), groups);
    }

    /// <summary>
    /// 线索响应率. Counted once per assignment made in [from, to) (each first-response timer is one: a reassigned lead
    /// counts for each owner who had it), by the owner at that assignment (or the lead's team): met when the lead's
    /// first response came no later than that assignment's deadline, including a response given before it.
    /// </summary>
    public static async Task<RateResult> ResponseRateAsync(SalesDbContext db, HealthScope scope, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var assignments =
            from timer in db.ScheduledTimers.IgnoreQueryFilters()
            where timer.TenantId == tenantId && timer.Kind == LeadSop.FirstResponseDeadline && timer.AnchorAt >= @from && timer.AnchorAt < to
            join lead in db.Leads.IgnoreQueryFilters() on timer.SubjectId equals lead.Id
            select new
            {
                lead.TeamId,
                RegionId = db.Teams.IgnoreQueryFilters().Where(t => t.Id == lead.TeamId).Select(t => (long?)t.RegionId).FirstOrDefault(),
                // The owner as of this assignment: later reassignments must not take it from them.
                OwnerId = db.LeadHistory.IgnoreQueryFilters()
                    .Where(h => h.TenantId == tenantId && h.LeadId == lead.Id && h.OccurredAt <= timer.AnchorAt
                        && (h.Kind == LeadHistoryKind.Assigned || h.Kind == LeadHistoryKind.Reassigned))
                    .OrderByDescending(h => h.OccurredAt).ThenByDescending(h => h.Id)
                    .Select(h => h.OwnerId).FirstOrDefault(),
                Met = lead.FirstRespondedAt != null && lead.FirstRespondedAt <= timer.DueAt,
                timer.DueAt,
            };
        assignments = scope.Kind switch
        {
            HealthScopeKind.Member => assignments.Where(a => a.OwnerId == scope.Id),
            HealthScopeKind.Team => assignments.Where(a => a.TeamId == scope.Id),
            HealthScopeKind.Region => assignments.Where(a => a.RegionId == scope.Id),
            _ => assignments,
        };
        var groups = await assignments.Where(a => a.Met || a.DueAt <= now)
            .GroupBy(a => scope.BreaksDownByMember ? a.OwnerId : a.TeamId)
            .Select(g => new RateCount(g.Key, g.Count(), g.Sum(x => x.Met ? 1 : 0)))
            .ToListAsync(cancellationToken);
        return new RateResult(groups.Sum(g => g.Total), groups.Sum(g => g.Met), groups);
    }

    private static IQueryable<Lead> InScope(SalesDbContext db, IQueryable<Lead> leads, HealthScope scope) => scope.Kind switch
    {
        HealthScopeKind.Member => leads.Where(l => l.OwnerId == scope.Id),
        HealthScopeKind.Team => leads.Where(l => l.TeamId == scope.Id),
        HealthScopeKind.Region => leads.Where(l => db.Teams.IgnoreQueryFilters().Any(t => t.Id == l.TeamId && t.RegionId == scope.Id)),
        _ => leads,
    };
}
