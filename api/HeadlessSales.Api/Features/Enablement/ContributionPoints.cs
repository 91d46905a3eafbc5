using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>What a contribution earns, in points: the tenant's own; a tenant without a row earns the defaults.</summary>
public sealed class ContributionSettings : ITenantOwned
{
    public const int DefaultApprovalPoints = 50;
    public const int DefaultCoachedWinPoints = 30;
    public const int MaxPoints = 10_000;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Paid to a case's author when the quality team approves it.</summary>
    public int ApprovalPoints { get; set; } = DefaultApprovalPoints;

    /// <summary>Paid to a case's author when another rep was coached with the case on an opportunity that was then won.</summary>
    public int CoachedWinPoints { get; set; } = DefaultCoachedWinPoints;

    /// <summary>How many of a month's top reps owe a case; null: <see cref="ObligationTopShare"/> decides.</summary>
    public int? ObligationTopCount { get; set; }

    /// <summary>Share of the month's ranked reps (those with a win) who owe a case, rounded down, at least one; as attribution's top group.</summary>
    public double ObligationTopShare { get; set; } = 0.2;

    /// <summary>The day (1–28) of the next month a month's case is due; null: at that month's end.</summary>
    public int? ObligationDueDay { get; set; }

    /// <summary>Days before the due date the reminder lands.</summary>
    public int ObligationReminderDays { get; set; } = 3;

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// The coach returned this case for this opportunity to this rep: the evidence a later win of the opportunity pays the
/// case's author for. One row per case and opportunity (the first rep coached with it); paid once.
/// </summary>
public sealed class CaseCoachingUse : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long CaseId { get; init; }

    public long OpportunityId { get; init; }

    /// <summary>The rep who asked the coach.</summary>
    public long MemberId { get; init; }

    public DateTime CoachedAt { get; init; }

    /// <summary>When the opportunity's win paid the case's author; null until then (or forever, when the author coached themselves).</summary>
    public DateTime? PaidAt { get; private set; }

    public void MarkPaid(DateTime at) => PaidAt = at;
}

public enum RewardKind
{
    /// <summary>A course, a book, a conference seat.</summary>
    TrainingResource,

    /// <summary>Paid leave, in days.</summary>
    LeaveDays,
}

/// <summary>Something points buy, the tenant's own, kept by sales ops.</summary>
public sealed class RewardCatalogItem : ITenantOwned
{
    public const int NameMaxLength = 200;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; init; }

    public RewardKind Kind { get; init; }

    public int Points { get; init; }

    public DateTime CreatedAt { get; init; }
}

public enum RedemptionStatus
{
    /// <summary>The points are held (debited) and a manager decides.</summary>
    Requested,

    Approved,

    /// <summary>Refused; the held points came back as a reversal.</summary>
    Rejected,
}

/// <summary>
/// A member's request to spend points on a catalog reward. The points leave the ledger at the request (so that two
/// requests never spend the same points) and come back by a reversal if it is rejected. <see cref="Sequence"/> numbers a
/// member's redemptions; its unique index is what serializes two concurrent redemptions of one member.
/// </summary>
public sealed class PointsRedemption : ITenantOwned
{
    public const int CommentMaxLength = 500;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    public int Sequence { get; init; }

    public long ItemId { get; init; }

    public int Quantity { get; init; }

    public int Points { get; init; }

    public RedemptionStatus Status { get; private set; }

    /// <summary>The ledger entry that took the points.</summary>
    public long? EntryId { get; set; }

    public DateTime RequestedAt { get; init; }

    public long? DeciderId { get; private set; }

    public string? DecisionComment { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    /// <summary>Why the member may not decide this redemption now, or null when they may: nobody decides their own.</summary>
    public UserError? RefusalOfDecider(long? memberId) =>
        memberId is null ? new InvalidStateError("A redemption is decided by a manager, not by an integration.")
        : memberId == MemberId ? new InvalidStateError("Nobody decides their own redemption.")
        : Status != RedemptionStatus.Requested ? new InvalidStateError($"The redemption is {Status.ToString().ToUpperInvariant()} already.")
        : null;

    public void Decide(bool approved, long deciderId, string? comment, DateTime at)
    {
        Status = approved ? RedemptionStatus.Approved : RedemptionStatus.Rejected;
        DeciderId = deciderId;
        DecisionComment = comment;
        DecidedAt = at;
    }
}

/// <summary>The member's points cannot pay for the redemption; says how many they hold.</summary>
public sealed record InsufficientPointsError(int Balance, int Cost)
    : UserError($"The redemption costs {Cost} points; the balance is {Balance}.", "INSUFFICIENT_POINTS");

internal sealed class ContributionSettingsConfiguration : IEntityTypeConfiguration<ContributionSettings>
{
    public void Configure(EntityTypeBuilder<ContributionSettings> builder)
    {
        builder.ToTable("ContributionSettings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseCoachingUseConfiguration(SalesDbContext db) : IEntityTypeConfiguration<CaseCoachingUse>
{
    public void Configure(EntityTypeBuilder<CaseCoachingUse> builder)
    {
        builder.ToTable("CaseCoachingUses");
        builder.HasIndex(u => new { u.TenantId, u.CaseId, u.OpportunityId }).IsUnique();
        builder.HasIndex(u => new { u.TenantId, u.OpportunityId });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WonCase>().WithMany().HasForeignKey(u => u.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(u => u.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(u => u.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(use => use.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(use.MemberId)));
    }
}

internal sealed class RewardCatalogItemConfiguration : IEntityTypeConfiguration<RewardCatalogItem>
{
    public void Configure(EntityTypeBuilder<RewardCatalogItem> builder)
    {
        builder.ToTable("RewardCatalogItems");
        builder.HasIndex(i => new { i.TenantId, i.Name }).IsUnique();
        builder.Property(i => i.Name).HasMaxLength(RewardCatalogItem.NameMaxLength);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsRedemptionConfiguration(SalesDbContext db) : IEntityTypeConfiguration<PointsRedemption>
{
    public void Configure(EntityTypeBuilder<PointsRedemption> builder)
    {
        builder.ToTable("PointsRedemptions");
        // Two redemptions of one member racing both take the next number; the second is refused and tries again.
        builder.HasIndex(r => new { r.TenantId, r.MemberId, r.Sequence }).IsUnique();
        builder.HasIndex(r => new { r.TenantId, r.Status, r.Id });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        // Two decisions at once: the second finds the status moved and is refused.
        builder.Property(r => r.Status).IsConcurrencyToken();
        builder.Property(r => r.DecisionComment).HasMaxLength(PointsRedemption.CommentMaxLength);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.DeciderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<RewardCatalogItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IncentiveEntry>().WithMany().HasForeignKey(r => r.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(redemption => redemption.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(redemption.MemberId)));
    }
}
