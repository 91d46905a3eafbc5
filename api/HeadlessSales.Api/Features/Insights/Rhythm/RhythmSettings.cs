using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>
/// A tenant's signing rhythm: the weekday the to-sign lists go out, and the rhythm bonus (a share of the contract amount
/// when it is signed between two days of the month, tenant's time zone). One row per tenant; the defaults until changed:
/// lists on Wednesday at 09:00, no bonus (a window of the 11th to the 20th once a rate is set), the spike alert at 30 %.
/// </summary>
public sealed class RhythmSettings : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public DayOfWeek ToSignListWeekday { get; set; } = DayOfWeek.Wednesday;

    /// <summary>Local hour the lists go out on that weekday.</summary>
    public int ToSignListHour { get; set; } = 9;

    /// <summary>Share of the contract amount paid as the rhythm bonus, e.g. 0.015 for 1.5 %; zero (the default) pays none until an admin sets it.</summary>
    public decimal BonusRate { get; set; }

    public int BonusFromDay { get; set; } = 11;

    public int BonusToDay { get; set; } = 20;

    /// <summary>The month-end spike alert: raised when this share of the month's ready-to-sign forecast falls in its last 3 days.</summary>
    public double SpikeShare { get; set; } = 0.3;

    public DateTime UpdatedAt { get; set; }

    /// <summary>Whether a contract signed on <paramref name="localDay"/> (day of month) earns the bonus.</summary>
    public bool EarnsBonus(int localDay) => BonusRate > 0 && localDay >= BonusFromDay && localDay <= BonusToDay;
}

internal sealed class RhythmSettingsConfiguration(SalesDbContext db) : IEntityTypeConfiguration<RhythmSettings>
{
    public void Configure(EntityTypeBuilder<RhythmSettings> builder)
    {
        builder.ToTable("RhythmSettings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.Property(s => s.ToSignListWeekday).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.BonusRate).HasPrecision(9, 6);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(settings => settings.TenantId == db.CurrentTenantId);
    }
}

/// <summary>
/// That a contract's rhythm bonus was paid, and by which ledger entry. Unique per contract: the guard that makes the bonus
/// land once, whatever replays or races the signature callbacks go through.
/// </summary>
public sealed class RhythmBonusAward : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long ContractId { get; init; }

    public long MemberId { get; init; }

    public DateTime AwardedAt { get; init; }
}

internal sealed class RhythmBonusAwardConfiguration(SalesDbContext db) : IEntityTypeConfiguration<RhythmBonusAward>
{
    public void Configure(EntityTypeBuilder<RhythmBonusAward> builder)
    {
        builder.ToTable("RhythmBonusAwards");
        builder.HasIndex(a => new { a.TenantId, a.ContractId }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contract>().WithMany().HasForeignKey(a => a.ContractId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(award => award.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(award.MemberId)));
    }
}
