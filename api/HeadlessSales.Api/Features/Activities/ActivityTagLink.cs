using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>
/// One tag on one follow-up, as a row: a copy of an entry of <see cref="Activity.TagCodes"/> with the follow-up's time
/// and who made it, written with the follow-up. 跟进标签覆盖率 counts these by one index range instead of unpacking the
/// tags (JSON on SQLite and SQL Server, an array on PostgreSQL) of every follow-up in the period. Follow-ups are never
/// edited, so the rows never change.
/// </summary>
public sealed class ActivityTagLink : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long ActivityId { get; init; }

    public required string TagCode { get; init; }

    /// <summary>The follow-up's <see cref="Activity.OccurredAt"/>, <see cref="Activity.MemberId"/> and <see cref="Activity.TeamId"/>.</summary>
    public DateTime OccurredAt { get; init; }

    public long MemberId { get; init; }

    public long? TeamId { get; init; }

    /// <summary>The rows of a stored follow-up (its key given), one per distinct tag.</summary>
    public static IEnumerable<ActivityTagLink> Of(Activity activity) => activity.TagCodes.Distinct().Select(code => new ActivityTagLink
    {
        TenantId = activity.TenantId,
        ActivityId = activity.Id,
        TagCode = code,
        OccurredAt = activity.OccurredAt,
        MemberId = activity.MemberId,
        TeamId = activity.TeamId,
    });

    /// <summary>
    /// Writes the rows of the tenant's follow-ups that have none, for data stored without them (the demo seed, hand-built
    /// test rows). Reads the follow-ups into memory: for small data only; the migration fills existing databases in SQL.
    /// </summary>
    public static async Task AddMissingAsync(SalesDbContext db, long tenantId, CancellationToken cancellationToken)
    {
        var missing = await db.Activities.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.TenantId == tenantId && !db.Set<ActivityTagLink>().IgnoreQueryFilters().Any(l => l.TenantId == tenantId && l.ActivityId == a.Id))
            .ToListAsync(cancellationToken);
        db.ActivityTagLinks.AddRange(missing.SelectMany(Of));
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal sealed class ActivityTagLinkConfiguration : IEntityTypeConfiguration<ActivityTagLink>
{
    public void Configure(EntityTypeBuilder<ActivityTagLink> builder)
    {
        builder.ToTable("ActivityTagLinks");
        // 跟进标签覆盖率 over a period: the range, the tag and the contributor are all in the index, so no row is read.
        builder.HasIndex(l => new { l.TenantId, l.OccurredAt, l.TagCode, l.TeamId, l.MemberId, l.ActivityId });
        builder.HasIndex(l => new { l.ActivityId, l.TagCode }).IsUnique();
        // A few tags over a period per member (behaviour clustering's technical questions, competitor and price shares):
        // only those tags' rows are read, not every tag of the period.
        builder.HasIndex(l => new { l.TenantId, l.TagCode, l.OccurredAt, l.MemberId, l.ActivityId });
        builder.Property(l => l.TagCode).HasMaxLength(ActivityTagRules.CodeMaxLength);
        builder.HasOne<Activity>().WithMany().HasForeignKey(l => l.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}
