using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Organization;

public sealed class Tenant : IEntity
{
    public long Id { get; private set; }

    public required string Slug { get; init; }

    public required string Name { get; set; }

    /// <summary>IANA time zone of the company's head office; calendars may override it.</summary>
    public required string TimeZone { get; set; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Slug).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.TimeZone).HasMaxLength(64);
    }
}
