using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>The tenant's definitions behind the metrics; defaults when none is stored.</summary>
public sealed class TargetSettings : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>A quality opportunity is worth at least this much (CNY)…</summary>
    public decimal QualityOpportunityMinAmount { get; set; } = 50_000m;

    /// <summary>…and has reached at least this probability (its stage's).</summary>
    public int QualityOpportunityMinProbability { get; set; } = 30;

    /// <summary>The stage whose exits judge the technical proposal: forward is a pass, back is a fail.</summary>
    public string ProposalStageCode { get; set; } = "QUOTATION";

    public DateTime UpdatedAt { get; set; }
}

internal sealed class TargetSettingsConfiguration : IEntityTypeConfiguration<TargetSettings>
{
    public void Configure(EntityTypeBuilder<TargetSettings> builder)
    {
        builder.ToTable("TargetSettings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.ProposalStageCode).HasMaxLength(64);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>An account on the tenant's strategic list: its signings count for strategic-account signings.</summary>
public sealed class StrategicAccount : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long AccountId { get; init; }

    public DateTime AddedAt { get; init; }
}

internal sealed class StrategicAccountConfiguration : IEntityTypeConfiguration<StrategicAccount>
{
    public void Configure(EntityTypeBuilder<StrategicAccount> builder)
    {
        builder.ToTable("StrategicAccounts");
        builder.HasIndex(s => new { s.TenantId, s.AccountId }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
