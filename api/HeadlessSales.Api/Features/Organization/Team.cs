using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Organization;

public sealed class Team : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long RegionId { get; set; }

    public required string Name { get; set; }

    /// <summary>The team lead, the first step of escalation above a rep.</summary>
    public long? LeadId { get; set; }

    /// <summary>The calendar SLA timers of this team count working time in; the tenant default when null.</summary>
    public long? CalendarId { get; set; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.HasIndex(t => new { t.TenantId, t.RegionId, t.Name }).IsUnique();
        builder.HasIndex(t => new { t.TenantId, t.Name });
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(t => t.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkingCalendar>().WithMany().HasForeignKey(t => t.CalendarId).OnDelete(DeleteBehavior.Restrict);
    }
}
