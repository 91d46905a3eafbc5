using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A step of the escalation chain: who is told when a deadline is missed.</summary>
public enum EscalationLevel
{
    TeamLead,
    RegionManager,
    SalesOps,
}

public enum EscalationReason
{
    AssignmentDeadlineMissed,
    FirstResponseDeadlineMissed,
}

public enum EscalationStatus
{
    Open,

    /// <summary>Seen by the person it went to; it climbs no further.</summary>
    Acknowledged,
    Resolved,
}

public sealed class Escalation : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long LeadId { get; init; }

    /// <summary>Index in the tenant's escalation chain, 0 for the first step.</summary>
    public int Step { get; init; }

    public EscalationLevel Level { get; init; }

    public EscalationReason Reason { get; init; }

    /// <summary>The person told; null when the level names a role rather than a person (sales ops) or the org has nobody there.</summary>
    public long? TargetMemberId { get; init; }

    public long? TeamId { get; init; }

    public long? RegionId { get; init; }

    public EscalationStatus Status { get; set; }

    public DateTime RaisedAt { get; init; }

    public DateTime? AcknowledgedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public string? Note { get; set; }

    // The state changes of an escalation; a refused change leaves it as it was. The SOP's timer raises it Open and
    // climbs only while it is.

    /// <summary>Seen by the person it went to: it climbs no further. Refused once acknowledged or resolved.</summary>
    public InvalidStateError? Acknowledge(string? note, DateTime at)
    {
        if (RefusalOfChangeTo(EscalationStatus.Acknowledged) is { } refused)
        {
            return refused;
        }

        Status = EscalationStatus.Acknowledged;
        Note = note ?? Note;
        AcknowledgedAt = at;
        return null;
    }

    /// <summary>Closed, whether acknowledged first or not. Refused once resolved.</summary>
    public InvalidStateError? Resolve(string? note, DateTime at)
    {
        if (RefusalOfChangeTo(EscalationStatus.Resolved) is { } refused)
        {
            return refused;
        }

        Status = EscalationStatus.Resolved;
        Note = note ?? Note;
        ResolvedAt = at;
        return null;
    }

    private InvalidStateError? RefusalOfChangeTo(EscalationStatus to) =>
        Status == EscalationStatus.Resolved || Status == to
            ? new InvalidStateError($"The escalation is already {Status.ToString().ToLowerInvariant()}.")
            : null;
}

internal sealed class EscalationConfiguration : IEntityTypeConfiguration<Escalation>
{
    public void Configure(EntityTypeBuilder<Escalation> builder)
    {
        builder.ToTable("Escalations");
        builder.HasIndex(e => new { e.TenantId, e.LeadId, e.Step });
        builder.HasIndex(e => new { e.TenantId, e.TargetMemberId, e.Status });
        builder.Property(e => e.Level).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Reason).HasConversion<string>().HasMaxLength(48);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Note).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lead>().WithMany().HasForeignKey(e => e.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.TargetMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
