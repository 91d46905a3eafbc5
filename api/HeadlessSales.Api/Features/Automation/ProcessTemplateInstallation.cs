using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// One item a template created in the tenant: which template, when, and the row it made (a tag's, pipeline's, stage's or
/// rule's id; none for a health target). Read by previews to say "installed by template X"; one row per item kind and
/// key, so two concurrent installs cannot both create an item (the loser's transaction fails and is retried).
/// </summary>
public sealed class ProcessTemplateInstallation : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string TemplateCode { get; set; }

    public TemplateItemKind ItemKind { get; init; }

    public required string ItemKey { get; init; }

    public long? TargetId { get; set; }

    public DateTime InstalledAt { get; set; }
}

internal sealed class ProcessTemplateInstallationConfiguration : IEntityTypeConfiguration<ProcessTemplateInstallation>
{
    public void Configure(EntityTypeBuilder<ProcessTemplateInstallation> builder)
    {
        builder.ToTable("ProcessTemplateInstallations");
        builder.HasIndex(i => new { i.TenantId, i.ItemKind, i.ItemKey }).IsUnique();
        builder.Property(i => i.TemplateCode).HasMaxLength(40);
        builder.Property(i => i.ItemKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.ItemKey).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
