using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Integration;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its next attempt (or for its endpoint to be enabled again).</summary>
    Pending,
    Delivered,

    /// <summary>Dead-lettered: retried for the whole retry period, or refused for good (410 Gone). A replay sends it again.</summary>
    Failed,
}

/// <summary>
/// One journal entry owed to one endpoint: the message (its id, body and sequence are fixed when it is created, so every
/// attempt sends the same <c>webhook-id</c> and body) and the state of its attempts. Claimed like a durable timer, so
/// exactly one node sends each attempt, and a node that dies mid-attempt leaves it to another after the lease.
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long EndpointId { get; init; }

    /// <summary>The journal position of the event.</summary>
    public long Position { get; init; }

    public required string EventType { get; init; }

    /// <summary>The <c>webhook-id</c>: the same on every attempt and replay, so receivers deduplicate by it.</summary>
    public required string MessageId { get; init; }

    public long Sequence { get; init; }

    public required string Body { get; init; }

    public DateTime OccurredAt { get; init; }

    public DateTime CreatedAt { get; init; }

    public WebhookDeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public Guid? ClaimToken { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Sends it again from the start, with the same message id: by hand, from the log or the dead letters.</summary>
    public void Replay(DateTime now)
    {
        Status = WebhookDeliveryStatus.Pending;
        NextAttemptAt = now;
        ClaimToken = null;
        ClaimedUntil = null;
    }
}

/// <summary>How far the fan-out from the journal to deliveries has got: one row, locked while a node fans out.</summary>
public sealed class WebhookFanOutCursor
{
    public const long SingleRow = 1;

    public long Id { get; init; }

    public long Position { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        // The sender's query: pending deliveries by due time, across tenants.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.TenantId, d.EndpointId, d.Id });
        builder.HasIndex(d => new { d.EndpointId, d.Position }).IsUnique();
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.MessageId).HasMaxLength(64);
        builder.Property(d => d.Body).Metadata.SetMaxLength(null);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookFanOutCursorConfiguration : IEntityTypeConfiguration<WebhookFanOutCursor>
{
    public void Configure(EntityTypeBuilder<WebhookFanOutCursor> builder)
    {
        builder.ToTable("WebhookFanOutCursors");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasData(new WebhookFanOutCursor { Id = WebhookFanOutCursor.SingleRow, Position = 0 });
    }
}

public static class IntegrationDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<WebhookEndpoint> WebhookEndpoints => db.Set<WebhookEndpoint>();
        public DbSet<WebhookDelivery> WebhookDeliveries => db.Set<WebhookDelivery>();
    }
}
