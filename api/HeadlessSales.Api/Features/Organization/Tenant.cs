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

    /// <summary>Set while the platform operator has suspended the tenant: nobody of it signs in and its tokens stop working.</summary>
    public DateTime? SuspendedAt { get; private set; }

    public bool IsSuspended => SuspendedAt is not null;

    public void Suspend(DateTime now) => SuspendedAt ??= now;

    public void Resume() => SuspendedAt = null;

    /// <summary>Lower-case letters, digits and inner hyphens, 3 to 40 characters: it appears in e-mail domains and sign-in forms.</summary>
    public static string? CheckSlug(string slug) =>
        System.Text.RegularExpressions.Regex.IsMatch(slug, "^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$") && !slug.Contains("--", StringComparison.Ordinal)
            ? null
            : "A tenant slug is 3 to 40 lower-case letters, digits and single inner hyphens.";
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Slug).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.TimeZone).HasMaxLength(64);
        builder.Ignore(t => t.IsSuspended);
    }
}
