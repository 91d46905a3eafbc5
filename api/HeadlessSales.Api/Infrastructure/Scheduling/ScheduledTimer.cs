using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Infrastructure.Scheduling;

/// <summary>
/// A durable timer: a row that says "at <see cref="DueAt"/>, run handler <see cref="Kind"/> on
/// <see cref="SubjectId"/>". It is written in the same transaction as the change that needs it, so a
/// deadline exists exactly when its subject does (a lead's SOP deadline, a tenant's next alert evaluation or
/// monthly report), and it survives restarts because it is data.
/// </summary>
public sealed class ScheduledTimer : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Which <see cref="ITimerHandler"/> runs it, e.g. <c>lead.first-response-deadline</c>.</summary>
    public required string Kind { get; init; }

    public long SubjectId { get; init; }

    /// <summary>The subject's state the timer was set for (e.g. the lead's assignment time); a handler ignores a timer its subject has moved past.</summary>
    public DateTime? AnchorAt { get; init; }

    public DateTime DueAt { get; init; }

    /// <summary>Identifies one claim; only the holder of the current claim may mark the timer fired.</summary>
    public Guid? ClaimToken { get; set; }

    public string? ClaimedBy { get; set; }

    /// <summary>When the claim lapses: a node that died mid-timer leaves it to be claimed again after this.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public DateTime? FiredAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

internal sealed class ScheduledTimerConfiguration : IEntityTypeConfiguration<ScheduledTimer>
{
    public void Configure(EntityTypeBuilder<ScheduledTimer> builder)
    {
        // The poller's query: unfired timers by due time, across tenants.
        builder.HasIndex(t => new { t.FiredAt, t.DueAt });
        builder.HasIndex(t => new { t.TenantId, t.Kind, t.SubjectId });
        // 线索响应率 judges the deadlines anchored (assigned) in a period.
        builder.HasIndex(t => new { t.TenantId, t.Kind, t.AnchorAt });
        builder.Property(t => t.Kind).HasMaxLength(64);
        builder.Property(t => t.ClaimedBy).HasMaxLength(100);
        builder.Property(t => t.LastError).HasMaxLength(1000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
