using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>
/// A file kept as evidence on a sales record: a signed requirement confirmation, a competitor analysis, a
/// quotation. It is attached to exactly one lead or account; whoever may see that record may see the file.
/// The content lives in <see cref="IDocumentStorage"/> under <see cref="StorageKey"/>.
/// </summary>
public sealed class Document : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long KindId { get; init; }

    public long? LeadId { get; init; }

    public long? AccountId { get; init; }

    public long? OpportunityId { get; init; }

    /// <summary>The file name the uploader gave, without any directory part.</summary>
    public required string FileName { get; init; }

    /// <summary>The media type, checked against the file's leading bytes on upload.</summary>
    public required string ContentType { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; init; }

    public required string StorageKey { get; init; }

    public string? Note { get; init; }

    /// <summary>When the customer signed the document, for kinds that need a customer's signature to count as evidence.</summary>
    public DateOnly? CustomerSignedOn { get; init; }

    /// <summary>The member who uploaded it, or null for an integration.</summary>
    public long? UploadedById { get; init; }

    /// <summary>Who uploaded it, as the audit log names actors (<c>member:12</c>, <c>client:…</c>).</summary>
    public required string UploadedBy { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class DocumentConfiguration(SalesDbContext db) : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("Documents");
        builder.HasIndex(d => new { d.TenantId, d.LeadId, d.KindId });
        builder.HasIndex(d => new { d.TenantId, d.AccountId, d.KindId });
        builder.HasIndex(d => new { d.TenantId, d.OpportunityId, d.KindId });
        builder.HasIndex(d => new { d.TenantId, d.CreatedAt, d.Id });
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.StorageKey).HasMaxLength(200);
        builder.Property(d => d.Note).HasMaxLength(500);
        builder.Property(d => d.UploadedBy).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DocumentKind>().WithMany().HasForeignKey(d => d.KindId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lead>().WithMany().HasForeignKey(d => d.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(d => d.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(d => d.UploadedById).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("CK_Documents_OneSubject",
            "(CASE WHEN \"LeadId\" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN \"AccountId\" IS NULL THEN 0 ELSE 1 END)"
            + " + (CASE WHEN \"OpportunityId\" IS NULL THEN 0 ELSE 1 END) = 1"));
        // A document is seen by whoever sees the record it is attached to.
        builder.HasQueryFilter(document => document.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant
                || (document.AccountId != null && db.Set<Account>().Any(account => account.Id == document.AccountId
                    && account.OwnerId != null && db.VisibleOwnerIds.Contains(account.OwnerId.Value)))
                || (document.LeadId != null && db.Set<Lead>().Any(lead => lead.Id == document.LeadId
                    && lead.OwnerId != null && db.VisibleOwnerIds.Contains(lead.OwnerId.Value)))
                || (document.OpportunityId != null && db.Set<Opportunity>().Any(opportunity => opportunity.Id == document.OpportunityId
                    && db.VisibleOwnerIds.Contains(opportunity.OwnerId)))));
    }
}

/// <summary>A kind of document in the tenant's catalog, e.g. REQUIREMENT_CONFIRMATION 需求确认书. Stage gates name kinds by code.</summary>
public sealed class DocumentKind : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Upper-case letters, digits and underscores; unique within the tenant and never changed.</summary>
    public required string Code { get; init; }

    public required string Name { get; set; }

    public string? EnglishName { get; set; }

    public string? Description { get; set; }

    /// <summary>A document of this kind counts as evidence only once the customer has signed it.</summary>
    public bool RequiresCustomerSignature { get; set; }

    /// <summary>Inactive kinds keep their documents but take no new uploads.</summary>
    public bool Active { get; set; } = true;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class DocumentKindConfiguration : IEntityTypeConfiguration<DocumentKind>
{
    public void Configure(EntityTypeBuilder<DocumentKind> builder)
    {
        builder.ToTable("DocumentKinds");
        builder.HasIndex(k => new { k.TenantId, k.Code }).IsUnique();
        builder.Property(k => k.Code).HasMaxLength(50);
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.EnglishName).HasMaxLength(100);
        builder.Property(k => k.Description).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
