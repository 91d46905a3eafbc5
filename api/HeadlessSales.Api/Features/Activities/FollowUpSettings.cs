using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>The language generated follow-up summaries are written in.</summary>
public enum SummaryLanguage
{
    Chinese,
    English,
}

/// <summary>The tenant's follow-up sequence and summary language; one row per tenant.</summary>
public sealed class FollowUpSettings : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>The steps every lead and opportunity goes through, in order; never empty.</summary>
    public List<FollowUpStep> Steps { get; set; } = [];

    public SummaryLanguage SummaryLanguage { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One step of the follow-up sequence: done by the first follow-up carrying one of its tags, due within its allowed days.</summary>
public sealed class FollowUpStep
{
    /// <summary>Upper-case, unique within the sequence.</summary>
    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    /// <summary>Codes of the catalog tags any of which completes the step.</summary>
    public List<string> TagCodes { get; set; } = [];

    /// <summary>Calendar days from the step's start (the previous step's completion) until it is overdue.</summary>
    public int AllowedDays { get; set; }

    public string Name(SummaryLanguage language) => language == SummaryLanguage.English ? NameEn : NameZh;
}

internal sealed class FollowUpSettingsConfiguration : IEntityTypeConfiguration<FollowUpSettings>
{
    public void Configure(EntityTypeBuilder<FollowUpSettings> builder)
    {
        builder.ToTable("FollowUpSettings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.SummaryLanguage).HasConversion<string>().HasMaxLength(32);
        builder.OwnsMany(s => s.Steps, steps =>
        {
            steps.ToJson();
            steps.Property(s => s.Code).HasMaxLength(ActivityTagRules.CodeMaxLength);
        });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
