using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Infrastructure.CustomFields;

/// <summary>The records a tenant may add fields to. The store is keyed by kind, so the features owning them need no edge to it.</summary>
public enum CustomFieldEntity
{
    Lead,
    Account,
    Contact,
    Opportunity,
}

public enum CustomFieldType
{
    Text,
    Number,
    Date,
    Choice,
    MultiChoice,
}

/// <summary>A field a tenant added to one kind of record: its key is how inputs, filters, imports and rules name it.</summary>
public sealed class CustomFieldDefinition : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public CustomFieldEntity Entity { get; set; }

    public required string Key { get; set; }

    public required string Label { get; set; }

    public CustomFieldType Type { get; set; }

    /// <summary>The allowed values of a choice or multi-choice field, in the order shown; empty otherwise.</summary>
    public List<string> Choices { get; set; } = [];

    public bool Required { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsChoice => Type is CustomFieldType.Choice or CustomFieldType.MultiChoice;

    public void Change(string label, bool required, List<string> choices, DateTime at)
    {
        Label = label;
        Required = required;
        Choices = choices;
        UpdatedAt = at;
    }
}

internal sealed class CustomFieldDefinitionConfiguration : IEntityTypeConfiguration<CustomFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CustomFieldDefinition> builder)
    {
        builder.ToTable("CustomFieldDefinitions");
        builder.HasIndex(d => new { d.TenantId, d.Entity, d.Key }).IsUnique();
        builder.Property(d => d.Entity).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Key).HasMaxLength(CustomFieldRules.KeyMaxLength);
        builder.Property(d => d.Label).HasMaxLength(100);
        builder.PrimitiveCollection(d => d.Choices).HasMaxLength(4000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
