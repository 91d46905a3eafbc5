using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>A preset tag of the tenant's catalog, named in Chinese and English; follow-ups and steps name it by its code.</summary>
public sealed class ActivityTag : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Upper-case, unique within the tenant, never changed: activities and steps keep it.</summary>
    public required string Code { get; init; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    /// <summary>A retired tag stays on past follow-ups but cannot be put on new ones.</summary>
    public DateTime? RetiredAt { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public string Name(SummaryLanguage language) => language == SummaryLanguage.English ? NameEn : NameZh;
}

internal sealed class ActivityTagConfiguration : IEntityTypeConfiguration<ActivityTag>
{
    public void Configure(EntityTypeBuilder<ActivityTag> builder)
    {
        builder.ToTable("ActivityTags");
        builder.HasIndex(t => new { t.TenantId, t.Code }).IsUnique();
        builder.Property(t => t.Code).HasMaxLength(ActivityTagRules.CodeMaxLength);
        builder.Property(t => t.NameZh).HasMaxLength(ActivityTagRules.NameMaxLength);
        builder.Property(t => t.NameEn).HasMaxLength(ActivityTagRules.NameMaxLength);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static partial class ActivityTagRules
{
    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 50;

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Z0-9_]{1,39}$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();
}
