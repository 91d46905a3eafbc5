using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Insights.Segmentation;

/// <summary>
/// One word of the tenant's segmentation lexicon: finding it in an account's records is evidence for <see cref="SubSegment"/>.
/// A tenant without rows uses <see cref="SegmentLexicon.Defaults"/>; its first change copies them, so it then owns all of them.
/// </summary>
public sealed class SegmentKeyword : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>The sub-segment the word speaks for, e.g. 光伏.</summary>
    public required string SubSegment { get; init; }

    /// <summary>The industry the sub-segment belongs to: accepting a suggestion sets both.</summary>
    public Industry Industry { get; init; }

    public required string Keyword { get; init; }

    /// <summary>How strongly one occurrence speaks for the sub-segment (1 to 5): 光伏 weighs more than 组件.</summary>
    public int Weight { get; init; } = 1;
}

internal sealed class SegmentKeywordConfiguration : IEntityTypeConfiguration<SegmentKeyword>
{
    public void Configure(EntityTypeBuilder<SegmentKeyword> builder)
    {
        builder.ToTable("SegmentKeywords");
        builder.HasIndex(k => new { k.TenantId, k.SubSegment, k.Keyword }).IsUnique();
        builder.Property(k => k.SubSegment).HasMaxLength(SegmentLexicon.SubSegmentMaxLength);
        builder.Property(k => k.Keyword).HasMaxLength(SegmentLexicon.KeywordMaxLength);
        builder.Property(k => k.Industry).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A sub-segment's words as the detector uses them.</summary>
public sealed record SegmentEntry(string SubSegment, Industry Industry, IReadOnlyList<(string Keyword, int Weight)> Keywords);

public static class SegmentLexicon
{
    public const int SubSegmentMaxLength = 50;
    public const int KeywordMaxLength = 50;
    public const int MaxKeywordsPerSubSegment = 50;
    public const int MaxWeight = 5;

    /// <summary>
    /// The lexicon a tenant starts with: the sub-segments the demo's industries are sold into, in the words customers,
    /// product names and file names use. The segment's own name weighs 3; a word that only leans towards it, 1.
    /// </summary>
    public static readonly IReadOnlyList<SegmentEntry> Defaults =
    [
        new("光伏", Industry.NewEnergy, [("光伏", 3), ("太阳能", 3), ("photovoltaic", 3), ("solar", 2), ("逆变器", 2), ("硅片", 2), ("电池片", 2), ("组件", 1), ("电站", 1)]),
        new("风电", Industry.NewEnergy, [("风电", 3), ("风力发电", 3), ("wind", 2), ("风机", 2), ("叶片", 2), ("塔筒", 2), ("齿轮箱", 2), ("变桨", 2), ("海上", 1)]),
        new("储能", Industry.NewEnergy, [("储能", 3), ("energy storage", 3), ("电芯", 2), ("BMS", 2), ("PCS", 1)]),
        new("医学影像", Industry.MedicalDevices, [("影像", 3), ("CT", 2), ("MRI", 2), ("超声", 2), ("DR", 1)]),
        new("体外诊断", Industry.MedicalDevices, [("体外诊断", 3), ("IVD", 3), ("试剂", 2), ("检验科", 2)]),
        new("工业机器人", Industry.IndustrialAutomation, [("机器人", 3), ("robot", 3), ("机械臂", 2), ("焊接", 1)]),
        new("运动控制", Industry.IndustrialAutomation, [("伺服", 3), ("PLC", 2), ("变频器", 2), ("运动控制", 3)]),
    ];

    /// <summary>The tenant's lexicon: its own rows, or the defaults while it has none.</summary>
    public static async Task<IReadOnlyList<SegmentEntry>> ReadAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.SegmentKeywords.AsNoTracking().OrderBy(k => k.SubSegment).ThenBy(k => k.Id).ToListAsync(cancellationToken);
        return rows.Count == 0 ? Defaults : ToEntries(rows);
    }

    public static IReadOnlyList<SegmentEntry> ToEntries(IEnumerable<SegmentKeyword> rows) => rows
        .GroupBy(k => (k.SubSegment, k.Industry))
        .OrderBy(g => g.Key.SubSegment, StringComparer.Ordinal)
        .Select(g => new SegmentEntry(g.Key.SubSegment, g.Key.Industry, g.Select(k => (k.Keyword, k.Weight)).ToList()))
        .ToList();

    public static IEnumerable<SegmentKeyword> ToRows(long tenantId, IEnumerable<SegmentEntry> entries) => entries.SelectMany(e => e.Keywords.Select(k =>
        new SegmentKeyword { TenantId = tenantId, SubSegment = e.SubSegment, Industry = e.Industry, Keyword = k.Keyword, Weight = k.Weight }));
}
