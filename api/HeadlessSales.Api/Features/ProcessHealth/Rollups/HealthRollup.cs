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
/// 商机阶段停留时长's roll-up: the stays that ended (<c>LeftAt</c>) on one UTC day, of one stage and owner (and the owner's
/// current team), that lasted exactly <see cref="Seconds"/> — <see cref="Stays"/> of them. Counts and sums (means) add
/// up over any rows; <see cref="Bucket"/> (log-width, <see cref="DwellBuckets"/>) lets the reader locate a median from a
/// histogram and then read only the rows of the median's bucket, whose exact lengths make the median exact.
/// </summary>
public sealed class HealthDwellRow : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public DateTime Day { get; init; }

    public long StageId { get; init; }

    public long MemberId { get; init; }

    public long? TeamId { get; init; }

    public int Bucket { get; init; }

    /// <summary>The stay's length as the database computes it for the raw median (so the two agree to the last bit).</summary>
    public double Seconds { get; init; }

    public int Stays { get; init; }
}

/// <summary>Log-width buckets of stay lengths: each 5 % wider than the one before; stays under a second share bucket 0.</summary>
public static class DwellBuckets
{
    private static readonly double LogWidth = Math.Log(1.05);

    public static int Of(double seconds) => seconds < 1 ? 0 : 1 + (int)Math.Floor(Math.Log(seconds) / LogWidth);
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

internal sealed class HealthDwellRowConfiguration : IEntityTypeConfiguration<HealthDwellRow>
{
    public void Configure(EntityTypeBuilder<HealthDwellRow> builder)
    {
        builder.ToTable("HealthDwellRows");
        // Every read is a range of days; team and member make the scope filters, stage and bucket the histograms index-only.
        builder.HasIndex(r => new { r.TenantId, r.Day, r.TeamId, r.MemberId, r.StageId, r.Bucket, r.Seconds, r.Stays });
        // A team's (or member's) dashboard: the rows of one team over the days, not every team's rows of those days.
        builder.HasIndex(r => new { r.TenantId, r.TeamId, r.Day, r.MemberId, r.StageId, r.Bucket, r.Seconds, r.Stays });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
