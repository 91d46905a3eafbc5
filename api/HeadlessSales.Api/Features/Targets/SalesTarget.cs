using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>Where in the org tree a target sits; a child target sits one level below its parent.</summary>
public enum TargetNodeKind
{
    Company,
    Region,
    Team,
    Member,
}

public enum TargetPeriodKind
{
    Month,
    Quarter,
}

/// <summary>The two tracks of a target: what was achieved, and how.</summary>
public enum TargetTrack
{
    Result,
    Process,
}

/// <summary>What one metric of a target counts; its track follows from it (<see cref="TargetMetricKinds.TrackOf"/>).</summary>
public enum TargetMetricKind
{
    /// <summary>回款: money collected in the period, CNY.</summary>
    Collections,

    /// <summary>Amount of the contracts signed in the period, CNY.</summary>
    SignedContractAmount,

    /// <summary>Contracts signed in the period with accounts on the strategic list.</summary>
    StrategicSignings,

    /// <summary>Opportunities created in the period that meet the tenant's definition of quality.</summary>
    QualityOpportunities,

    /// <summary>Of the opportunities that left the technical-proposal stage in the period, the share that moved forward.</summary>
    ProposalPassRate,

    /// <summary>One process-health metric (named by <see cref="TargetMetric.ProcessMetric"/>), as the process-health engine measures it.</summary>
    ProcessHealth,
}

public static class TargetMetricKinds
{
    public static TargetTrack TrackOf(TargetMetricKind kind) =>
        kind is TargetMetricKind.Collections or TargetMetricKind.SignedContractAmount or TargetMetricKind.StrategicSignings ? TargetTrack.Result : TargetTrack.Process;
}

/// <summary>
/// A dual-track target of one org node (the company, a region, a team or a member) for one month or quarter. Its goals are
/// typed in; its attainment never is: <see cref="TargetAttainmentCalculator"/> computes it from the records.
/// </summary>
public sealed class SalesTarget : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public TargetNodeKind NodeKind { get; init; }

    /// <summary>The node: exactly one of region, team and member is set, matching <see cref="NodeKind"/>; none for the company.</summary>
    public long? RegionId { get; init; }

    public long? TeamId { get; init; }

    public long? MemberId { get; init; }

    /// <summary>The target this one was allocated from; null for a root (usually the company's).</summary>
    public long? ParentId { get; init; }

    public TargetPeriodKind PeriodKind { get; init; }

    public DateOnly PeriodStart { get; init; }

    /// <summary>Exclusive: the first day after the period.</summary>
    public DateOnly PeriodEnd { get; init; }

    /// <summary>Share of the score the result track carries, in percent; with <see cref="ProcessWeight"/> it sums to 100.</summary>
    public int ResultWeight { get; set; }

    public int ProcessWeight { get; set; }

    /// <summary>Why the children's goals may exceed this target's (or this target's exceed its parent's); kept with the target.</summary>
    public string? AllocationOverrideReason { get; set; }

    public long? CreatedById { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The org node's id, whatever its kind (null for the company).</summary>
    public long? NodeId => NodeKind switch
    {
        TargetNodeKind.Region => RegionId,
        TargetNodeKind.Team => TeamId,
        TargetNodeKind.Member => MemberId,
        _ => null,
    };

    public bool IsClosed(DateOnly today) => PeriodEnd <= today;
}

/// <summary>
/// A target is seen by whoever sees every person under its node: a member's by those who see that member's records, a
/// team's by those who see its lead's (the lead, the region manager), a region's by those who see its manager's, the
/// company's by those who see the whole tenant.
/// </summary>
internal sealed class SalesTargetConfiguration(SalesDbContext db) : IEntityTypeConfiguration<SalesTarget>
{
    public void Configure(EntityTypeBuilder<SalesTarget> builder)
    {
        builder.ToTable("SalesTargets");
        builder.Ignore(t => t.NodeId);
        builder.HasIndex(t => new { t.TenantId, t.NodeKind, t.RegionId, t.TeamId, t.MemberId, t.PeriodStart });
        builder.HasIndex(t => new { t.TenantId, t.ParentId });
        builder.HasIndex(t => new { t.TenantId, t.PeriodStart });
        builder.Property(t => t.NodeKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.PeriodKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.AllocationOverrideReason).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(t => t.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SalesTarget>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(target => target.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant
                || (target.NodeKind == TargetNodeKind.Member && db.VisibleOwnerIds.Contains(target.MemberId!.Value))
                || (target.NodeKind == TargetNodeKind.Team && db.Set<Team>().Any(team => team.Id == target.TeamId && team.LeadId != null && db.VisibleOwnerIds.Contains(team.LeadId.Value)))
                || (target.NodeKind == TargetNodeKind.Region && db.Set<Region>().Any(region => region.Id == target.RegionId && region.ManagerId != null && db.VisibleOwnerIds.Contains(region.ManagerId.Value)))));
    }
}

/// <summary>One metric of a target: its goal, its weight within its track, and the cap and floor of its credit.</summary>
public sealed class TargetMetric : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long TargetId { get; init; }

    public TargetMetricKind Kind { get; init; }

    /// <summary>For <see cref="TargetMetricKind.ProcessHealth"/>: the process-health metric's name (e.g. <c>FollowUpRate</c>).</summary>
    public string? ProcessMetric { get; init; }

    /// <summary>CNY for amounts, a count for counts, a share 0–1 for rates, the metric's own unit for process health.</summary>
    public decimal Goal { get; set; }

    /// <summary>Percent of its track; a track's metrics sum to 100.</summary>
    public int Weight { get; init; }

    /// <summary>The most credit the metric earns, in percent of its goal (e.g. 120): one number cannot carry the score.</summary>
    public int CapPercent { get; init; }

    /// <summary>Below this attainment (percent of goal) the metric earns no credit at all.</summary>
    public int FloorPercent { get; init; }

    public TargetTrack Track => TargetMetricKinds.TrackOf(Kind);

    /// <summary>Takes a calibrated goal (process baselines only; the calibration keeps the history).</summary>
    public void Calibrate(decimal goal) => Goal = goal;
}

internal sealed class TargetMetricConfiguration : IEntityTypeConfiguration<TargetMetric>
{
    public void Configure(EntityTypeBuilder<TargetMetric> builder)
    {
        builder.ToTable("TargetMetrics");
        builder.Ignore(m => m.Track);
        builder.HasIndex(m => new { m.TenantId, m.TargetId });
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.ProcessMetric).HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SalesTarget>().WithMany().HasForeignKey(m => m.TargetId).OnDelete(DeleteBehavior.Restrict);
    }
}
