using System.Text.Json;
using System.Text.Json.Serialization;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Insights.Slicing;

/// <summary>
/// A slice kept by name for the tenant, so that an analyst asks again without writing it again. It stores the question, not
/// the answer: each run is computed afresh with the visibility of whoever runs it.
/// </summary>
public sealed class SavedSlice : ITenantOwned
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; init; }

    /// <summary>The <see cref="SliceDefinition"/>, as JSON.</summary>
    public required string DefinitionJson { get; set; }

    public long? CreatedById { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public SliceDefinition Definition => JsonSerializer.Deserialize<SliceDefinition>(DefinitionJson, Json)!;

    public static string Serialize(SliceDefinition definition) => JsonSerializer.Serialize(definition, Json);
}

internal sealed class SavedSliceConfiguration(SalesDbContext db) : IEntityTypeConfiguration<SavedSlice>
{
    public void Configure(EntityTypeBuilder<SavedSlice> builder)
    {
        builder.ToTable("SavedSlices");
        builder.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.DefinitionJson).HasMaxLength(8000);
        builder.Ignore(s => s.Definition);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(slice => slice.TenantId == db.CurrentTenantId);
    }
}

/// <summary>The slicing table, reached as <c>db.SavedSlices</c> once this namespace is in scope.</summary>
public static class SlicingDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<SavedSlice> SavedSlices => db.Set<SavedSlice>();
    }
}
