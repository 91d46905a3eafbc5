namespace HeadlessSales.Api.Features.Activities;

public enum FollowUpStepStatus
{
    Completed,
    Current,
    Pending,
}

/// <summary>One step as it stands for one subject.</summary>
public sealed record FollowUpStepProgress(
    FollowUpStep Step, int Position, FollowUpStepStatus Status, DateTime? StartedAt, DateTime? DueAt, DateTime? CompletedAt, DateTime? OverdueSince);

/// <summary>Where a lead or opportunity stands in the follow-up sequence at one instant.</summary>
public sealed record FollowUpProgress(IReadOnlyList<FollowUpStepProgress> Steps, DateTime? LastFollowUpAt)
{
    public int CompletedStepCount => Steps.Count(s => s.Status == FollowUpStepStatus.Completed);

    public FollowUpStepProgress? Current => Steps.FirstOrDefault(s => s.Status == FollowUpStepStatus.Current);

    public bool IsCompleted => Current is null;

    /// <summary>The current step's due time when it has passed: since when the subject is overdue.</summary>
    public DateTime? OverdueSince => Current?.OverdueSince;
}

/// <summary>The follow-up rules, free of storage: which activity completes which step, and when a step is due.</summary>
public static class FollowUpRules
{
    /// <summary>
    /// Walks the activities oldest first. The current step is completed by the first activity carrying one of
    /// its tags; that activity may complete the next step too when it also carries one of that step's tags.
    /// A tag of a later step does not count ahead: no step is skipped.
    /// </summary>
    /// <returns>When each completed step was completed, in step order.</returns>
    public static List<DateTime> CompletionTimes(IReadOnlyList<FollowUpStep> steps, IEnumerable<(DateTime OccurredAt, IReadOnlyCollection<string> TagCodes)> activitiesOldestFirst)
    {
        var completed = new List<DateTime>();
        foreach (var (occurredAt, tags) in activitiesOldestFirst)
        {
            while (completed.Count < steps.Count && steps[completed.Count].TagCodes.Any(tags.Contains))
            {
                completed.Add(occurredAt);
            }

            if (completed.Count == steps.Count)
            {
                break;
            }
        }

        return completed;
    }

    /// <summary>A step starts when the one before it is completed (the first when the subject started) and is due its allowed days later.</summary>
    public static DateTime? CurrentStepDueAt(IReadOnlyList<FollowUpStep> steps, DateTime subjectStartedAt, IReadOnlyList<DateTime> completedAt) =>
        completedAt.Count >= steps.Count
            ? null
            : (completedAt.Count == 0 ? subjectStartedAt : completedAt[^1]).AddDays(steps[completedAt.Count].AllowedDays);

    public static FollowUpProgress Progress(IReadOnlyList<FollowUpStep> steps, DateTime subjectStartedAt, IReadOnlyList<DateTime> completedAt, DateTime? lastFollowUpAt, DateTime now)
    {
        var result = new List<FollowUpStepProgress>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var startedAt = i == 0 ? subjectStartedAt : i <= completedAt.Count ? completedAt[i - 1] : (DateTime?)null;
            var dueAt = startedAt?.AddDays(steps[i].AllowedDays);
            if (i < completedAt.Count)
            {
                result.Add(new FollowUpStepProgress(steps[i], i + 1, FollowUpStepStatus.Completed, startedAt, dueAt, completedAt[i], null));
            }
            else if (i == completedAt.Count)
            {
                result.Add(new FollowUpStepProgress(steps[i], i + 1, FollowUpStepStatus.Current, startedAt, dueAt, null, now > dueAt ? dueAt : null));
            }
            else
            {
                result.Add(new FollowUpStepProgress(steps[i], i + 1, FollowUpStepStatus.Pending, null, null, null, null));
            }
        }

        return new FollowUpProgress(result, lastFollowUpAt);
    }
}
