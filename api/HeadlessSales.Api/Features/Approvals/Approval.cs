using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>Who decides one step of an approval chain, as a place in the org structure of the subject's owner.</summary>
public enum ApproverRole
{
    /// <summary>The lead of the owner's team.</summary>
    TeamLead,

    /// <summary>The manager of the owner's region.</summary>
    RegionManager,

    /// <summary>Any sales ops member of the tenant.</summary>
    SalesOps,

    /// <summary>Any admin of the tenant.</summary>
    Admin,
}

public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
}

public enum ApprovalOutcome
{
    Approved,
    Rejected,
}

/// <summary>A tenant's named approval chain: ordered steps, each decided by a role.</summary>
public sealed class ApprovalPolicy : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Unique within the tenant, e.g. <c>QUOTATION_REVIEW</c>; gates and other modules name policies by it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<ApproverRole> Steps { get; set; } = [];

    public DateTime CreatedAt { get; init; }
}

public static class ApprovalPolicyRules
{
    public const int MaxSteps = 10;
}

/// <summary>
/// One request for approval of a subject (an opportunity now, a contract later) under a policy, walking
/// its steps in order until one rejects or the last approves.
/// </summary>
public sealed class ApprovalRequest : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long PolicyId { get; init; }

    /// <summary>The subject's GraphQL type name, e.g. <c>Opportunity</c>: with <see cref="SubjectId"/> its global id.</summary>
    public required string SubjectType { get; init; }

    public long SubjectId { get; init; }

    /// <summary>The subject's owner when requested: approvers are found from their team and region, and visibility follows them.</summary>
    public long SubjectOwnerId { get; init; }

    /// <summary>The member who asked; null for an integration.</summary>
    public long? RequestedById { get; init; }

    public string? Comment { get; init; }

    public ApprovalStatus Status { get; set; }

    /// <summary>Index of the step awaiting a decision; the number of steps once approved.</summary>
    public int CurrentStep { get; set; }

    public ApproverRole? CurrentApproverRole { get; set; }

    /// <summary>The person who decides the current step; null for a role-wide step (sales ops, admin), which any member of the role decides.</summary>
    public long? CurrentApproverId { get; set; }

    public DateTime RequestedAt { get; init; }

    public DateTime? CompletedAt { get; set; }

    // The state changes of a request. The service finds the approvers (they need the org tree) and saves; the status
    // and the concurrency tokens (Status, CurrentStep) change only here.

    /// <summary>Why the member may not decide the current step, or null when they may.</summary>
    public UserError? RefusalOfDecider(long? memberId, MemberRole? memberRole)
    {
        if (Status != ApprovalStatus.Pending)
        {
            return new ApprovalAlreadyDecidedError(Status);
        }

        if (memberId is null || memberId == RequestedById)
        {
            return memberId is null ? new NotTheApproverError(CurrentApproverRole!.Value) : new SelfApprovalError();
        }

        var role = CurrentApproverRole!.Value;
        var mayDecide = CurrentApproverId is { } approver
            ? approver == memberId
            : memberRole == (role == ApproverRole.SalesOps ? MemberRole.SalesOps : MemberRole.Admin);
        return mayDecide ? null : new NotTheApproverError(role);
    }

    /// <summary>The decision of <paramref name="deciderId"/> on the current step; the request itself moves by <see cref="MoveToStep"/> or <see cref="Complete"/>.</summary>
    public ApprovalDecision DecisionOnCurrentStep(long deciderId, ApprovalOutcome outcome, string? comment, DateTime at) => new()
    {
        TenantId = TenantId,
        RequestId = Id,
        Step = CurrentStep,
        Role = CurrentApproverRole!.Value,
        DeciderId = deciderId,
        Outcome = outcome,
        Comment = comment,
        DecidedAt = at,
    };

    /// <summary>The current step was approved and <paramref name="step"/> follows, decided by <paramref name="approverId"/> (null: anyone with the role).</summary>
    public void MoveToStep(int step, ApproverRole role, long? approverId)
    {
        CurrentStep = step;
        CurrentApproverRole = role;
        CurrentApproverId = approverId;
    }

    /// <summary>Finished: approved at the last of <paramref name="stepCount"/> steps, or rejected at the current one.</summary>
    public void Complete(ApprovalOutcome outcome, int stepCount, DateTime at)
    {
        Status = outcome == ApprovalOutcome.Approved ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        CurrentStep = outcome == ApprovalOutcome.Approved ? stepCount : CurrentStep;
        CurrentApproverRole = null;
        CurrentApproverId = null;
        CompletedAt = at;
    }
}

/// <summary>A decision on one step of a request.</summary>
public sealed class ApprovalDecision : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long RequestId { get; init; }

    public int Step { get; init; }

    public ApproverRole Role { get; init; }

    public long DeciderId { get; init; }

    public ApprovalOutcome Outcome { get; init; }

    public string? Comment { get; init; }

    public DateTime DecidedAt { get; init; }
}

internal sealed class ApprovalPolicyConfiguration : IEntityTypeConfiguration<ApprovalPolicy>
{
    public void Configure(EntityTypeBuilder<ApprovalPolicy> builder)
    {
        builder.ToTable("ApprovalPolicies");
        builder.HasIndex(p => new { p.TenantId, p.Code }).IsUnique();
        builder.Property(p => p.Code).HasMaxLength(32);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.PrimitiveCollection(p => p.Steps).HasMaxLength(400);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> builder)
    {
        builder.ToTable("ApprovalRequests");
        builder.HasIndex(r => new { r.TenantId, r.SubjectType, r.SubjectId, r.PolicyId });
        builder.HasIndex(r => new { r.TenantId, r.CurrentApproverId, r.Status });
        builder.HasIndex(r => new { r.TenantId, r.RequestedAt, r.Id });
        builder.Property(r => r.SubjectType).HasMaxLength(64);
        builder.Property(r => r.Comment).HasMaxLength(1000);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.CurrentApproverRole).HasConversion<string>().HasMaxLength(32);
        // Two decisions at once on one step: the second finds the step moved on and is refused.
        builder.Property(r => r.Status).IsConcurrencyToken();
        builder.Property(r => r.CurrentStep).IsConcurrencyToken();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApprovalPolicy>().WithMany().HasForeignKey(r => r.PolicyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.SubjectOwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.RequestedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.CurrentApproverId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApprovalDecisionConfiguration : IEntityTypeConfiguration<ApprovalDecision>
{
    public void Configure(EntityTypeBuilder<ApprovalDecision> builder)
    {
        builder.ToTable("ApprovalDecisions");
        builder.HasIndex(d => new { d.TenantId, d.RequestId, d.Step }).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.DeciderId });
        builder.Property(d => d.Role).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Comment).HasMaxLength(1000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApprovalRequest>().WithMany().HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(d => d.DeciderId).OnDelete(DeleteBehavior.Restrict);
    }
}
