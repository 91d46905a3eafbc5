using System.Security.Cryptography;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>A receiver of a tenant's events: where to POST them, which types, and the secret they are signed with.</summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Url { get; set; }

    public string? Description { get; set; }

    /// <summary>The journal types delivered (e.g. <c>lead.assigned</c>); empty for every type.</summary>
    public List<string> EventTypes { get; set; } = [];

    /// <summary><c>whsec_</c> and the base64 key, as Standard Webhooks gives it to the receiver.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation: deliveries carry its signature too until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTime? PreviousSecretUntil { get; set; }

    public bool Enabled { get; private set; } = true;

    /// <summary>Why it was switched off: by an administrator, or by the receiver answering 410 Gone.</summary>
    public string? DisabledReason { get; private set; }

    /// <summary>The sequence number the next delivery to this endpoint gets: receivers order and spot gaps with it.</summary>
    public long NextSequence { get; set; } = 1;

    public DateTime CreatedAt { get; init; }

    public DateTime? DisabledAt { get; private set; }

    public bool Accepts(string eventType) => EventTypes.Count == 0 || EventTypes.Contains(eventType);

    public void Disable(string reason, DateTime now)
    {
        Enabled = false;
        DisabledReason = reason;
        DisabledAt = now;
    }

    public void Enable()
    {
        Enabled = true;
        DisabledReason = null;
        DisabledAt = null;
    }

    /// <summary>A new secret; the old one keeps signing beside it for <paramref name="overlap"/>, so receivers can switch without a gap.</summary>
    public string Rotate(DateTime now, TimeSpan overlap)
    {
        PreviousSecret = Secret;
        PreviousSecretUntil = now + overlap;
        Secret = NewSecret();
        return Secret;
    }

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.HasIndex(e => new { e.TenantId, e.Enabled });
        builder.Property(e => e.Url).HasMaxLength(2000);
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.PrimitiveCollection(e => e.EventTypes).HasMaxLength(4000);
        builder.Property(e => e.Secret).HasMaxLength(100);
        builder.Property(e => e.PreviousSecret).HasMaxLength(100);
        builder.Property(e => e.DisabledReason).HasMaxLength(200);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
