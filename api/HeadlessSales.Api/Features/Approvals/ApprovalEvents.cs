using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>A step of a request is waiting for a decision: sent to its approver, or to everyone with its role.</summary>
public sealed record ApprovalRequested(long TenantId, long RequestId, int Step, ApproverRole Role, long? ApproverId, long? RequestedById, string SubjectType, long SubjectId, DateTime OccurredAt) : IDomainEvent;

/// <summary>A request was finally approved (its last step) or rejected (any step).</summary>
public sealed record ApprovalCompleted(long TenantId, long RequestId, string PolicyCode, string SubjectType, long SubjectId, ApprovalOutcome Outcome, DateTime OccurredAt) : IDomainEvent;
