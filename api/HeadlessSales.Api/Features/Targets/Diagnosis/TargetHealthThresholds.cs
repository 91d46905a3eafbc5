using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

/// <summary>Where each diagnosis rule draws its line, per tenant; these defaults when none is stored.</summary>
public sealed class TargetHealthThresholds : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Opportunities without conversion: this many complete weeks in a row on the weekly opportunity goal…</summary>
    public int ConsecutiveWeeks { get; set; } = 3;

    /// <summary>…of at least this many new opportunities a week…</summary>
    public int WeeklyOpportunityGoal { get; set; } = 3;

    /// <summary>…while the rep converts below this share of the team's mean conversion…</summary>
    public double ConversionShareOfTeamMean { get; set; } = 0.5;

    /// <summary>…measured as contracts signed over opportunities created in this many weeks.</summary>
    public int ConversionLookbackWeeks { get; set; } = 12;

    /// <summary>Contract splitting: contracts of one account signed within this many days…</summary>
    public int SplitWindowDays { get; set; } = 30;

    /// <summary>…at least this many of them…</summary>
    public int SplitMinContracts { get; set; } = 3;

    /// <summary>…each under this amount (CNY) while together they reach it.</summary>
    public decimal SplitAmountBelow { get; set; } = 30_000m;

    /// <summary>Collections slipping: collections received within this many days after a month end, on contracts signed before it, against the same days before it…</summary>
    public int SlipDays { get; set; } = 7;

    /// <summary>…at least this many of them…</summary>
    public int SlipMinCollections { get; set; } = 2;

    /// <summary>…carrying at least this share of the money collected around the month end.</summary>
    public double SlipShare { get; set; } = 0.5;

    /// <summary>Strategic coverage: the last this-many complete weeks against the as many before them…</summary>
    public int CoverageWeeks { get; set; } = 4;

    /// <summary>…strategic accounts followed up fell by at least this share…</summary>
    public double CoverageDropShare { get; set; } = 0.3;

    /// <summary>…from at least this many, while the signed amount rose.</summary>
    public int CoverageMinAccounts { get; set; } = 2;

    /// <summary>Month-end spike: the last week of the month before carried at least this share of its signings…</summary>
    public double SpikeShare { get; set; } = 0.5;

    /// <summary>…and at least this many of them.</summary>
    public int SpikeMinSignings { get; set; } = 3;

    public DateTime UpdatedAt { get; set; }
}

internal sealed class TargetHealthThresholdsConfiguration : IEntityTypeConfiguration<TargetHealthThresholds>
{
    public void Configure(EntityTypeBuilder<TargetHealthThresholds> builder)
    {
        builder.ToTable("TargetHealthThresholds");
        builder.HasIndex(t => t.TenantId).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
