using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>Keeps each subject's <see cref="FollowUpState"/> equal to what its activities and the tenant's sequence say.</summary>
public static class FollowUpTracker
{
    /// <summary>
    /// Recomputes one subject's state inside the caller's transaction, after its new activity was saved.
    /// The version bump comes first: on a server it locks the row, so a concurrent writer on the same
    /// subject reads the activities only after this one committed.
    /// </summary>
    public static async Task RefreshAsync(SalesDbContext db, long tenantId, ActivitySubject subject, long? ownerTeamId, IReadOnlyList<FollowUpStep> steps, DateTime now, CancellationToken cancellationToken)
    {
        var bumped = await db.FollowUpStates.IgnoreQueryFilters()
            .Where(s => s.TenantId == tenantId && s.SubjectKind == subject.Kind && s.SubjectId == subject.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        var state = bumped == 0
            ? db.FollowUpStates.Add(new FollowUpState { TenantId = tenantId, SubjectKind = subject.Kind, SubjectId = subject.Id }).Entity
            : await db.FollowUpStates.IgnoreQueryFilters()
                .FirstAsync(s => s.TenantId == tenantId && s.SubjectKind == subject.Kind && s.SubjectId == subject.Id, cancellationToken);

        var trail = await TrailAsync(db, tenantId, subject.Kind, [subject.Id], cancellationToken);
        Apply(state, subject, ownerTeamId, steps, trail.GetValueOrDefault(subject.Id) ?? [], now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Recomputes every state of the tenant, e.g. after the sequence changed; in the caller's transaction.</summary>
    public static async Task RefreshAllAsync(SalesDbContext db, long tenantId, IReadOnlyList<FollowUpStep> steps, DateTime now, CancellationToken cancellationToken)
    {
        var states = await db.FollowUpStates.IgnoreQueryFilters().Where(s => s.TenantId == tenantId).ToListAsync(cancellationToken);
        foreach (var chunk in states.GroupBy(s => s.SubjectKind).SelectMany(kind => kind.Chunk(500)))
        {
            var trail = await TrailAsync(db, tenantId, chunk[0].SubjectKind, chunk.Select(s => s.SubjectId).ToList(), cancellationToken);
            foreach (var state in chunk)
            {
                var completed = FollowUpRules.CompletionTimes(steps, trail.GetValueOrDefault(state.SubjectId) ?? []);
                state.CompletedAt = completed;
                state.CurrentStepDueAt = FollowUpRules.CurrentStepDueAt(steps, state.SubjectStartedAt, completed);
                state.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public static void Apply(FollowUpState state, ActivitySubject subject, long? ownerTeamId, IReadOnlyList<FollowUpStep> steps,
        IReadOnlyList<(DateTime OccurredAt, IReadOnlyCollection<string> TagCodes)> trailOldestFirst, DateTime now)
    {
        var completed = FollowUpRules.CompletionTimes(steps, trailOldestFirst);
        state.SubjectStartedAt = subject.StartedAt;
        state.OwnerId = subject.OwnerId;
        state.TeamId = ownerTeamId;
        state.CompletedAt = completed;
        state.CurrentStepDueAt = FollowUpRules.CurrentStepDueAt(steps, subject.StartedAt, completed);
        state.LastFollowUpAt = trailOldestFirst.Count == 0 ? null : trailOldestFirst.Max(a => a.OccurredAt);
        state.UpdatedAt = now;
    }

    /// <summary>The tags of each subject's activities, oldest first.</summary>
    private static async Task<Dictionary<long, List<(DateTime OccurredAt, IReadOnlyCollection<string> TagCodes)>>> TrailAsync(
        SalesDbContext db, long tenantId, ActivitySubjectKind kind, IReadOnlyCollection<long> subjectIds, CancellationToken cancellationToken)
    {
        var rows = await db.Activities.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.TenantId == tenantId && a.SubjectKind == kind && subjectIds.Contains(a.SubjectId))
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
            .Select(a => new { a.SubjectId, a.OccurredAt, a.TagCodes })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.SubjectId).ToDictionary(
            g => g.Key,
            g => g.Select(r => (r.OccurredAt, (IReadOnlyCollection<string>)r.TagCodes)).ToList());
    }
}
