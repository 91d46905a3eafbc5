using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Insights.Segmentation;

/// <summary>
/// The sub-segment's talk tracks and approved won cases, pushed to an account's owner when a suggested sub-segment was
/// accepted: the owner's list of playbooks to read (<c>segmentPlaybooks</c>). Copied when pushed, so later edits of a case
/// do not rewrite what the owner was given.
/// </summary>
public sealed class SegmentPlaybookPush : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long AccountId { get; init; }

    /// <summary>The account's owner when it was pushed: the one it is for.</summary>
    public long? OwnerId { get; init; }

    public required string SubSegment { get; init; }

    /// <summary>The approved won cases of the sub-segment, newest first.</summary>
    public List<long> CaseIds { get; init; } = [];

    /// <summary>The cases' talk tracks, in the cases' order, each once.</summary>
    public List<string> TalkTracks { get; init; } = [];

    /// <summary>Who accepted the suggestion; null for an integration.</summary>
    public long? AcceptedById { get; init; }

    public DateTime PushedAt { get; init; }
}

/// <summary>Built with the context: a push is seen by those who see its owner's records, as the account is.</summary>
internal sealed class SegmentPlaybookPushConfiguration(SalesDbContext db) : IEntityTypeConfiguration<SegmentPlaybookPush>
{
    public void Configure(EntityTypeBuilder<SegmentPlaybookPush> builder)
    {
        builder.ToTable("SegmentPlaybookPushes");
        builder.HasIndex(p => new { p.TenantId, p.OwnerId, p.Id });
        builder.Property(p => p.SubSegment).HasMaxLength(SegmentLexicon.SubSegmentMaxLength);
        builder.PrimitiveCollection(p => p.CaseIds).HasMaxLength(2000);
        builder.PrimitiveCollection(p => p.TalkTracks).HasMaxLength(8000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.AcceptedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(push => push.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || (push.OwnerId != null && db.VisibleOwnerIds.Contains(push.OwnerId.Value))));
    }
}

public static class SegmentationDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<SegmentKeyword> SegmentKeywords => db.Set<SegmentKeyword>();
        public DbSet<SegmentPlaybookPush> SegmentPlaybookPushes => db.Set<SegmentPlaybookPush>();
    }
}
