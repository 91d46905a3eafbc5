using System.Text.RegularExpressions;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>
/// A first-call script for an industry, a product, both or neither. The most specific template for a lead
/// wins: industry and product, then product, then industry, then the general one.
/// </summary>
public sealed class ScriptTemplate : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; set; }

    public Industry? Industry { get; set; }

    public string? ProductCode { get; set; }

    /// <summary>Text with <c>{{variable}}</c> placeholders; see <see cref="FirstCallScripts.Variables"/>.</summary>
    public required string Body { get; set; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class ScriptTemplateConfiguration : IEntityTypeConfiguration<ScriptTemplate>
{
    public void Configure(EntityTypeBuilder<ScriptTemplate> builder)
    {
        builder.ToTable("ScriptTemplates");
        builder.HasIndex(t => new { t.TenantId, t.Industry, t.ProductCode });
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Industry).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.ProductCode).HasMaxLength(32);
        builder.Property(t => t.Body).HasMaxLength(4000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

public enum ProductMatchReason
{
    /// <summary>The lead asked about it and it is sold into the lead's industry.</summary>
    InterestAndIndustry,
    Interest,
    Industry,
}

public sealed record ProductSuggestion(Product Product, ProductMatchReason Reason);

public sealed record FirstCallScript(ScriptTemplate Template, string Text);

public static partial class FirstCallScripts
{
    public const int MaxSuggestions = 3;

    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Variables = ["lead.name", "lead.company", "lead.province", "lead.industry", "owner.name", "products"];

    /// <returns>The placeholders of <paramref name="body"/> that are not <see cref="Variables"/>.</returns>
    public static List<string> UnknownVariables(string body) =>
        Placeholder().Matches(body).Select(m => m.Groups[1].Value.Trim()).Where(v => !Variables.Contains(v)).Distinct().ToList();

    /// <summary>Products the lead asked about first, then products sold into its industry, best first.</summary>
    public static List<ProductSuggestion> Suggest(Lead lead, IEnumerable<Product> catalog) =>
        catalog.Where(p => p.Active)
            .Select(p => (Product: p, Interested: lead.ProductInterests.Contains(p.Code), InIndustry: p.Industries.Contains(lead.Industry)))
            .Where(m => m.Interested || m.InIndustry)
            .OrderByDescending(m => m.Interested).ThenByDescending(m => m.InIndustry).ThenBy(m => m.Product.Code, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(m => new ProductSuggestion(m.Product, m.Interested && m.InIndustry ? ProductMatchReason.InterestAndIndustry : m.Interested ? ProductMatchReason.Interest : ProductMatchReason.Industry))
            .ToList();

    public static FirstCallScript? Render(Lead lead, Member? owner, IReadOnlyList<ScriptTemplate> templates, IReadOnlyList<ProductSuggestion> suggestions)
    {
        var template = templates
            .Where(t => (t.Industry is null || t.Industry == lead.Industry) && (t.ProductCode is null || lead.ProductInterests.Contains(t.ProductCode)))
            .OrderByDescending(t => (t.ProductCode is null ? 0 : 2) + (t.Industry is null ? 0 : 1))
            .ThenBy(t => t.Id)
            .FirstOrDefault();
        if (template is null)
        {
            return null;
        }

        var values = new Dictionary<string, string>
        {
            ["lead.name"] = lead.Name,
            ["lead.company"] = lead.Company ?? string.Empty,
            ["lead.province"] = lead.Province ?? string.Empty,
            ["lead.industry"] = lead.Industry.ToString(),
            ["owner.name"] = owner?.Name ?? string.Empty,
            ["products"] = string.Join("、", suggestions.Select(s => s.Product.Name)),
        };
        var text = Placeholder().Replace(template.Body, m => values.TryGetValue(m.Groups[1].Value.Trim(), out var value) ? value : m.Value);
        return new FirstCallScript(template, text);
    }

    [GeneratedRegex(@"\{\{\s*([a-zA-Z.]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
