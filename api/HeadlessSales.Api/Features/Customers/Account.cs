using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Customers;

public enum Industry
{
    NewEnergy,
    MedicalDevices,
    IndustrialAutomation,
    BuildingMaterials,
    ConsumerGoods,
    Automotive,
    Electronics,
    Chemicals,
    Logistics,
    Other,
}

public enum OwnershipType
{
    StateOwned,
    Private,
    ForeignInvested,
    JointVenture,
    Listed,
    PublicInstitution,
}

public enum CompanySize
{
    Micro,
    Small,
    Medium,
    Large,
    Enterprise,
}

public sealed class Account : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; set; }

    public Industry Industry { get; set; }

    /// <summary>Finer segment inside the industry, e.g. 光伏 or 风电 inside new energy.</summary>
    public string? SubSegment { get; set; }

    public OwnershipType Ownership { get; set; }

    public CompanySize Size { get; set; }

    public string? Province { get; set; }

    public string? City { get; set; }

    public decimal? AnnualRevenueAmount { get; set; }

    /// <summary>ISO 4217 code of <see cref="AnnualRevenueAmount"/>.</summary>
    public string? AnnualRevenueCurrency { get; set; }

    public long? OwnerId { get; set; }

    public bool Archived { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Hidden from lists unless asked for, and closed to new contacts; its history stays.</summary>
    public void Archive(DateTime at)
    {
        Archived = true;
        UpdatedAt = at;
    }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class AccountConfiguration(SalesDbContext db) : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("Accounts");
        builder.HasIndex(a => new { a.TenantId, a.Name }).IsUnique();
        builder.HasIndex(a => new { a.TenantId, a.Industry, a.Id });
        builder.HasIndex(a => new { a.TenantId, a.OwnerId });
        builder.HasIndex(a => new { a.TenantId, a.CreatedAt, a.Id });
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Industry).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Ownership).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Size).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.SubSegment).HasMaxLength(50);
        builder.Property(a => a.Province).HasMaxLength(50);
        builder.Property(a => a.City).HasMaxLength(50);
        builder.Property(a => a.AnnualRevenueCurrency).HasMaxLength(3);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(account => account.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || (account.OwnerId != null && db.VisibleOwnerIds.Contains(account.OwnerId.Value))));
    }
}
