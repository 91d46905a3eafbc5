using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Contracts;

/// <summary>Where the contract stands in its online approval.</summary>
public enum ContractApprovalStatus
{
    NotRequested,
    Pending,
    Approved,
    Rejected,
}

/// <summary>The e-signature state, as the signing provider last reported it.</summary>
public enum SignatureStatus
{
    /// <summary>Not sent for signing yet.</summary>
    NotSent,
    Pending,
    Signed,
    Declined,
}

/// <summary>
/// The contract of an opportunity that reached 签约: approved online, signed through an e-signature
/// provider, then paid in collections (回款). Visible to whoever sees its owner's records.
/// </summary>
public sealed class Contract : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long OpportunityId { get; init; }

    public long AccountId { get; init; }

    /// <summary>The opportunity's owner when the contract was made; visibility follows this owner.</summary>
    public long OwnerId { get; init; }

    public required string Title { get; set; }

    public decimal Amount { get; init; }

    /// <summary>ISO 4217 code of <see cref="Amount"/> and of every collection.</summary>
    public required string Currency { get; init; }

    /// <summary>Kept by the generic approvals (<c>requestApproval</c> on the contract): pending while a request runs, then its outcome.</summary>
    public ContractApprovalStatus ApprovalStatus { get; set; }

    public SignatureStatus SignatureStatus { get; set; }

    /// <summary>The signing provider's reference of the envelope now in flight or finished.</summary>
    public string? SignatureReference { get; set; }

    public DateTime? SignatureUpdatedAt { get; set; }

    public DateTime? SignedAt { get; set; }

    /// <summary>The sum of the collections; raised only by a conditional update that keeps it within <see cref="Amount"/>.</summary>
    public decimal CollectedAmount { get; set; }

    public long? CreatedById { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Takes the signature status the e-signature provider reported (<see cref="ContractRules.Judge"/> decides whether it
    /// may); <see cref="SignedAt"/> is set only while the contract is signed.
    /// </summary>
    public void RecordSignature(SignatureStatus status, string reference, DateTime occurredAt, DateTime now)
    {
        SignatureStatus = status;
        SignatureReference = reference;
        SignatureUpdatedAt = occurredAt;
        SignedAt = status == SignatureStatus.Signed ? occurredAt : null;
        UpdatedAt = now;
    }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class ContractConfiguration(SalesDbContext db) : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> builder)
    {
        builder.ToTable("Contracts");
        builder.HasIndex(c => new { c.TenantId, c.OpportunityId }).IsUnique();
        builder.HasIndex(c => new { c.TenantId, c.OwnerId });
        builder.HasIndex(c => new { c.TenantId, c.SignatureReference });
        // Targets and their diagnosis read the contracts signed in a period: a range of signing times, not the whole history.
        builder.HasIndex(c => new { c.TenantId, c.SignedAt });
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.SignatureReference).HasMaxLength(100);
        // Two requests at once: the second finds the status changed and is refused.
        builder.Property(c => c.ApprovalStatus).HasConversion<string>().HasMaxLength(32).IsConcurrencyToken();
        // Two provider callbacks at once must not both move the signature from the state they read.
        builder.Property(c => c.SignatureStatus).HasConversion<string>().HasMaxLength(32).IsConcurrencyToken();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.Restrict);
        // A contract is seen as its opportunity's owner's records are; its collections with it.
        builder.HasQueryFilter(contract => contract.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(contract.OwnerId)));
    }
}

/// <summary>Money received against a contract (回款).</summary>
public sealed class PaymentCollection : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long ContractId { get; init; }

    public decimal Amount { get; init; }

    /// <summary>Always the contract's currency.</summary>
    public required string Currency { get; init; }

    public DateOnly ReceivedOn { get; init; }

    public string? Note { get; init; }

    public long? RecordedById { get; init; }

    /// <summary>Who recorded it, as the audit log names actors.</summary>
    public required string RecordedBy { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class PaymentCollectionConfiguration(SalesDbContext db) : IEntityTypeConfiguration<PaymentCollection>
{
    public void Configure(EntityTypeBuilder<PaymentCollection> builder)
    {
        builder.ToTable("PaymentCollections");
        builder.HasIndex(p => new { p.TenantId, p.ContractId, p.Id });
        // Targets read the collections received in a period (回款 by month), and the diagnosis those around a month end.
        builder.HasIndex(p => new { p.TenantId, p.ReceivedOn });
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Note).HasMaxLength(500);
        builder.Property(p => p.RecordedBy).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contract>().WithMany().HasForeignKey(p => p.ContractId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.RecordedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(collection => collection.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || db.Set<Contract>().Any(contract => contract.Id == collection.ContractId && db.VisibleOwnerIds.Contains(contract.OwnerId))));
    }
}
