using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Leads;

public enum LeadHistoryKind
{
    Created,
    Assigned,
    Queued,
    Reassigned,
    FirstResponse,
    DeadlineMissed,
    Escalated,
    EscalationAcknowledged,
    EscalationResolved,
    Converted,
}

public enum FirstResponseOutcome
{
    Connected,
    NoAnswer,
    MeetingBooked,
    NotInterested,
    WrongNumber,
}

/// <summary>One step in a lead's life, kept for the SOP's audit trail: who had it, when, and why it moved.</summary>
public sealed class LeadHistoryEntry : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long LeadId { get; init; }

    public LeadHistoryKind Kind { get; init; }

    /// <summary>The owner after this step.</summary>
    public long? OwnerId { get; init; }

    /// <summary>The member who took the step; null for the system or an integration.</summary>
    public long? ActorMemberId { get; init; }

    public string? Detail { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>What intake records for a stored lead: that it came in, and where it went.</summary>
    public static IEnumerable<LeadHistoryEntry> Intake(Lead lead, DateTime now)
    {
        yield return For(lead, LeadHistoryKind.Created, now, detail: lead.DuplicateOfId is { } original ? $"Duplicate of lead {original} by {string.Join(", ", lead.DuplicateMatchedOn)}." : null);
        yield return lead.OwnerId is null
            ? For(lead, LeadHistoryKind.Queued, now, detail: "No assignment rule matched.")
            : For(lead, LeadHistoryKind.Assigned, now, detail: lead.AssignmentRuleId is { } rule ? $"By rule {rule}." : null);
    }

    public static LeadHistoryEntry For(Lead lead, LeadHistoryKind kind, DateTime now, long? actorMemberId = null, string? detail = null) => new()
    {
        TenantId = lead.TenantId,
        LeadId = lead.Id,
        Kind = kind,
        OwnerId = lead.OwnerId,
        ActorMemberId = actorMemberId,
        Detail = detail,
        OccurredAt = now,
    };
}

internal sealed class LeadHistoryEntryConfiguration : IEntityTypeConfiguration<LeadHistoryEntry>
{
    public void Configure(EntityTypeBuilder<LeadHistoryEntry> builder)
    {
        builder.ToTable("LeadHistory");
        builder.HasIndex(h => new { h.TenantId, h.LeadId, h.Id });
        builder.Property(h => h.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(h => h.Detail).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(h => h.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lead>().WithMany().HasForeignKey(h => h.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(h => h.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(h => h.ActorMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
