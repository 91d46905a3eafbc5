using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

/// <summary>
/// One summable counter of a metric for one UTC day and contributor: <see cref="Cases"/> cases (follow-ups, video demos)
/// of which <see cref="Met"/> met the standard. Unmet cases whose verdict waits on a deadline keep it in
/// <see cref="DecidesAt"/>, so the row answers for any "now" without being rewritten when the deadline passes.
/// </summary>
public sealed class HealthRollupRow : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ProcessMetric Metric { get; init; }

    /// <summary>The UTC day of the case's anchor (creation, assignment, occurrence).</summary>
    public DateTime Day { get; init; }

    /// <summary>The member the metric's definition attributes the cases to (null: a queued lead without an owner).</summary>
    public long? MemberId { get; init; }

    /// <summary>The team the definition attributes them to; regions are read through the team's current region.</summary>
    public long? TeamId { get; init; }

    /// <summary>Null: decided whatever the time. Otherwise unmet cases that count as missed once this instant has passed.</summary>
    public DateTime? DecidesAt { get; init; }

    public int Cases { get; init; }

    public int Met { get; init; }
}

/// <summary>
/// That a metric's rows of a day were computed from the raw records, and with which settings
/// (<see cref="Variant"/>: the follow-up window, the required tags). A day without one, or with a pending
/// <see cref="HealthRollupInvalidation"/>, is read from the raw records instead.
/// </summary>
public sealed class HealthRollupDay : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ProcessMetric Metric { get; init; }

    public DateTime Day { get; init; }

    public required string Variant { get; init; }

    public DateTime ComputedAt { get; init; }
}

/// <summary>
/// A change to a metric's figures of a day, written in the transaction of the change (by
/// <see cref="HealthRollupInvalidator"/>). The refresher deletes exactly the ones it read before computing the day, so a
/// change committed while it computed stays pending and the day is computed again.
/// </summary>
public sealed class HealthRollupInvalidation : ITenantOwned
{
    /// <summary>Stands for every day of the metric (a member moved team: their opportunities' history moves with them).</summary>
    public static readonly DateTime AllDays = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ProcessMetric Metric { get; init; }

    public DateTime Day { get; init; }
}

internal sealed class HealthRollupRowConfiguration : IEntityTypeConfiguration<HealthRollupRow>
{
    public void Configure(EntityTypeBuilder<HealthRollupRow> builder)
    {
        builder.ToTable("HealthRollupRows");
        // Every read is a range of days of one metric; team and member make the scope filters index-only.
        builder.HasIndex(r => new { r.TenantId, r.Metric, r.Day, r.TeamId, r.MemberId, r.DecidesAt, r.Cases, r.Met });
        builder.Property(r => r.Metric).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HealthRollupDayConfiguration : IEntityTypeConfiguration<HealthRollupDay>
{
    public void Configure(EntityTypeBuilder<HealthRollupDay> builder)
    {
        builder.ToTable("HealthRollupDays");
        builder.HasIndex(d => new { d.TenantId, d.Metric, d.Day }).IsUnique();
        builder.Property(d => d.Metric).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Variant).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HealthRollupInvalidationConfiguration : IEntityTypeConfiguration<HealthRollupInvalidation>
{
    public void Configure(EntityTypeBuilder<HealthRollupInvalidation> builder)
    {
        builder.ToTable("HealthRollupInvalidations");
        builder.HasIndex(i => new { i.TenantId, i.Metric, i.Day });
        builder.Property(i => i.Metric).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
