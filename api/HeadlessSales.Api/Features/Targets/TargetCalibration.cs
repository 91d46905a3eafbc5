using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Targets;

public enum CalibrationReason
{
    PolicyChange,
    CompetitorMove,
    Market,
    Other,
}

/// <summary>
/// One monthly calibration of a region's process baseline: the goal of one process metric on the region's targets (and
/// those below it) whose period runs on the effective date or later. Append-only: never changed, never deleted.
/// </summary>
public sealed class TargetCalibration : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long RegionId { get; init; }

    public TargetMetricKind MetricKind { get; init; }

    public string? ProcessMetric { get; init; }

    /// <summary>The region target's goal before, when the region had one in the period.</summary>
    public decimal? Before { get; init; }

    public decimal After { get; init; }

    public CalibrationReason Reason { get; init; }

    public required string ReasonText { get; init; }

    public DateOnly EffectiveFrom { get; init; }

    /// <summary>How many target metrics took the new goal.</summary>
    public int AffectedMetrics { get; init; }

    public long? CalibratedById { get; init; }

    /// <summary>Who calibrated, as the audit log names actors.</summary>
    public required string CalibratedBy { get; init; }

    public DateTime CalibratedAt { get; init; }
}

/// <summary>A region's calibrations are seen by those who see its manager's records (as its targets are), and by the whole-tenant view.</summary>
internal sealed class TargetCalibrationConfiguration(SalesDbContext db) : IEntityTypeConfiguration<TargetCalibration>
{
    public void Configure(EntityTypeBuilder<TargetCalibration> builder)
    {
        builder.ToTable("TargetCalibrations");
        builder.HasIndex(c => new { c.TenantId, c.RegionId, c.Id });
        builder.Property(c => c.MetricKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.ProcessMetric).HasMaxLength(32);
        builder.Property(c => c.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.ReasonText).HasMaxLength(1000);
        builder.Property(c => c.CalibratedBy).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.CalibratedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(calibration => calibration.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || db.Set<Region>().Any(region => region.Id == calibration.RegionId && region.ManagerId != null && db.VisibleOwnerIds.Contains(region.ManagerId.Value))));
    }
}
