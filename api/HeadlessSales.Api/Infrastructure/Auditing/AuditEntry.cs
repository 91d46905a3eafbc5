using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Infrastructure.Auditing;

public enum AuditOutcome
{
    Succeeded,
    Failed,
    Refused,
}

/// <summary>One mutation, as it was asked for and as it ended. Written for every mutation, whatever its outcome.</summary>
public sealed class AuditEntry : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary><c>member:12</c> or <c>client:hs_…</c>.</summary>
    public required string Actor { get; init; }

    public long? MemberId { get; init; }

    /// <summary>The mutation field, e.g. <c>createAccount</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>Global ids of the objects named in the input and of the object changed.</summary>
    public List<string> TargetIds { get; init; } = [];

    public AuditOutcome Outcome { get; init; }

    /// <summary>The error codes of a failed or refused mutation.</summary>
    public List<string> ErrorCodes { get; init; } = [];

    public DateTime OccurredAt { get; init; }

    public string? TraceId { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasIndex(e => new { e.TenantId, e.OccurredAt, e.Id });
        builder.HasIndex(e => new { e.TenantId, e.Operation, e.Id });
        builder.HasIndex(e => new { e.TenantId, e.MemberId, e.Id });
        builder.Property(e => e.Actor).HasMaxLength(120);
        builder.Property(e => e.Operation).HasMaxLength(100);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.PrimitiveCollection(e => e.TargetIds).HasMaxLength(4000);
        builder.PrimitiveCollection(e => e.ErrorCodes).HasMaxLength(1000);
        builder.Property(e => e.TraceId).HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
