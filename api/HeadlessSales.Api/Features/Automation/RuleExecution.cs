using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Automation;

public enum RuleOutcome
{
    /// <summary>Claimed by a node and not finished (or the node died: visible, never run twice).</summary>
    Running,
    Succeeded,

    /// <summary>The condition did not hold.</summary>
    ConditionFalse,

    /// <summary>The chain of rule-caused events was deeper than the rule allows.</summary>
    TooDeep,
    Failed,
    DryRun,
}

/// <summary>
/// One run of a rule for one event: the log entry with its inputs, decision and outcome. The unique index on
/// (rule, event key) is what makes a rule run once per event across nodes: the node whose insert wins runs it.
/// </summary>
public sealed class RuleExecution : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long RuleId { get; set; }

    /// <summary>The event's identity: its journal position once events are journaled (see NOTES.md), for a delayed run the starting event's key.</summary>
    public required string EventKey { get; set; }

    public required string EventType { get; set; }

    public CustomFieldEntity? SubjectKind { get; set; }

    public long? SubjectId { get; set; }

    public int Depth { get; set; }

    /// <summary>The facts the condition saw (path → value), as JSON.</summary>
    public string Inputs { get; set; } = "{}";

    public bool? ConditionMet { get; set; }

    public RuleOutcome Outcome { get; set; }

    /// <summary>What each action did, or why the run failed.</summary>
    public string Detail { get; set; } = string.Empty;

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}

internal sealed class RuleExecutionConfiguration : IEntityTypeConfiguration<RuleExecution>
{
    public void Configure(EntityTypeBuilder<RuleExecution> builder)
    {
        builder.ToTable("RuleExecutions");
        builder.HasIndex(e => new { e.RuleId, e.EventKey }).IsUnique();
        builder.HasIndex(e => new { e.TenantId, e.RuleId, e.Id });
        builder.Property(e => e.EventKey).HasMaxLength(200);
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.SubjectKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Inputs).HasMaxLength(8000);
        builder.Property(e => e.Detail).HasMaxLength(4000);
        builder.HasOne<AutomationRule>().WithMany().HasForeignKey(e => e.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A delayed rule waiting on its durable timer; cancelled when the "unless" event happens for the same record first.</summary>
public sealed class RuleDelay : ITenantOwned
{
    public const string TimerKind = "automation.rule-delay";

    public long Id { get; set; }

    public long TenantId { get; set; }

    public long RuleId { get; set; }

    public required string EventKey { get; set; }

    public required string EventType { get; set; }

    public CustomFieldEntity SubjectKind { get; set; }

    public long SubjectId { get; set; }

    /// <summary>The starting event's data, as JSON, for the condition when the delay ends.</summary>
    public string EventData { get; set; } = "{}";

    public int Depth { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    public string? CancelledBy { get; set; }
}

internal sealed class RuleDelayConfiguration : IEntityTypeConfiguration<RuleDelay>
{
    public void Configure(EntityTypeBuilder<RuleDelay> builder)
    {
        builder.ToTable("RuleDelays");
        builder.HasIndex(d => new { d.RuleId, d.EventKey }).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.SubjectKind, d.SubjectId });
        builder.Property(d => d.EventKey).HasMaxLength(200);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.CancelledBy).HasMaxLength(64);
        builder.Property(d => d.SubjectKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.EventData).HasMaxLength(4000);
        builder.HasOne<AutomationRule>().WithMany().HasForeignKey(d => d.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public enum NoticeKind
{
    Notification,
    Escalation,
    Task,

    /// <summary>A rule was paused after failing repeatedly.</summary>
    RuleAlert,

    /// <summary>A rule pushed a document or case to the owner, or shared a document with the customer.</summary>
    PushedContent,
}

/// <summary>What a rule's notify, escalate and create-task actions leave for a member (and the engine's alerts for admins).</summary>
public sealed class AutomationNotice : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public NoticeKind Kind { get; set; }

    public long RuleId { get; set; }

    public long ExecutionId { get; set; }

    /// <summary>Who it is for; null for a tenant-wide alert (sales ops and admins).</summary>
    public long? RecipientId { get; set; }

    public CustomFieldEntity? SubjectKind { get; set; }

    public long? SubjectId { get; set; }

    public required string Message { get; set; }

    public DateTime? DueAt { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class AutomationNoticeConfiguration : IEntityTypeConfiguration<AutomationNotice>
{
    public void Configure(EntityTypeBuilder<AutomationNotice> builder)
    {
        builder.ToTable("AutomationNotices");
        builder.HasIndex(n => new { n.TenantId, n.RecipientId, n.Id });
        builder.HasIndex(n => new { n.TenantId, n.RuleId });
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.SubjectKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.Message).HasMaxLength(1000);
    }
}
