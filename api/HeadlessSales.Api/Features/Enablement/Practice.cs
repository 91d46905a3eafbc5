using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// A practice exercise ("answer a manufacturing customer's price objection in a 2-minute video"): the prompt, the longest
/// recording it takes, and the rubric a reviewer scores it against (each criterion 1 to 5). The tenant's own.
/// </summary>
public sealed class PracticeTask : ITenantOwned
{
    public const int TitleMaxLength = 200;
    public const int PromptMaxLength = 2000;
    public const int MaxCriteria = 10;
    public const int CriterionMaxLength = 200;
    public const int MaxScore = 5;

    /// <summary>The recording media types a practice takes; each is also checked against the file's leading bytes.</summary>
    public static readonly string[] RecordingTypes = ["video/mp4", "video/webm", "audio/mp4", "audio/webm"];

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Title { get; init; }

    /// <summary>Null: for every industry.</summary>
    public string? Industry { get; init; }

    public required string Prompt { get; init; }

    public int MaxDurationSeconds { get; init; }

    public List<string> Rubric { get; init; } = [];

    public DateTime CreatedAt { get; init; }
}

public enum PracticeStatus
{
    Submitted,
    Scored,
}

/// <summary>A member's recording for a practice task, its length as read from the file, and the reviewer's scores.</summary>
public sealed class PracticeSubmission : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long TaskId { get; init; }

    public long MemberId { get; init; }

    public required string ContentType { get; init; }

    public required string StorageKey { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>Read from the container header (MP4 mvhd, WebM Info), not from the client.</summary>
    public double DurationSeconds { get; init; }

    public DateTime SubmittedAt { get; init; }

    public PracticeStatus Status { get; private set; }

    /// <summary>One score per rubric criterion, in the rubric's order.</summary>
    public List<int> Scores { get; private set; } = [];

    public long? ReviewerId { get; private set; }

    public string? ReviewComment { get; private set; }

    public DateTime? ScoredAt { get; private set; }

    /// <summary>The scores' mean, on the rubric's 1–5 scale; null until scored.</summary>
    public double? Score => Scores.Count == 0 ? null : Scores.Average();

    public UserError? RefusalOfReviewer(long? memberId) =>
        memberId is null ? new InvalidStateError("A practice is scored by a reviewer, not by an integration.")
        : memberId == MemberId ? new InvalidStateError("Nobody scores their own practice.")
        : Status != PracticeStatus.Submitted ? new InvalidStateError("The practice is scored already.")
        : null;

    public void RecordScores(IReadOnlyList<int> scores, long reviewerId, string? comment, DateTime at)
    {
        Scores = [.. scores];
        ReviewerId = reviewerId;
        ReviewComment = comment;
        ScoredAt = at;
        Status = PracticeStatus.Scored;
    }
}

/// <summary>Who sees a practice: whoever sees its member's records, and the quality team (reviewers) who score it.</summary>
public static class PracticeVisibility
{
    public static IQueryable<PracticeSubmission> Visible(SalesDbContext db, Infrastructure.Tenancy.Actor actor)
    {
        if (db.SeesWholeTenant || WonCaseVisibility.IsReviewer(actor))
        {
            return db.PracticeSubmissions;
        }

        var owners = db.VisibleOwnerIds;
        return db.PracticeSubmissions.Where(s => owners.Contains(s.MemberId));
    }
}

/// <summary>The recording's length, read from its header, is missing or outside what the task takes.</summary>
public sealed record PracticeRecordingError(string Message, double? DurationSeconds, int MaxDurationSeconds) : UserError(Message, "INVALID_RECORDING");

internal sealed class PracticeTaskConfiguration : IEntityTypeConfiguration<PracticeTask>
{
    public void Configure(EntityTypeBuilder<PracticeTask> builder)
    {
        builder.ToTable("PracticeTasks");
        builder.Property(t => t.Title).HasMaxLength(PracticeTask.TitleMaxLength);
        builder.Property(t => t.Industry).HasMaxLength(Member.IndustryMaxLength);
        builder.Property(t => t.Prompt).HasMaxLength(PracticeTask.PromptMaxLength);
        builder.PrimitiveCollection(t => t.Rubric).HasMaxLength(4000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PracticeSubmissionConfiguration : IEntityTypeConfiguration<PracticeSubmission>
{
    public void Configure(EntityTypeBuilder<PracticeSubmission> builder)
    {
        builder.ToTable("PracticeSubmissions");
        builder.HasIndex(s => new { s.TenantId, s.MemberId, s.TaskId });
        builder.Property(s => s.ContentType).HasMaxLength(100);
        builder.Property(s => s.StorageKey).HasMaxLength(200);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
        // Two reviewers at once: the second finds the status moved and is refused.
        builder.Property(s => s.Status).IsConcurrencyToken();
        builder.PrimitiveCollection(s => s.Scores).HasMaxLength(200);
        builder.Property(s => s.ReviewComment).HasMaxLength(1000);
        builder.Ignore(s => s.Score);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PracticeTask>().WithMany().HasForeignKey(s => s.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.ReviewerId).OnDelete(DeleteBehavior.Restrict);
    }
}
