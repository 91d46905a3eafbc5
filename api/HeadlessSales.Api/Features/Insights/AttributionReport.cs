using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>What makes a rep's lead count as a success when reps are ranked.</summary>
public enum ConversionBasis
{
    /// <summary>The lead was converted (<c>convertLead</c>) before the period ended.</summary>
    LeadConverted,

    /// <summary>The lead was converted and its opportunity entered its pipeline's last stage before the period ended.</summary>
    OpportunityWon,
}

/// <summary>Whose reps a report ranks.</summary>
public enum AttributionScopeKind
{
    Tenant,
    Region,
    Team,
}

public enum AttributionReportStatus
{
    Completed,

    /// <summary>Fewer than two reps had enough leads to be ranked: no groups, no findings.</summary>
    InsufficientData,
}

public enum AttributionTrigger
{
    /// <summary>The monthly durable job, on the 1st, for the month before.</summary>
    Scheduled,
    OnDemand,
}

/// <summary>What a finding compares: how often an activity kind is logged, or how often a tag is put on follow-ups.</summary>
public enum AttributionDimension
{
    ActivityKind,
    Tag,
}

/// <summary>
/// How a tenant splits its reps for the attribution report. One row per tenant; without one the defaults below apply.
/// A report stores the values it used, so changing these never rewrites a report.
/// </summary>
public sealed class AttributionSettings : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ConversionBasis Basis { get; set; } = ConversionBasis.LeadConverted;

    /// <summary>Share of the ranked reps in the top group (rounded down, at least one), from 0 (exclusive) to 0.5.</summary>
    public double TopShare { get; set; } = 0.2;

    /// <summary>Share of the ranked reps in the bottom group, as <see cref="TopShare"/>.</summary>
    public double BottomShare { get; set; } = 0.2;

    /// <summary>Leads a rep must have been assigned in the period to be ranked: a rate of 1 of 1 says nothing.</summary>
    public int MinimumLeads { get; set; } = 5;

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One run of the process-attribution report: which reps convert best and worst in a scope and period, and what the
/// best do differently, as ranked <see cref="AttributionFinding"/>s. Stored as computed, with the settings it used.
/// </summary>
public sealed class AttributionReport : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>The half-open period [<see cref="PeriodFrom"/>, <see cref="PeriodTo"/>), in UTC.</summary>
    public DateTime PeriodFrom { get; init; }

    public DateTime PeriodTo { get; init; }

    public AttributionScopeKind ScopeKind { get; init; }

    /// <summary>The team or region; null for the tenant.</summary>
    public long? ScopeId { get; init; }

    public ConversionBasis Basis { get; init; }

    public double TopShare { get; init; }

    public double BottomShare { get; init; }

    public int MinimumLeads { get; init; }

    public AttributionReportStatus Status { get; init; }

    public AttributionTrigger Trigger { get; init; }

    /// <summary>For a scheduled report, its month (<c>2026-11</c>): unique per tenant, so the job stores each month once.</summary>
    public string? ScheduleKey { get; set; }

    /// <summary>The member who asked for it; null for the job or an integration.</summary>
    public long? RequestedById { get; init; }

    public DateTime GeneratedAt { get; init; }

    /// <summary>The period in weeks (days / 7): the denominator of every per-week rate.</summary>
    public double Weeks { get; init; }

    /// <summary>Active reps of the scope: the population of the scope average.</summary>
    public int ScopeRepCount { get; init; }

    /// <summary>Reps with at least <see cref="MinimumLeads"/> leads in the period.</summary>
    public int RankedRepCount { get; init; }

    public List<long> TopMemberIds { get; init; } = [];

    public List<long> BottomMemberIds { get; init; } = [];

    /// <summary>Converted ÷ leads over the top group's reps together; null when there is no group.</summary>
    public double? TopConversionRate { get; init; }

    public double? BottomConversionRate { get; init; }

    /// <summary>Converted ÷ leads over every rep of the scope.</summary>
    public double? ScopeConversionRate { get; init; }

    public List<AttributionFinding> Findings { get; init; } = [];
}

/// <summary>One compared behaviour: the top and bottom groups' and the scope's per-rep weekly rate, and the phrased finding.</summary>
public sealed class AttributionFinding : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long ReportId { get; init; }

    /// <summary>1 for the largest difference between the groups.</summary>
    public int Rank { get; init; }

    public AttributionDimension Dimension { get; init; }

    /// <summary>The activity kind (<c>VIDEO_DEMO</c>) or the tag code (<c>COMPETITOR_COMPARISON</c>).</summary>
    public required string Code { get; init; }

    /// <summary>The kind's or tag's name when the report was made, so a later rename does not rewrite it.</summary>
    public required string NameZh { get; init; }

    public required string NameEn { get; init; }

    /// <summary>Per rep per week in the top group: the group's count ÷ (its reps × weeks).</summary>
    public double TopRate { get; init; }

    public double BottomRate { get; init; }

    /// <summary>Per rep per week over every active rep of the scope.</summary>
    public double ScopeRate { get; init; }

    /// <summary><see cref="TopRate"/> − <see cref="BottomRate"/>: what the ranking orders by (its size).</summary>
    public double Difference { get; init; }

    public required string TextZh { get; init; }

    public required string TextEn { get; init; }
}

internal sealed class AttributionSettingsConfiguration : IEntityTypeConfiguration<AttributionSettings>
{
    public void Configure(EntityTypeBuilder<AttributionSettings> builder)
    {
        builder.ToTable("AttributionSettings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.Basis).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttributionReportConfiguration : IEntityTypeConfiguration<AttributionReport>
{
    public void Configure(EntityTypeBuilder<AttributionReport> builder)
    {
        builder.ToTable("AttributionReports");
        builder.HasIndex(r => new { r.TenantId, r.ScopeKind, r.ScopeId, r.PeriodFrom });
        // The job's exactly-once guard: a second run for the same month fails on this index instead of storing twice.
        builder.HasIndex(r => new { r.TenantId, r.ScheduleKey }).IsUnique();
        builder.Property(r => r.ScopeKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Basis).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ScheduleKey).HasMaxLength(16);
        // A group of a large tenant can hold hundreds of ids: no length limit (nvarchar(max) on SQL Server, an array on PostgreSQL).
        builder.PrimitiveCollection(r => r.TopMemberIds).Metadata.SetMaxLength(null);
        builder.PrimitiveCollection(r => r.BottomMemberIds).Metadata.SetMaxLength(null);
        builder.HasMany(r => r.Findings).WithOne().HasForeignKey(f => f.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.RequestedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttributionFindingConfiguration : IEntityTypeConfiguration<AttributionFinding>
{
    public void Configure(EntityTypeBuilder<AttributionFinding> builder)
    {
        builder.ToTable("AttributionFindings");
        builder.HasIndex(f => new { f.ReportId, f.Rank }).IsUnique();
        builder.Property(f => f.Dimension).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Code).HasMaxLength(40);
        builder.Property(f => f.NameZh).HasMaxLength(50);
        builder.Property(f => f.NameEn).HasMaxLength(50);
        builder.Property(f => f.TextZh).HasMaxLength(500);
        builder.Property(f => f.TextEn).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
