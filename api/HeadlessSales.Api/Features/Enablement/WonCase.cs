using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Enablement;

public enum WonCaseStatus
{
    /// <summary>Awaits a reviewer.</summary>
    Submitted,

    /// <summary>A reviewer sent it back with comments; its author resubmits a new version.</summary>
    Returned,

    /// <summary>In the library: the coach retrieves it.</summary>
    Approved,
}

public enum CaseReviewOutcome
{
    Approved,
    Returned,
}

/// <summary>What a case tells, as its author wrote it; each submission keeps a copy as a <see cref="WonCaseVersion"/>.</summary>
public sealed record WonCaseContent(
    string Title,
    string Industry,
    string? SubSegment,
    string CustomerBackground,
    string TurningPoints,
    string ContractTerms,
    IReadOnlyList<string> TalkTracks,
    IReadOnlyList<string> RiskTags,
    IReadOnlyList<long> RecordingDocumentIds);

/// <summary>
/// A won deal written up as a lesson: the customer's background, the turning points, the contract terms that closed it
/// and the talk tracks that worked. It points at the opportunity it came from (whose stage history and follow-ups stay
/// there) instead of copying it. One case per opportunity; the author resubmits after a return, which adds a version.
/// </summary>
public sealed class WonCase : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long OpportunityId { get; init; }

    public long AuthorId { get; init; }

    public required string Title { get; set; }

    public required string Industry { get; set; }

    public string? SubSegment { get; set; }

    public required string CustomerBackground { get; set; }

    public required string TurningPoints { get; set; }

    public required string ContractTerms { get; set; }

    public List<string> TalkTracks { get; set; } = [];

    /// <summary>Activity tag codes and risk words (价格疑虑, 竞品对比) the case overcame; the coach's risk hints come from them.</summary>
    public List<string> RiskTags { get; set; } = [];

    /// <summary>Call-recording excerpts: audio documents of the opportunity, by id.</summary>
    public List<long> RecordingDocumentIds { get; set; } = [];

    public WonCaseStatus Status { get; private set; }

    /// <summary>1 for the first submission; each resubmission after a return adds one.</summary>
    public int Version { get; private set; }

    public DateTime SubmittedAt { get; private set; }

    public DateTime? ApprovedAt { get; private set; }

    public static WonCase Submit(long tenantId, long opportunityId, long authorId, WonCaseContent content, DateTime at)
    {
        var wonCase = new WonCase
        {
            TenantId = tenantId,
            OpportunityId = opportunityId,
            AuthorId = authorId,
            Title = content.Title,
            Industry = content.Industry,
            CustomerBackground = content.CustomerBackground,
            TurningPoints = content.TurningPoints,
            ContractTerms = content.ContractTerms,
        };
        wonCase.Take(content, 1, at);
        return wonCase;
    }

    /// <summary>The content of the current version, as a version row keeps it.</summary>
    public WonCaseContent Content => new(Title, Industry, SubSegment, CustomerBackground, TurningPoints, ContractTerms, TalkTracks, RiskTags, RecordingDocumentIds);

    /// <summary>Why the member may not resubmit this case now, or null when they may.</summary>
    public UserError? RefusalOfResubmission(long? memberId) =>
        memberId != AuthorId ? new NotTheCaseAuthorError()
        : Status != WonCaseStatus.Returned ? new InvalidStateError($"Only a returned case is resubmitted; this one is {Status.ToString().ToUpperInvariant()}.")
        : null;

    public void Resubmit(WonCaseContent content, DateTime at) => Take(content, Version + 1, at);

    /// <summary>Why the member may not review this case now, or null when they may: nobody reviews their own case.</summary>
    public UserError? RefusalOfReviewer(long? memberId) =>
        memberId is null ? new InvalidStateError("A case is reviewed by a member of the quality team, not by an integration.")
        : memberId == AuthorId ? new SelfReviewError()
        : Status != WonCaseStatus.Submitted ? new CaseAlreadyReviewedError(Status)
        : null;

    public void Review(CaseReviewOutcome outcome, DateTime at)
    {
        Status = outcome == CaseReviewOutcome.Approved ? WonCaseStatus.Approved : WonCaseStatus.Returned;
        ApprovedAt = outcome == CaseReviewOutcome.Approved ? at : null;
    }

    private void Take(WonCaseContent content, int version, DateTime at)
    {
        Title = content.Title;
        Industry = content.Industry;
        SubSegment = content.SubSegment;
        CustomerBackground = content.CustomerBackground;
        TurningPoints = content.TurningPoints;
        ContractTerms = content.ContractTerms;
        TalkTracks = [.. content.TalkTracks];
        RiskTags = [.. content.RiskTags];
        RecordingDocumentIds = [.. content.RecordingDocumentIds];
        Status = WonCaseStatus.Submitted;
        Version = version;
        SubmittedAt = at;
    }
}

/// <summary>One submitted version of a case as it was reviewed: kept so that a return's comments read against what they were about.</summary>
public sealed class WonCaseVersion : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long CaseId { get; init; }

    public int Version { get; init; }

    public required string Title { get; init; }

    public required string Industry { get; init; }

    public string? SubSegment { get; init; }

    public required string CustomerBackground { get; init; }

    public required string TurningPoints { get; init; }

    public required string ContractTerms { get; init; }

    public List<string> TalkTracks { get; init; } = [];

    public List<string> RiskTags { get; init; } = [];

    public DateTime SubmittedAt { get; init; }

    public CaseReviewOutcome? Outcome { get; private set; }

    public long? ReviewerId { get; private set; }

    public string? ReviewComment { get; private set; }

    public DateTime? ReviewedAt { get; private set; }

    public static WonCaseVersion Of(WonCase wonCase) => new()
    {
        TenantId = wonCase.TenantId,
        CaseId = wonCase.Id,
        Version = wonCase.Version,
        Title = wonCase.Title,
        Industry = wonCase.Industry,
        SubSegment = wonCase.SubSegment,
        CustomerBackground = wonCase.CustomerBackground,
        TurningPoints = wonCase.TurningPoints,
        ContractTerms = wonCase.ContractTerms,
        TalkTracks = [.. wonCase.TalkTracks],
        RiskTags = [.. wonCase.RiskTags],
        SubmittedAt = wonCase.SubmittedAt,
    };

    public void Record(CaseReviewOutcome outcome, long reviewerId, string? comment, DateTime at)
    {
        Outcome = outcome;
        ReviewerId = reviewerId;
        ReviewComment = comment;
        ReviewedAt = at;
    }
}

public static class WonCaseRules
{
    public const int TitleMaxLength = 200;
    public const int IndustryMaxLength = 64;
    public const int TextMaxLength = 4000;
    public const int TalkTrackMaxLength = 500;
    public const int MaxTalkTracks = 10;
    public const int TagMaxLength = 32;
    public const int MaxTags = 20;
    public const int MaxRecordings = 10;
    public const int CommentMaxLength = 1000;
}

public sealed record NotTheCaseAuthorError() : UserError("Only the case's author resubmits it.", "NOT_THE_CASE_AUTHOR");

public sealed record SelfReviewError() : UserError("Nobody reviews their own case.", "SELF_REVIEW");

public sealed record CaseAlreadyReviewedError(WonCaseStatus Status) : UserError($"The case is {Status.ToString().ToUpperInvariant()}; only a submitted case is reviewed.", "CASE_ALREADY_REVIEWED");

internal sealed class WonCaseConfiguration : IEntityTypeConfiguration<WonCase>
{
    public void Configure(EntityTypeBuilder<WonCase> builder)
    {
        builder.ToTable("WonCases");
        // One case per opportunity: a second submission is refused, also when two race.
        builder.HasIndex(c => new { c.TenantId, c.OpportunityId }).IsUnique();
        builder.HasIndex(c => new { c.TenantId, c.Status, c.Id });
        builder.HasIndex(c => new { c.TenantId, c.AuthorId });
        builder.Property(c => c.Title).HasMaxLength(WonCaseRules.TitleMaxLength);
        builder.Property(c => c.Industry).HasMaxLength(WonCaseRules.IndustryMaxLength);
        builder.Property(c => c.SubSegment).HasMaxLength(WonCaseRules.IndustryMaxLength);
        builder.Property(c => c.CustomerBackground).HasMaxLength(WonCaseRules.TextMaxLength);
        builder.Property(c => c.TurningPoints).HasMaxLength(WonCaseRules.TextMaxLength);
        builder.Property(c => c.ContractTerms).HasMaxLength(WonCaseRules.TextMaxLength);
        builder.PrimitiveCollection(c => c.TalkTracks).HasMaxLength(8000);
        builder.PrimitiveCollection(c => c.RiskTags).HasMaxLength(1000);
        builder.PrimitiveCollection(c => c.RecordingDocumentIds).HasMaxLength(400);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
        // Two reviews at once: the second finds the status moved and is refused.
        builder.Property(c => c.Status).IsConcurrencyToken();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WonCaseVersionConfiguration : IEntityTypeConfiguration<WonCaseVersion>
{
    public void Configure(EntityTypeBuilder<WonCaseVersion> builder)
    {
        builder.ToTable("WonCaseVersions");
        builder.HasIndex(v => new { v.TenantId, v.CaseId, v.Version }).IsUnique();
        builder.Property(v => v.Title).HasMaxLength(WonCaseRules.TitleMaxLength);
        builder.Property(v => v.Industry).HasMaxLength(WonCaseRules.IndustryMaxLength);
        builder.Property(v => v.SubSegment).HasMaxLength(WonCaseRules.IndustryMaxLength);
        builder.Property(v => v.CustomerBackground).HasMaxLength(WonCaseRules.TextMaxLength);
        builder.Property(v => v.TurningPoints).HasMaxLength(WonCaseRules.TextMaxLength);
        builder.Property(v => v.ContractTerms).HasMaxLength(WonCaseRules.TextMaxLength);
        builder.PrimitiveCollection(v => v.TalkTracks).HasMaxLength(8000);
        builder.PrimitiveCollection(v => v.RiskTags).HasMaxLength(1000);
        builder.Property(v => v.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.ReviewComment).HasMaxLength(WonCaseRules.CommentMaxLength);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WonCase>().WithMany().HasForeignKey(v => v.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(v => v.ReviewerId).OnDelete(DeleteBehavior.Restrict);
    }
}
