using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>
/// A milestone that pays the opportunity's owner once its evidence is on file: the document kinds that must be on the
/// opportunity (a kind needing the customer's signature counts only once signed) and the amount. The tenant's own.
/// </summary>
public sealed class MilestoneRewardRule : ITenantOwned
{
    public const string Currency = "CNY";

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; init; }

    public List<string> RequiredDocumentKinds { get; init; } = [];

    public decimal Amount { get; init; }

    /// <summary>A claim of this rule waits for a manager's approval before it counts.</summary>
    public bool RequiresApproval { get; init; }

    public DateTime CreatedAt { get; init; }

    public Money Reward => new(Amount, Currency);
}

internal sealed class MilestoneRewardRuleConfiguration(SalesDbContext db) : IEntityTypeConfiguration<MilestoneRewardRule>
{
    public void Configure(EntityTypeBuilder<MilestoneRewardRule> builder)
    {
        builder.ToTable("MilestoneRewardRules");
        builder.HasIndex(r => new { r.TenantId, r.Name }).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.RequiredDocumentKinds).HasMaxLength(1000);
        builder.Property(r => r.Amount).HasPrecision(18, 2);
        builder.Ignore(r => r.Reward);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(rule => rule.TenantId == db.CurrentTenantId);
    }
}

/// <summary>Where an entry that needed approval stands; an entry that needed none has no approval and counts at once.</summary>
public enum IncentiveEntryApproval
{
    Pending,
    Approved,
    Rejected,
}

public enum IncentiveEntryKind
{
    MilestoneReward,
    Reversal,

    /// <summary>Paid by the signing rhythm (Insights) for a contract signed inside the tenant's mid-month window.</summary>
    RhythmBonus,

    /// <summary>Contribution points (Enablement) for a won case the quality team approved, to its author.</summary>
    CaseApproved,

    /// <summary>Contribution points (Enablement) to a case's author when another rep was coached with it on an opportunity since won.</summary>
    CoachedWin,

    /// <summary>Contribution points (Enablement) spent on a catalog reward, held from the request; a rejection reverses it.</summary>
    Redemption,

    /// <summary>Points or an incentive amount an automation rule's AWARD action gave (Automation), once per rule and event.</summary>
    RuleAward,
}

/// <summary>
/// One line of a member's incentive ledger. Append-only: a mistake is undone by a reversal, a new entry of the opposite
/// amount that names the original, never by an edit. Seen as the member's records are.
/// </summary>
public sealed class IncentiveEntry : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public IncentiveEntryKind Kind { get; init; }

    public required string Reason { get; init; }

    /// <summary>The rule paid; a reversal keeps its original's, so the unique index allows one reversal per reward.</summary>
    public long? RuleId { get; init; }

    public long? OpportunityId { get; init; }

    public long? ReversesEntryId { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>Who recorded it, as the audit log names actors.</summary>
    public required string RecordedBy { get; init; }

    /// <summary>
    /// Null when the entry needed no approval. The one thing that changes on an entry: its amount, member and reason never
    /// do, so the ledger stays append-only in what it pays; a rejected entry stays as the record of the refused claim.
    /// </summary>
    public IncentiveEntryApproval? Approval { get; private set; }

    public long? DecidedById { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    /// <summary>Whether the entry is in the balance: it needed no approval or was approved.</summary>
    public bool Counts => Approval is null or IncentiveEntryApproval.Approved;

    public Money Money => new(Amount, Currency);

    /// <summary>Why the member may not decide this entry now, or null when they may: nobody decides their own.</summary>
    public UserError? RefusalOfDecider(long? memberId) =>
        memberId is null ? new InvalidStateError("A reward is approved by a manager, not by an integration.")
        : memberId == MemberId ? new InvalidStateError("Nobody approves their own reward.")
        : Approval != IncentiveEntryApproval.Pending ? new InvalidStateError(Approval is null ? "The entry needs no approval." : $"The entry is {Approval.ToString()!.ToUpperInvariant()} already.")
        : null;

    public void Decide(bool approved, long deciderId, DateTime at)
    {
        Approval = approved ? IncentiveEntryApproval.Approved : IncentiveEntryApproval.Rejected;
        DecidedById = deciderId;
        DecidedAt = at;
    }

    /// <summary>The ledger's unit for contribution points: they share the ledger with the money incentives and never add up with them.</summary>
    public const string Points = "PTS";

    public static IncentiveEntry MilestoneReward(MilestoneRewardRule rule, Opportunity opportunity, string recordedBy, DateTime at) => new()
    {
        TenantId = rule.TenantId,
        MemberId = opportunity.OwnerId,
        Amount = rule.Amount,
        Currency = MilestoneRewardRule.Currency,
        Kind = IncentiveEntryKind.MilestoneReward,
        Reason = rule.Name,
        RuleId = rule.Id,
        OpportunityId = opportunity.Id,
        OccurredAt = at,
        RecordedBy = recordedBy,
        Approval = rule.RequiresApproval ? IncentiveEntryApproval.Pending : null,
    };

    /// <summary>The seam the signing rhythm pays through: a share of a signed contract's amount, to its owner.</summary>
    public static IncentiveEntry RhythmBonus(long tenantId, long memberId, long opportunityId, Money bonus, string reason, DateTime at) => new()
    {
        TenantId = tenantId,
        MemberId = memberId,
        Amount = bonus.Amount,
        Currency = bonus.Currency,
        Kind = IncentiveEntryKind.RhythmBonus,
        Reason = reason,
        OpportunityId = opportunityId,
        OccurredAt = at,
        RecordedBy = "system:signing-rhythm",
    };

    /// <summary>The seam contribution points are earned and spent through: an amount of points (negative when spent) for a member.</summary>
    public static IncentiveEntry ContributionPoints(long tenantId, long memberId, IncentiveEntryKind kind, int points, string reason, long? opportunityId, string recordedBy, DateTime at) => new()
    {
        TenantId = tenantId,
        MemberId = memberId,
        Amount = points,
        Currency = Points,
        Kind = kind,
        Reason = reason,
        OpportunityId = opportunityId,
        OccurredAt = at,
        RecordedBy = recordedBy,
    };

    /// <summary>
    /// The seam automation rules award through: points (<see cref="Points"/>) or an amount of money for a member, with a
    /// reason naming the rule and the event. The rule's run log keeps it to one entry per rule and event.
    /// </summary>
    public static IncentiveEntry RuleAward(long tenantId, long memberId, Money award, string reason, long? opportunityId, string recordedBy, DateTime at) => new()
    {
        TenantId = tenantId,
        MemberId = memberId,
        Amount = award.Amount,
        Currency = award.Currency,
        Kind = IncentiveEntryKind.RuleAward,
        Reason = reason.Length > 500 ? reason[..500] : reason,
        OpportunityId = opportunityId,
        OccurredAt = at,
        RecordedBy = recordedBy,
    };

    public IncentiveEntry Reverse(string reason, string recordedBy, DateTime at) => new()
    {
        TenantId = TenantId,
        MemberId = MemberId,
        Amount = -Amount,
        Currency = Currency,
        Kind = IncentiveEntryKind.Reversal,
        Reason = reason,
        RuleId = RuleId,
        OpportunityId = OpportunityId,
        ReversesEntryId = Id,
        OccurredAt = at,
        RecordedBy = recordedBy,
    };
}

internal sealed class IncentiveEntryConfiguration(SalesDbContext db) : IEntityTypeConfiguration<IncentiveEntry>
{
    public void Configure(EntityTypeBuilder<IncentiveEntry> builder)
    {
        builder.ToTable("IncentiveEntries");
        // Paid at most once per rule and opportunity (and reversed at most once): a concurrent second claim hits the index.
        builder.HasIndex(e => new { e.TenantId, e.RuleId, e.OpportunityId, e.Kind }).IsUnique();
        builder.HasIndex(e => e.ReversesEntryId).IsUnique();
        builder.HasIndex(e => new { e.TenantId, e.MemberId, e.OccurredAt });
        builder.Property(e => e.Amount).HasPrecision(18, 2);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.Property(e => e.RecordedBy).HasMaxLength(100);
        // A concurrency token: of two managers deciding at once, the second finds the entry changed.
        builder.Property(e => e.Approval).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        builder.Ignore(e => e.Counts);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.DecidedById).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(e => e.Money);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MilestoneRewardRule>().WithMany().HasForeignKey(e => e.RuleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(e => e.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IncentiveEntry>().WithMany().HasForeignKey(e => e.ReversesEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(entry => entry.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(entry.MemberId)));
    }
}

/// <summary>The rule's evidence is not all on the opportunity; names each missing document kind.</summary>
public sealed record MilestoneEvidenceMissingError(IReadOnlyList<string> MissingDocumentKinds)
    : UserError($"The milestone's evidence is not all on the opportunity; missing: {string.Join(", ", MissingDocumentKinds)}.", "MILESTONE_EVIDENCE_MISSING");
