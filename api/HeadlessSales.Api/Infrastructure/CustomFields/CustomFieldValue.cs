using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Infrastructure.CustomFields;

/// <summary>
/// One record's value of one custom field, in the column of its type so that the database filters and sorts it.
/// A multi-choice value keeps its choices in <see cref="Text"/> as <c>|a|b|</c>, so "has choice a" is one LIKE.
/// </summary>
public sealed class CustomFieldValue : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public CustomFieldEntity Entity { get; set; }

    /// <summary>The key of the lead, account, contact or opportunity.</summary>
    public long EntityId { get; set; }

    public long DefinitionId { get; set; }

    public required string Key { get; set; }

    public string? Text { get; set; }

    public decimal? Number { get; set; }

    public DateOnly? Date { get; set; }

    /// <summary>
    /// The value as a string whose ordinal order is the value's order (numbers and dates encoded as fixed-width
    /// digits): sorting by any field type is one string column, which keyset paging already knows.
    /// </summary>
    public required string SortKey { get; set; }

    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<string> ChosenValues => Text is { Length: > 2 } text && text[0] == CustomFieldRules.ChoiceSeparator
        ? text[1..^1].Split(CustomFieldRules.ChoiceSeparator)
        : [];
}

internal sealed class CustomFieldValueConfiguration : IEntityTypeConfiguration<CustomFieldValue>
{
    public void Configure(EntityTypeBuilder<CustomFieldValue> builder)
    {
        builder.ToTable("CustomFieldValues");
        builder.HasIndex(v => new { v.TenantId, v.Entity, v.EntityId, v.Key }).IsUnique();
        // Filters and sorts go by field first: (field, value) then the record.
        builder.HasIndex(v => new { v.TenantId, v.Entity, v.Key, v.SortKey, v.EntityId });
        builder.HasIndex(v => new { v.TenantId, v.Entity, v.Key, v.Number });
        builder.Property(v => v.Entity).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Key).HasMaxLength(CustomFieldRules.KeyMaxLength);
        builder.Property(v => v.Text).HasMaxLength(CustomFieldRules.TextMaxLength);
        builder.Property(v => v.SortKey).HasMaxLength(CustomFieldRules.SortKeyMaxLength);
        builder.HasOne<CustomFieldDefinition>().WithMany().HasForeignKey(v => v.DefinitionId).OnDelete(DeleteBehavior.Cascade);
    }
}
