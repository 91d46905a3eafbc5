using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Customers;

/// <summary>The part a contact plays in the customer's buying decision.</summary>
public enum DecisionRole
{
    DecisionMaker,
    EconomicBuyer,
    TechnicalEvaluator,
    Influencer,
    User,
    Gatekeeper,
    Champion,
}

public sealed class Contact : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long AccountId { get; set; }

    public required string Name { get; set; }

    public string? Title { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public DecisionRole DecisionRole { get; set; }

    /// <summary>Whom this contact reports to in the decision chain.</summary>
    public long? ReportsToId { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class ContactConfiguration(SalesDbContext db) : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("Contacts");
        builder.HasIndex(c => new { c.TenantId, c.AccountId, c.Id });
        builder.HasIndex(c => new { c.TenantId, c.Name });
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Title).HasMaxLength(100);
        builder.Property(c => c.Phone).HasMaxLength(32);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.DecisionRole).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.ReportsToId).OnDelete(DeleteBehavior.Restrict);
        // A contact is seen by whoever sees its account.
        builder.HasQueryFilter(contact => contact.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || db.Set<Account>().Any(account => account.Id == contact.AccountId
                && account.OwnerId != null && db.VisibleOwnerIds.Contains(account.OwnerId.Value))));
    }
}
