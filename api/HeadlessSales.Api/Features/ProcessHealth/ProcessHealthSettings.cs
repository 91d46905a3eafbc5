using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.ProcessHealth;

/// <summary>
/// How a tenant judges its process: a target and a warning band per metric, and the tunable parts of the metrics'
/// definitions. One row per tenant; a tenant with no row uses the defaults below. The two lead metrics' windows are
/// the SOP's own deadlines (<c>LeadRoutingSettings</c> and each rule's override), stored on every lead's deadline
/// timer in working time, so they are tuned there once. A <see cref="HealthThreshold"/> overrides a metric's target
/// and band for one member, team or region.
/// </summary>
public sealed class ProcessHealthSettings : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Share of new leads that should get an owner within the assignment deadline (30分钟分配率).</summary>
    public double AssignmentRateTarget { get; set; } = 0.95;

    /// <summary>Share of assigned leads that should be first answered within their SLA (线索响应率).</summary>
    public double ResponseRateTarget { get; set; } = 0.90;

    /// <summary>Share of new leads and opportunities that should be followed up within <see cref="FollowUpWindowDays"/> (3日跟进完成率).</summary>
    public double FollowUpRateTarget { get; set; } = 0.90;

    /// <summary>Share of follow-ups that should carry one of the required tags (跟进标签覆盖率).</summary>
    public double TagCoverageTarget { get; set; } = 0.80;

    /// <summary>How far below its target a rate (a share from 0 to 1) may fall and only warn; further below, it is breached.</summary>
    public double WarningBand { get; set; } = 0.05;

    /// <summary>Calendar days a new lead or opportunity has for its first follow-up (the "3" of 3日跟进完成率).</summary>
    public int FollowUpWindowDays { get; set; } = 3;

    /// <summary>The median days an opportunity should stay in a stage at most (商机阶段停留时长; lower is better).</summary>
    public double StageDwellTargetDays { get; set; } = 14;

    /// <summary>Days above the dwell target that only warn; further above, it is breached.</summary>
    public double StageDwellWarningDays { get; set; } = 7;

    /// <summary>Video demos each rep should give per week (视频演示频次).</summary>
    public double VideoDemoTarget { get; set; } = 1.0;

    /// <summary>Demos per rep per week below the target that only warn; further below, it is breached.</summary>
    public double VideoDemoWarningBand { get; set; } = 0.3;

    /// <summary>
    /// Tag codes any of which makes a follow-up count for 跟进标签覆盖率. Null (or empty): the tags that complete a step
    /// of the tenant's five-step follow-up, so a tag that only describes (价格疑虑) does not count on its own.
    /// </summary>
    public List<string>? RequiredTagCodes { get; set; }

    /// <summary>How many lowest contributors the dashboard names per metric.</summary>
    public int LowestContributors { get; set; } = 3;

    public DateTime UpdatedAt { get; set; }

    /// <summary>The tenant's own target and warning band of <paramref name="metric"/>.</summary>
    public (double Target, double WarningBand) ThresholdOf(ProcessMetric metric) => metric switch
    {
        ProcessMetric.AssignmentRate => (AssignmentRateTarget, WarningBand),
        ProcessMetric.ResponseRate => (ResponseRateTarget, WarningBand),
        ProcessMetric.FollowUpRate => (FollowUpRateTarget, WarningBand),
        ProcessMetric.TagCoverage => (TagCoverageTarget, WarningBand),
        ProcessMetric.StageDwell => (StageDwellTargetDays, StageDwellWarningDays),
        ProcessMetric.VideoDemoFrequency => (VideoDemoTarget, VideoDemoWarningBand),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Sets the tenant's own target of <paramref name="metric"/> (the range checked by the caller, <see cref="HealthLimits"/>).</summary>
    public void SetTarget(ProcessMetric metric, double target, DateTime at)
    {
        _ = metric switch
        {
            ProcessMetric.AssignmentRate => AssignmentRateTarget = target,
            ProcessMetric.ResponseRate => ResponseRateTarget = target,
            ProcessMetric.FollowUpRate => FollowUpRateTarget = target,
            ProcessMetric.TagCoverage => TagCoverageTarget = target,
            ProcessMetric.StageDwell => StageDwellTargetDays = target,
            ProcessMetric.VideoDemoFrequency => VideoDemoTarget = target,
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };

        UpdatedAt = at;
    }
}

/// <summary>
/// A metric's target and warning band for one member, team or region, overriding the tenant's. The dashboard uses the
/// most specific one along the org tree: the member's, else their team's, else its region's, else the tenant's.
/// </summary>
public sealed class HealthThreshold : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ProcessMetric Metric { get; init; }

    /// <summary>Member, team or region; the tenant's own thresholds are in <see cref="ProcessHealthSettings"/>.</summary>
    public HealthScopeKind ScopeKind { get; init; }

    public long ScopeId { get; init; }

    public double Target { get; set; }

    public double WarningBand { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class ProcessHealthSettingsConfiguration : IEntityTypeConfiguration<ProcessHealthSettings>
{
    public void Configure(EntityTypeBuilder<ProcessHealthSettings> builder)
    {
        builder.ToTable("ProcessHealthSettings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        // Rows stored before these columns existed get the defaults; the sentinel (never a valid value) keeps EF from
        // swapping a value the tenant chose for the database default.
        builder.Property(s => s.FollowUpRateTarget).HasDefaultValue(0.90).HasSentinel(-1.0);
        builder.Property(s => s.TagCoverageTarget).HasDefaultValue(0.80).HasSentinel(-1.0);
        builder.Property(s => s.FollowUpWindowDays).HasDefaultValue(3).HasSentinel(-1);
        builder.Property(s => s.StageDwellTargetDays).HasDefaultValue(14.0).HasSentinel(-1.0);
        builder.Property(s => s.StageDwellWarningDays).HasDefaultValue(7.0).HasSentinel(-1.0);
        builder.Property(s => s.VideoDemoTarget).HasDefaultValue(1.0).HasSentinel(-1.0);
        builder.Property(s => s.VideoDemoWarningBand).HasDefaultValue(0.3).HasSentinel(-1.0);
        builder.PrimitiveCollection(s => s.RequiredTagCodes).HasMaxLength(1000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HealthThresholdConfiguration : IEntityTypeConfiguration<HealthThreshold>
{
    public void Configure(EntityTypeBuilder<HealthThreshold> builder)
    {
        builder.ToTable("HealthThresholds");
        builder.HasIndex(t => new { t.TenantId, t.Metric, t.ScopeKind, t.ScopeId }).IsUnique();
        builder.Property(t => t.Metric).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.ScopeKind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
