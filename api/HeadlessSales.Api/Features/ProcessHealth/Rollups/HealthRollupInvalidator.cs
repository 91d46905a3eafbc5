using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

/// <summary>
/// Marks the (metric, day) roll-ups a save moves, in that save's own transaction: it looks at what the change tracker
/// is about to write (leads, their history and SOP timers, follow-ups and their tags, opportunities, members) and adds a
/// <see cref="HealthRollupInvalidation"/> for every day whose figures it can change. ProcessHealth subscribes here rather
/// than being called by Leads, Activities or Pipeline, which must not know it. Writes that bypass the change tracker
/// (bulk seeding) are followed by a rebuild.
/// </summary>
public sealed class HealthRollupInvalidator(IServiceProvider services) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is SalesDbContext db)
        {
            MarkAsync(db, services, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SalesDbContext db)
        {
            await MarkAsync(db, services, cancellationToken);
        }

        return result;
    }

    private static readonly string[] LeadFacts = [nameof(Lead.OwnerId), nameof(Lead.TeamId), nameof(Lead.CreatedAt), nameof(Lead.FirstRespondedAt)];

    private static async Task MarkAsync(SalesDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var marks = new HashSet<(long TenantId, ProcessMetric Metric, DateTime Day)>();
        var trackedLeads = new Dictionary<long, EntityEntry<Lead>>();
        // Leads whose creation day is needed (assignment, follow-up), and those whose assignments may have moved (response).
        var leadDays = new HashSet<(long TenantId, long LeadId)>();
        var leadAssignments = new HashSet<(long TenantId, long LeadId)>();
        var opportunityDays = new HashSet<(long TenantId, long OpportunityId)>();
        var deletedSubjects = new HashSet<(long TenantId, ActivitySubjectKind Kind, long Id)>();
        // Opportunities handed over or deleted: their ended stays move with the owner (商机阶段停留时长).
        var movedStays = new HashSet<(long TenantId, long OpportunityId)>();

        void Mark(long tenantId, DateTime? instant, params ProcessMetric[] metrics)
        {
            if (instant is { } at)
            {
                foreach (var metric in metrics)
                {
                    marks.Add((tenantId, metric, HealthRollups.FloorDay(at)));
                }
            }
        }

        foreach (var tracked in db.ChangeTracker.Entries<Lead>())
        {
            trackedLeads[tracked.Entity.Id] = tracked;
        }

        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Lead lead:
                    if (entry.State != EntityState.Modified || LeadFacts.Any(p => entry.Property(p).IsModified))
                    {
                        Mark(lead.TenantId, lead.CreatedAt, ProcessMetric.AssignmentRate, ProcessMetric.FollowUpRate);
                        Mark(lead.TenantId, Original(entry, nameof(Lead.CreatedAt)), ProcessMetric.AssignmentRate, ProcessMetric.FollowUpRate);
                        if (entry.State != EntityState.Added)
                        {
                            leadAssignments.Add((lead.TenantId, lead.Id));
                        }
                    }

                    if (entry.State == EntityState.Deleted)
                    {
                        deletedSubjects.Add((lead.TenantId, ActivitySubjectKind.Lead, lead.Id));
                    }

                    break;
                case LeadHistoryEntry { Kind: LeadHistoryKind.Assigned or LeadHistoryKind.Reassigned } history:
                    leadDays.Add((history.TenantId, history.LeadId));
                    leadAssignments.Add((history.TenantId, history.LeadId));
                    break;
                case ScheduledTimer { Kind: LeadSopTimerHandler.AssignmentDeadline } timer when Moves(entry, nameof(ScheduledTimer.DueAt)):
                    leadDays.Add((timer.TenantId, timer.SubjectId));
                    break;
                case ScheduledTimer { Kind: LeadSopTimerHandler.FirstResponseDeadline } timer when Moves(entry, nameof(ScheduledTimer.DueAt), nameof(ScheduledTimer.AnchorAt)):
                    Mark(timer.TenantId, timer.AnchorAt, ProcessMetric.ResponseRate);
                    Mark(timer.TenantId, Original(entry, nameof(ScheduledTimer.AnchorAt)), ProcessMetric.ResponseRate);
                    break;
                case Activity activity:
                    Mark(activity.TenantId, activity.OccurredAt, ProcessMetric.TagCoverage, ProcessMetric.VideoDemoFrequency);
                    if (activity.SubjectKind == ActivitySubjectKind.Lead)
                    {
                        leadDays.Add((activity.TenantId, activity.SubjectId));
                    }
                    else if (activity.SubjectKind == ActivitySubjectKind.Opportunity)
                    {
                        opportunityDays.Add((activity.TenantId, activity.SubjectId));
                    }

                    break;
                case ActivityTagLink link:
                    Mark(link.TenantId, link.OccurredAt, ProcessMetric.TagCoverage);
                    break;
                case Opportunity opportunity when Moves(entry, nameof(Opportunity.OwnerId), nameof(Opportunity.CreatedAt)):
                    Mark(opportunity.TenantId, opportunity.CreatedAt, ProcessMetric.FollowUpRate);
                    Mark(opportunity.TenantId, Original(entry, nameof(Opportunity.CreatedAt)), ProcessMetric.FollowUpRate);
                    if (entry.State == EntityState.Deleted)
                    {
                        deletedSubjects.Add((opportunity.TenantId, ActivitySubjectKind.Opportunity, opportunity.Id));
                    }

                    if (entry.State != EntityState.Added)
                    {
                        movedStays.Add((opportunity.TenantId, opportunity.Id));
                    }

                    break;
                case OpportunityStageEntry stay when Moves(entry, nameof(OpportunityStageEntry.LeftAt), nameof(OpportunityStageEntry.EnteredAt)):
                    Mark(stay.TenantId, stay.LeftAt, ProcessMetric.StageDwell);
                    Mark(stay.TenantId, Original(entry, nameof(OpportunityStageEntry.LeftAt)), ProcessMetric.StageDwell);
                    break;
                case Member member when entry.State == EntityState.Modified && entry.Property(nameof(Member.TeamId)).IsModified:
                    // An opportunity counts for its owner's current team: the member's whole history moves with them.
                    marks.Add((member.TenantId, ProcessMetric.FollowUpRate, HealthRollupInvalidation.AllDays));
                    marks.Add((member.TenantId, ProcessMetric.StageDwell, HealthRollupInvalidation.AllDays));
                    break;
            }
        }

        // The look-ups read creation days and assignment times, which never change once written, through a context of
        // their own: a read on the saving connection before its first write would, on SQLite, take a read snapshot the
        // coming write could not upgrade while another writer commits (the writers insert first for that reason).
        SalesDbContext? lookups = null;
        SalesDbContext Lookups() => lookups ??= services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        try
        {
            await ResolveLeadsAsync(db, Lookups, trackedLeads, leadDays, leadAssignments, Mark, cancellationToken);
            await ResolveOpportunitiesAsync(db, Lookups, opportunityDays, Mark, cancellationToken);
            await ResolveDeletedSubjectsAsync(Lookups, deletedSubjects, Mark, cancellationToken);
            await ResolveMovedStaysAsync(Lookups, movedStays, Mark, cancellationToken);
        }
        finally
        {
            if (lookups is not null)
            {
                await lookups.DisposeAsync();
            }
        }

        foreach (var (tenantId, metric, day) in marks)
        {
            db.Add(new HealthRollupInvalidation { TenantId = tenantId, Metric = metric, Day = day });
        }
    }

    private static async Task ResolveLeadsAsync(
        SalesDbContext db, Func<SalesDbContext> lookups, Dictionary<long, EntityEntry<Lead>> tracked, HashSet<(long TenantId, long LeadId)> leadDays, HashSet<(long TenantId, long LeadId)> leadAssignments,
        Action<long, DateTime?, ProcessMetric[]> mark, CancellationToken cancellationToken)
    {
        var untracked = new List<long>();
        foreach (var (tenantId, leadId) in leadDays)
        {
            if (tracked.TryGetValue(leadId, out var entry))
            {
                mark(tenantId, entry.Entity.CreatedAt, [ProcessMetric.AssignmentRate, ProcessMetric.FollowUpRate]);
            }
            else
            {
                untracked.Add(leadId);
            }
        }

        if (untracked.Count > 0)
        {
            var found = await lookups().Leads.IgnoreQueryFilters().Where(l => untracked.Contains(l.Id)).Select(l => new { l.Id, l.TenantId, l.CreatedAt }).ToListAsync(cancellationToken);
            var unseen = untracked.Except(found.Select(l => l.Id)).ToList();
            if (unseen.Count > 0)
            {
                // Written earlier in this very transaction and no longer tracked: only the saving connection sees it.
                found.AddRange(await db.Leads.IgnoreQueryFilters().Where(l => unseen.Contains(l.Id)).Select(l => new { l.Id, l.TenantId, l.CreatedAt }).ToListAsync(cancellationToken));
            }

            foreach (var lead in found)
            {
                mark(lead.TenantId, lead.CreatedAt, [ProcessMetric.AssignmentRate, ProcessMetric.FollowUpRate]);
            }
        }

        // A lead created in this save has no stored timers yet; its new ones are marked as they are added.
        var stored = leadAssignments.Where(l => !tracked.TryGetValue(l.LeadId, out var entry) || entry.State != EntityState.Added);
        foreach (var tenant in stored.GroupBy(l => l.TenantId))
        {
            var (tenantId, ids) = (tenant.Key, tenant.Select(l => l.LeadId).ToList());
            // Timers added in this save are marked as they are added; stored ones are read here.
            var anchors = await lookups().ScheduledTimers.IgnoreQueryFilters()
                .Where(t => t.TenantId == tenantId && t.Kind == LeadSopTimerHandler.FirstResponseDeadline && ids.Contains(t.SubjectId))
                .Select(t => t.AnchorAt)
                .ToListAsync(cancellationToken);
            foreach (var anchor in anchors)
            {
                mark(tenantId, anchor, [ProcessMetric.ResponseRate]);
            }
        }
    }

    private static async Task ResolveOpportunitiesAsync(SalesDbContext db, Func<SalesDbContext> lookups, HashSet<(long TenantId, long OpportunityId)> opportunities, Action<long, DateTime?, ProcessMetric[]> mark, CancellationToken cancellationToken)
    {
        if (opportunities.Count == 0)
        {
            return;
        }

        var ids = opportunities.Select(o => o.OpportunityId).ToList();
        var tracked = db.ChangeTracker.Entries<Opportunity>().Where(e => ids.Contains(e.Entity.Id)).ToDictionary(e => e.Entity.Id, e => e.Entity);
        foreach (var opportunity in tracked.Values)
        {
            mark(opportunity.TenantId, opportunity.CreatedAt, [ProcessMetric.FollowUpRate]);
        }

        var untracked = ids.Where(id => !tracked.ContainsKey(id)).ToList();
        if (untracked.Count > 0)
        {
            var found = await lookups().Opportunities.IgnoreQueryFilters().Where(o => untracked.Contains(o.Id)).Select(o => new { o.Id, o.TenantId, o.CreatedAt }).ToListAsync(cancellationToken);
            var unseen = untracked.Except(found.Select(o => o.Id)).ToList();
            if (unseen.Count > 0)
            {
                found.AddRange(await db.Opportunities.IgnoreQueryFilters().Where(o => unseen.Contains(o.Id)).Select(o => new { o.Id, o.TenantId, o.CreatedAt }).ToListAsync(cancellationToken));
            }

            foreach (var opportunity in found)
            {
                mark(opportunity.TenantId, opportunity.CreatedAt, [ProcessMetric.FollowUpRate]);
            }
        }
    }

    /// <summary>The database deletes a deleted lead's or opportunity's follow-ups with it, where the change tracker does not see them.</summary>
    private static async Task ResolveDeletedSubjectsAsync(Func<SalesDbContext> lookups, HashSet<(long TenantId, ActivitySubjectKind Kind, long Id)> subjects, Action<long, DateTime?, ProcessMetric[]> mark, CancellationToken cancellationToken)
    {
        foreach (var group in subjects.GroupBy(s => (s.TenantId, s.Kind)))
        {
            var ids = group.Select(s => s.Id).ToList();
            var (tenantId, kind) = group.Key;
            var days = await lookups().Activities.IgnoreQueryFilters().Where(a => a.TenantId == tenantId && a.SubjectKind == kind && ids.Contains(a.SubjectId))
                .Select(a => a.OccurredAt).ToListAsync(cancellationToken);
            foreach (var day in days)
            {
                mark(tenantId, day, [ProcessMetric.TagCoverage, ProcessMetric.VideoDemoFrequency]);
            }
        }
    }

    /// <summary>The days an opportunity's ended stays count on: they move when its owner changes or it is deleted.</summary>
    private static async Task ResolveMovedStaysAsync(Func<SalesDbContext> lookups, HashSet<(long TenantId, long OpportunityId)> opportunities, Action<long, DateTime?, ProcessMetric[]> mark, CancellationToken cancellationToken)
    {
        foreach (var tenant in opportunities.GroupBy(o => o.TenantId))
        {
            var (tenantId, ids) = (tenant.Key, tenant.Select(o => o.OpportunityId).ToList());
            var days = await lookups().OpportunityStageEntries.IgnoreQueryFilters().Where(e => e.TenantId == tenantId && ids.Contains(e.OpportunityId) && e.LeftAt != null)
                .Select(e => e.LeftAt).ToListAsync(cancellationToken);
            foreach (var day in days)
            {
                mark(tenantId, day, [ProcessMetric.StageDwell]);
            }
        }
    }

    /// <summary>Added and deleted rows always move the figures; a modified one only when one of <paramref name="properties"/> changed.</summary>
    private static bool Moves(EntityEntry entry, params string[] properties) =>
        entry.State != EntityState.Modified || properties.Any(p => entry.Property(p).IsModified);

    private static DateTime? Original(EntityEntry entry, string property) =>
        entry.State == EntityState.Added ? null : (DateTime?)entry.Property(property).OriginalValue;
}
