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

/// <summary>
/// One missed SOP deadline and the people it reached: raised to the first level of the tenant's chain, it climbs a
/// step at a time while nobody acknowledges it. <see cref="Steps"/> keeps every step; the current one is also held in
/// <see cref="Step"/>, <see cref="Level"/> and <see cref="TargetMemberId"/>, which queries filter on.
/// </summary>
public sealed class Escalation : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long LeadId { get; init; }

    /// <summary>Index in the tenant's escalation chain of the current step, 0 for the first.</summary>
    public int Step { get; private set; }

    /// <summary>The level of the current step.</summary>
    public EscalationLevel Level { get; private set; }

    public EscalationReason Reason { get; init; }

    /// <summary>The current recipient; null when the level names a role rather than a person (sales ops) or the org has nobody there.</summary>
    public long? TargetMemberId { get; private set; }

    public long? TeamId { get; init; }

    public long? RegionId { get; init; }

    public EscalationStatus Status { get; private set; }

    /// <summary>When the deadline was missed: the first step.</summary>
    public DateTime RaisedAt { get; init; }

    public DateTime? AcknowledgedAt { get; private set; }

    public long? AcknowledgedById { get; private set; }

    public DateTime? ResolvedAt { get; private set; }

    public long? ResolvedById { get; private set; }

    public string? Note { get; private set; }

    /// <summary>Every step reached, in order; loaded only where a step is added.</summary>
    public List<EscalationStep> Steps { get; private set; } = [];

    /// <summary>A missed deadline, raised to the first step of the chain.</summary>
    public static Escalation Raise(long tenantId, long leadId, EscalationReason reason, EscalationLevel level, long? targetMemberId, long? teamId, long? regionId, DateTime now)
    {
        var escalation = new Escalation
        {
            TenantId = tenantId, LeadId = leadId, Reason = reason, TeamId = teamId, RegionId = regionId, RaisedAt = now, Status = EscalationStatus.Open,
        };
        escalation.Reach(0, level, targetMemberId, now);
        return escalation;
    }

    /// <summary>Still open after its step's time: the next step of the chain is told.</summary>
    public void Climb(EscalationLevel level, long? targetMemberId, DateTime now)
    {
        if (Status != EscalationStatus.Open)
        {
            throw new InvalidOperationException($"Escalation {Id} is {Status}; only an open escalation climbs.");
        }

        Reach(Step + 1, level, targetMemberId, now);
    }

    private void Reach(int step, EscalationLevel level, long? targetMemberId, DateTime now)
    {
        Step = step;
        Level = level;
        TargetMemberId = targetMemberId;
        Steps.Add(new EscalationStep { TenantId = TenantId, Step = step, Level = level, TargetMemberId = targetMemberId, ReachedAt = now });
    }

    /// <summary>Seen and being handled by <paramref name="memberId"/>: it climbs no further. Null, or why not.</summary>
    public InvalidStateError? Acknowledge(long memberId, string? note, DateTime now)
    {
        if (Status != EscalationStatus.Open)
        {
            return AlreadyError();
        }

        Status = EscalationStatus.Acknowledged;
        AcknowledgedAt = now;
        AcknowledgedById = memberId;
        Note = note ?? Note;
        return null;
    }

    /// <summary>Closed by <paramref name="memberId"/>, acknowledged first or not. Null, or why not.</summary>
    public InvalidStateError? Resolve(long memberId, string? note, DateTime now)
    {
        if (Status == EscalationStatus.Resolved)
        {
            return AlreadyError();
        }

        Status = EscalationStatus.Resolved;
        ResolvedAt = now;
        ResolvedById = memberId;
        Note = note ?? Note;
        return null;
    }

    private InvalidStateError AlreadyError() => new($"The escalation is already {Status.ToString().ToLowerInvariant()}.");
}

/// <summary>A step an escalation reached: who was told, at which level of the chain, and when.</summary>
public sealed class EscalationStep : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long EscalationId { get; init; }

    /// <summary>Index in the tenant's escalation chain, 0 for the first.</summary>
    public int Step { get; init; }

    public EscalationLevel Level { get; init; }

    /// <summary>The person told; null for a role-wide level (sales ops) or when the org had nobody there.</summary>
    public long? TargetMemberId { get; init; }

    public DateTime ReachedAt { get; init; }
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
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.AcknowledgedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.ResolvedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Steps).WithOne().HasForeignKey(s => s.EscalationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EscalationStepConfiguration : IEntityTypeConfiguration<EscalationStep>
{
    public void Configure(EntityTypeBuilder<EscalationStep> builder)
    {
        builder.ToTable("EscalationSteps");
        builder.HasIndex(s => new { s.EscalationId, s.Step }).IsUnique();
        // Who an escalation reached, for the visibility of its history to a recipient of an earlier step.
        builder.HasIndex(s => new { s.TenantId, s.TargetMemberId });
        builder.Property(s => s.Level).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.TargetMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
