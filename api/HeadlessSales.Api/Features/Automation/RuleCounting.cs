using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>"The <see cref="Times"/>-th event of the trigger's type for the same record within <see cref="WithinMinutes"/>": the rule acts on that event only.</summary>
public sealed record RuleCount(int Times, int WithinMinutes);

/// <summary>
/// One event a counting rule counted: of its trigger type, for its record, meeting its condition. Kept per rule (not
/// read back from the journal) so that what is counted is exactly what the rule's condition accepted; rows older than
/// the window are pruned as new ones arrive.
/// </summary>
public sealed class RuleCountHit : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long RuleId { get; set; }

    public CustomFieldEntity SubjectKind { get; set; }

    public long SubjectId { get; set; }

    public required string EventKey { get; set; }

    public DateTime OccurredAt { get; set; }
}

internal sealed class RuleCountHitConfiguration : IEntityTypeConfiguration<RuleCountHit>
{
    public void Configure(EntityTypeBuilder<RuleCountHit> builder)
    {
        builder.ToTable("RuleCountHits");
        builder.HasIndex(h => new { h.RuleId, h.EventKey }).IsUnique();
        builder.HasIndex(h => new { h.RuleId, h.SubjectKind, h.SubjectId, h.OccurredAt });
        builder.Property(h => h.EventKey).HasMaxLength(400);
        builder.Property(h => h.SubjectKind).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(h => h.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AutomationRule>().WithMany().HasForeignKey(h => h.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Counting triggers: "3 views of a technical document by the same contact within 7 days". The rule's condition says
/// which events count (<c>event.kindCode == 'TECHNICAL'</c>); each counted event is recorded, and the rule acts on the
/// event that brings the count in the window to exactly <see cref="RuleCount.Times"/> — so a fourth view in the same
/// week does not act again, and views spread wider than the window never add up.
/// </summary>
public static class RuleCounting
{
    public const int MaxTimes = 1000;
    public const int MaxWindowMinutes = 60 * 24 * 90;

    public static IEnumerable<UserError> Check(RuleDraft draft, RuleEventCatalog.EventShape shape, Func<string, string> pathOf)
    {
        if (draft.Count is not { } count)
        {
            yield break;
        }

        if (shape.Subject is null)
        {
            yield return new ValidationError(pathOf("trigger.count"), $"'{shape.Type}' has no record, so there is nothing to count events for.");
        }

        if (draft.TriggerKind == RuleTriggerKind.Delayed)
        {
            yield return new ValidationError(pathOf("trigger.count"), "A rule either counts events or waits after one: give `count` or `delayMinutes`, not both.");
        }

        if (count.Times is < 2 or > MaxTimes)
        {
            yield return new ValidationError(pathOf("trigger.count.times"), $"`times` is from 2 to {MaxTimes} (one event needs no count).");
        }

        if (count.WithinMinutes is < 1 or > MaxWindowMinutes)
        {
            yield return new ValidationError(pathOf("trigger.count.withinMinutes"), $"`withinMinutes` is from 1 to {MaxWindowMinutes} (90 days).");
        }
    }

    /// <summary>
    /// How many counted events of the record fall in the window ending at <paramref name="e"/>, this one included;
    /// records this one (unless <paramref name="dryRun"/>) in the run's transaction, and forgets hits long out of any window.
    /// </summary>
    public static async Task<int> TallyAsync(SalesDbContext db, AutomationRule rule, RuleCount count, RuleEvent e, bool dryRun, CancellationToken cancellationToken)
    {
        var (kind, subjectId) = (e.SubjectKind!.Value, e.SubjectId!.Value);
        var from = e.OccurredAt.AddMinutes(-count.WithinMinutes);
        var hits = db.RuleCountHits.Where(h => h.RuleId == rule.Id && h.SubjectKind == kind && h.SubjectId == subjectId);
        var earlier = await hits.CountAsync(h => h.OccurredAt > from && h.OccurredAt <= e.OccurredAt && h.EventKey != e.Key, cancellationToken);
        if (!dryRun)
        {
            // Twice the window back: an event handled late still finds the hits of its own window.
            var forgotten = from.AddMinutes(-count.WithinMinutes);
            await hits.Where(h => h.OccurredAt <= forgotten).ExecuteDeleteAsync(cancellationToken);
            db.RuleCountHits.Add(new RuleCountHit { TenantId = rule.TenantId, RuleId = rule.Id, SubjectKind = kind, SubjectId = subjectId, EventKey = e.Key, OccurredAt = e.OccurredAt });
        }

        return earlier + 1;
    }

    public static string Describe(RuleCount count, int tally) =>
        $"Counted {tally} such event(s) for the record within {count.WithinMinutes} minutes; the rule acts on number {count.Times}.";
}
