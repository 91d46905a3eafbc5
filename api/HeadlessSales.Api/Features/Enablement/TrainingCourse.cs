using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The six dimensions of the capability radar.</summary>
public enum CapabilityDimension
{
    /// <summary>Share of the rep's opportunities that reached the proposal stage and then moved forward past it.</summary>
    NeedDiscoveryAccuracy,

    /// <summary>Median hours from entering the proposal stage to the first proposal document (fewer is better).</summary>
    ProposalResponseSpeed,

    /// <summary>Median days from a contract's signature to its full collection (fewer is better).</summary>
    CollectionCycle,

    /// <summary>Share of the rep's follow-ups with a next step due whose next follow-up on the same subject came by the due day.</summary>
    FollowUpDiscipline,

    /// <summary>Forward stage exits over all stage exits of the rep's opportunities.</summary>
    StageConversion,

    /// <summary>Video demos per week, of a rep who followed up at all in the quarter.</summary>
    DemoFrequency,
}

/// <summary>A course of the tenant's training catalog and the radar dimension it trains; the radar recommends it for a weak one.</summary>
public sealed class TrainingCourse : ITenantOwned
{
    public const int TitleMaxLength = 200;
    public const int LinkMaxLength = 500;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Title { get; init; }

    public CapabilityDimension Dimension { get; init; }

    public string? Link { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class TrainingCourseConfiguration : IEntityTypeConfiguration<TrainingCourse>
{
    public void Configure(EntityTypeBuilder<TrainingCourse> builder)
    {
        builder.ToTable("TrainingCourses");
        builder.HasIndex(c => new { c.TenantId, c.Dimension });
        builder.Property(c => c.Title).HasMaxLength(TrainingCourse.TitleMaxLength);
        builder.Property(c => c.Link).HasMaxLength(TrainingCourse.LinkMaxLength);
        builder.Property(c => c.Dimension).HasConversion<string>().HasMaxLength(40);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
