using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Activities;

public enum ActivityKind
{
    Call,
    Visit,
    VideoDemo,
    Email,
    Meeting,
    DocumentView,
}

/// <summary>What a follow-up was about. The names are the subjects' GraphQL type names, which are also their global ids' prefixes.</summary>
public enum ActivitySubjectKind
{
    Lead,
    Account,
    Opportunity,
}

public enum ActivityOutcome
{
    Positive,
    Neutral,
    Negative,
    NoAnswer,
}

/// <summary>One follow-up with a customer: tagged from the tenant's catalog, summarized, and counted towards the subject's follow-up steps.</summary>
public sealed class Activity : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ActivityKind Kind { get; init; }

    public ActivitySubjectKind SubjectKind { get; init; }

    /// <summary>The key of the lead, account or opportunity followed up; which one <see cref="SubjectKind"/> says.</summary>
    public long SubjectId { get; init; }

    /// <summary>The subject's owner when the follow-up was logged: they see the activity even when someone else logged it.</summary>
    public long? SubjectOwnerId { get; init; }

    /// <summary>The member who followed up.</summary>
    public long MemberId { get; init; }

    /// <summary>The member's team when the follow-up was logged: the manager board it appears on.</summary>
    public long? TeamId { get; init; }

    public DateTime OccurredAt { get; init; }

    public int? DurationMinutes { get; init; }

    public ActivityOutcome? Outcome { get; init; }

    public string? Notes { get; init; }

    /// <summary>Codes of the catalog tags; at least one.</summary>
    public List<string> TagCodes { get; init; } = [];

    /// <summary>What the customer worried about, in their words.</summary>
    public List<string> Concerns { get; init; } = [];

    public string? NextStep { get; init; }

    public DateOnly? NextStepDueOn { get; init; }

    /// <summary>Generated when the follow-up was logged, so later renames of tags do not rewrite what a manager read.</summary>
    public required string Summary { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class ActivityConfiguration(SalesDbContext db) : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.ToTable("Activities");
        // A subject's trail, newest first; a team's board, newest first; a member's own follow-ups.
        builder.HasIndex(a => new { a.TenantId, a.SubjectKind, a.SubjectId, a.OccurredAt, a.Id });
        builder.HasIndex(a => new { a.TenantId, a.TeamId, a.OccurredAt, a.Id });
        // Kind after the time: a member's video demos in a period (视频演示频次) are counted from the index alone; outcome
        // and next step make it cover the behaviour clustering's per-rep follow-up figures too.
        builder.HasIndex(a => new { a.TenantId, a.MemberId, a.OccurredAt, a.Kind, a.Outcome, a.NextStep });
        // Did the same rep follow up the same subject soon after (clustering's technical-question answers): one seek, index only.
        builder.HasIndex(a => new { a.TenantId, a.MemberId, a.SubjectKind, a.SubjectId, a.OccurredAt });
        // Tenant-wide health metrics over a period read follow-ups by time alone; team and member make it cover the
        // follow-ups counted per contributor for 跟进标签覆盖率.
        builder.HasIndex(a => new { a.TenantId, a.OccurredAt, a.Kind, a.TeamId, a.MemberId });
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.SubjectKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Notes).HasMaxLength(ActivityRules.NotesMaxLength);
        builder.Property(a => a.NextStep).HasMaxLength(ActivityRules.NextStepMaxLength);
        builder.Property(a => a.Summary).HasMaxLength(2000);
        builder.PrimitiveCollection(a => a.TagCodes).HasMaxLength(1000);
        builder.PrimitiveCollection(a => a.Concerns).HasMaxLength(2000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.Restrict);
        // A follow-up is seen by those who see the member who made it, and by those who saw its subject's owner then.
        builder.HasQueryFilter(activity => activity.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(activity.MemberId)
                || (activity.SubjectOwnerId != null && db.VisibleOwnerIds.Contains(activity.SubjectOwnerId.Value))));
    }
}

public static class ActivityRules
{
    public const int NotesMaxLength = 2000;
    public const int NextStepMaxLength = 200;
    public const int ConcernMaxLength = 200;
    public const int MaxConcerns = 10;
    public const int MaxTags = 10;
    public const int MaxDurationMinutes = 24 * 60;

    /// <summary>A client's clock may run a little ahead of ours; beyond this an occurred-at is in the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
}
