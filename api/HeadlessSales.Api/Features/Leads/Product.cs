using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A product of the tenant's catalog: what leads ask about and what first-call scripts suggest.</summary>
public sealed class Product : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Short code unique within the tenant, e.g. <c>PV-INVERTER</c>; leads name products by it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>The industries the product is sold into, for product-match suggestions.</summary>
    public List<Industry> Industries { get; set; } = [];

    public bool Active { get; set; } = true;

    public DateTime CreatedAt { get; init; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products");
        builder.HasIndex(p => new { p.TenantId, p.Code }).IsUnique();
        builder.Property(p => p.Code).HasMaxLength(32);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.PrimitiveCollection(p => p.Industries).HasMaxLength(400);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
