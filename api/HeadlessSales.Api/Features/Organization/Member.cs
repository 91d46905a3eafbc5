using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Organization;

public enum MemberRole
{
    Rep,
    TeamLead,
    RegionManager,
    SalesOps,
    Reviewer,
    Admin,
}

public sealed class Member : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; set; }

    /// <summary>Unique within the tenant, stored lower-case.</summary>
    public required string Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The industry the member sells into (e.g. 制造业); a new hire's learning path is picked by it.</summary>
    public string? Industry { get; set; }

    public const int IndustryMaxLength = 64;

    public MemberRole Role { get; set; }

    /// <summary>Reps and team leads belong to a team; region managers to a region only; ops and admins to neither.</summary>
    public long? TeamId { get; set; }

    public long? RegionId { get; set; }

    public DateOnly HiredOn { get; set; }

    public bool Active { get; set; } = true;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.HasIndex(m => new { m.TenantId, m.Email }).IsUnique();
        builder.HasIndex(m => new { m.TenantId, m.Name });
        builder.HasIndex(m => new { m.TenantId, m.TeamId });
        builder.HasIndex(m => new { m.TenantId, m.RegionId });
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.Email).HasMaxLength(254);
        builder.Property(m => m.Phone).HasMaxLength(32);
        builder.Property(m => m.Industry).HasMaxLength(Member.IndustryMaxLength);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(m => m.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}
