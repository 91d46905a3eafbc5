using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Infrastructure.Events;

/// <summary>
/// One committed domain event, kept for the retention window: the outbox webhooks deliver from, the feed offline
/// integrations catch up from, and what rules react to. Written in the transaction of the change it records.
/// </summary>
public sealed class JournalEntry : ITenantOwned
{
    /// <summary>The position: gap-free and in commit order (see <see cref="JournalCounter"/>), so "after P" misses nothing.</summary>
    public long Id { get; init; }

    public long TenantId { get; init; }

    /// <summary>The stable public name, e.g. <c>lead.assigned</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The global id of the record the event is about, as the GraphQL API names it; null for tenant-wide events.</summary>
    public string? SubjectId { get; init; }

    /// <summary>The event as JSON (camelCase).</summary>
    public required string Payload { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>When it was committed, by the server's clock: what retention counts from.</summary>
    public DateTime RecordedAt { get; init; }
}

/// <summary>
/// The last position given out. Positions are taken by an UPDATE of this one row in the writing transaction, whose
/// row lock holds until the commit: journaling transactions take their positions in commit order, and a rolled-back
/// one gives its positions back. A reader that sees position P has therefore seen every position below it.
/// </summary>
public sealed class JournalCounter
{
    public const long SingleRow = 1;

    public long Id { get; init; }

    public long Last { get; init; }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("JournalEntries");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => new { e.TenantId, e.Id });
        builder.HasIndex(e => new { e.TenantId, e.Type, e.Id });
        builder.HasIndex(e => e.RecordedAt);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.SubjectId).HasMaxLength(128);
        builder.Property(e => e.Payload).Metadata.SetMaxLength(null);
    }
}

internal sealed class JournalCounterConfiguration : IEntityTypeConfiguration<JournalCounter>
{
    public void Configure(EntityTypeBuilder<JournalCounter> builder)
    {
        builder.ToTable("JournalCounters");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasData(new JournalCounter { Id = JournalCounter.SingleRow, Last = 0 });
    }
}
