using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>
/// A kind of object that can be approved. Each module registers one for its type (opportunities here,
/// contracts later) so that <c>requestApproval</c> and <see cref="ApprovalService"/> stay generic.
/// </summary>
public interface IApprovalSubject
{
    /// <summary>The GraphQL type name, which is also the global id's type prefix.</summary>
    string TypeName { get; }

    /// <summary>The owner of the subject, or null when it does not exist or the context's caller cannot see it.</summary>
    Task<long?> OwnerOfAsync(SalesDbContext db, long subjectId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs just before a new request is saved, in the same unit of work: the subject may refuse to be asked (it is
    /// already approved, say) or record that it is pending. Subjects without a state of their own need nothing here.
    /// </summary>
    Task<UserError?> OnRequestingAsync(SalesDbContext db, long subjectId, CancellationToken cancellationToken) => Task.FromResult<UserError?>(null);
}

/// <summary>Runs inside the transaction that finishes a request, so that the subject's own change commits with the decision.</summary>
public interface IApprovalCompletionHandler
{
    string SubjectType { get; }

    Task OnCompletedAsync(SalesDbContext db, ApprovalRequest request, ApprovalOutcome outcome, CancellationToken cancellationToken);
}

public sealed record SelfApprovalError() : UserError("Nobody approves their own request.", "SELF_APPROVAL");

public sealed record NotTheApproverError(ApproverRole Role) : UserError($"The current step of this request is decided by its {Role} approver, not by the caller.", "NOT_THE_APPROVER");

public sealed record ApprovalAlreadyDecidedError(ApprovalStatus Status) : UserError($"The request is already {Status.ToString().ToUpperInvariant()}; a finished request takes no more decisions.", "APPROVAL_ALREADY_DECIDED");

/// <summary>What a request or a decision came to: the request, or why there is none.</summary>
public sealed record ApprovalResult(ApprovalRequest? Request, UserError? Error)
{
    public static ApprovalResult Failed(UserError error) => new(null, error);
}

/// <summary>
/// Requests and decisions for any subject type. Each call saves its own changes (and any pending ones of
/// the given context) and publishes its events after that commit.
/// </summary>
public sealed class ApprovalService(TimeProvider clock, IEnumerable<IApprovalSubject> subjects, IEnumerable<IApprovalCompletionHandler> completionHandlers)
{
    public const int CommentMaxLength = 1000;

    public IApprovalSubject? SubjectOfType(string typeName) => subjects.FirstOrDefault(s => s.TypeName == typeName);

    /// <summary>Asks for approval of a subject under the policy <paramref name="policyCode"/>.</summary>
    public async Task<ApprovalResult> RequestAsync(SalesDbContext db, Actor actor, string policyCode, string subjectType, long subjectId, string? comment, CancellationToken cancellationToken)
    {
        var subject = SubjectOfType(subjectType);
        var ownerId = subject is null ? null : await subject.OwnerOfAsync(db, subjectId, cancellationToken);
        if (ownerId is null)
        {
            return ApprovalResult.Failed(new NotFoundError("input.subjectId", HeadlessSales.Api.GraphQL.Relay.GlobalId.Encode(subjectType, subjectId)));
        }

        var policy = await db.ApprovalPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Code == policyCode, cancellationToken);
        if (policy is null)
        {
            return ApprovalResult.Failed(new ValidationError("input.policyCode", $"There is no approval policy '{policyCode}'."));
        }

        if (await db.ApprovalRequests.AnyAsync(r => r.SubjectType == subjectType && r.SubjectId == subjectId && r.PolicyId == policy.Id && r.Status == ApprovalStatus.Pending, cancellationToken))
        {
            return ApprovalResult.Failed(new InvalidStateError($"A {policy.Code} request for this {subjectType} is already pending."));
        }

        // Every person-step must have somebody, and nobody may be asked to approve their own request.
        var approvers = new List<long?>();
        foreach (var (role, step) in policy.Steps.Select((role, step) => (role, step)))
        {
            var approver = await ApproverOfAsync(db, role, ownerId.Value, cancellationToken);
            if (approver is null && role is ApproverRole.TeamLead or ApproverRole.RegionManager)
            {
                return ApprovalResult.Failed(new InvalidStateError($"Step {step + 1} of {policy.Code} goes to the owner's {role}, and there is none."));
            }

            if (approver is not null && approver == actor.MemberId)
            {
                return ApprovalResult.Failed(new SelfApprovalError());
            }

            approvers.Add(approver);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var request = new ApprovalRequest
        {
            TenantId = actor.TenantId,
            PolicyId = policy.Id,
            SubjectType = subjectType,
            SubjectId = subjectId,
            SubjectOwnerId = ownerId.Value,
            RequestedById = actor.MemberId,
            Comment = comment,
            Status = ApprovalStatus.Pending,
            CurrentStep = 0,
            CurrentApproverRole = policy.Steps[0],
            CurrentApproverId = approvers[0],
            RequestedAt = now,
        };
        if (await subject!.OnRequestingAsync(db, subjectId, cancellationToken) is { } refused)
        {
            return ApprovalResult.Failed(refused);
        }

        db.ApprovalRequests.Add(request);
        // Built at the save: the request has its key by then.
        db.Journal(() => new ApprovalRequested(request.TenantId, request.Id, 0, policy.Steps[0], approvers[0], request.RequestedById, subjectType, subjectId, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The subject's own state moved meanwhile (another request for it, say): nothing was saved.
            db.ChangeTracker.Clear();
            return ApprovalResult.Failed(new InvalidStateError($"This {subjectType} changed meanwhile; reload it and ask again."));
        }

        return new ApprovalResult(request, null);
    }

    /// <summary>Approves or rejects the current step of a request the caller can see.</summary>
    public async Task<ApprovalResult> DecideAsync(SalesDbContext db, Actor actor, ApprovalRequest request, ApprovalOutcome outcome, string? comment, CancellationToken cancellationToken)
    {
        if (request.RefusalOfDecider(actor.MemberId, actor.Role) is { } refusal)
        {
            return ApprovalResult.Failed(refusal);
        }

        var policy = await db.ApprovalPolicies.AsNoTracking().FirstAsync(p => p.Id == request.PolicyId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ApprovalDecisions.Add(request.DecisionOnCurrentStep(actor.MemberId!.Value, outcome, comment, now));
        ApprovalRequested? next = null;
        if (outcome == ApprovalOutcome.Approved && request.CurrentStep + 1 < policy.Steps.Count)
        {
            var step = request.CurrentStep + 1;
            request.MoveToStep(step, policy.Steps[step], await ApproverOfAsync(db, policy.Steps[step], request.SubjectOwnerId, cancellationToken));
            next = new ApprovalRequested(request.TenantId, request.Id, request.CurrentStep, request.CurrentApproverRole!.Value, request.CurrentApproverId, request.RequestedById, request.SubjectType, request.SubjectId, now);
        }
        else
        {
            request.Complete(outcome, policy.Steps.Count, now);
            foreach (var handler in completionHandlers.Where(h => h.SubjectType == request.SubjectType))
            {
                await handler.OnCompletedAsync(db, request, outcome, cancellationToken);
            }
        }

        db.Journal(next is not null
            ? next
            : new ApprovalCompleted(request.TenantId, request.Id, policy.Code, request.SubjectType, request.SubjectId, outcome, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrency conflict or the unique (request, step) index: somebody decided this step first.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var status = await db.ApprovalRequests.AsNoTracking().Where(r => r.Id == request.Id).Select(r => r.Status).FirstAsync(CancellationToken.None);
            return ApprovalResult.Failed(status == ApprovalStatus.Pending
                ? new InvalidStateError("Somebody decided this step meanwhile; reload the request.")
                : new ApprovalAlreadyDecidedError(status));
        }

        await transaction.CommitAsync(cancellationToken);

        return new ApprovalResult(request, null);
    }

    /// <summary>The person a role means for the owner's place in the org tree; null for the role-wide SALES_OPS and ADMIN steps.</summary>
    private static async Task<long?> ApproverOfAsync(SalesDbContext db, ApproverRole role, long ownerId, CancellationToken cancellationToken)
    {
        if (role is ApproverRole.SalesOps or ApproverRole.Admin)
        {
            return null;
        }

        var owner = await db.Members.AsNoTracking().Where(m => m.Id == ownerId).Select(m => new { m.TeamId, m.RegionId }).FirstAsync(cancellationToken);
        var team = owner.TeamId is { } teamId ? await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken) : null;
        if (role == ApproverRole.TeamLead)
        {
            return team?.LeadId;
        }

        var regionId = team?.RegionId ?? owner.RegionId;
        return regionId is null ? null : await db.Regions.AsNoTracking().Where(r => r.Id == regionId).Select(r => r.ManagerId).FirstOrDefaultAsync(cancellationToken);
    }
}
