using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Tenancy;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Contracts;

/// <summary>
/// Contracts are approved online through the generic approvals: <c>requestApproval</c> with the contract's id and a
/// policy (the demo tenant's <c>CONTRACT_REVIEW</c>: team lead → region manager → sales ops), decided step by step
/// with <c>approveRequest</c> / <c>rejectRequest</c>. The contract keeps the outcome in its approval status.
/// </summary>
public sealed class ContractApprovalSubject : IApprovalSubject
{
    public const string Type = "Contract";

    public string TypeName => Type;

    public async Task<long?> OwnerOfAsync(SalesDbContext db, long subjectId, CancellationToken cancellationToken) =>
        await db.Contracts.Where(c => c.Id == subjectId).Select(c => (long?)c.OwnerId).FirstOrDefaultAsync(cancellationToken);

    public async Task<UserError?> OnRequestingAsync(SalesDbContext db, long subjectId, CancellationToken cancellationToken)
    {
        var contract = await db.Contracts.FirstAsync(c => c.Id == subjectId, cancellationToken);
        if (contract.ApprovalStatus is ContractApprovalStatus.Pending or ContractApprovalStatus.Approved)
        {
            return new InvalidStateError($"The contract is already {contract.ApprovalStatus.ToString().ToUpperInvariant()}; only a contract never asked or rejected is asked again.");
        }

        contract.ApprovalStatus = ContractApprovalStatus.Pending;
        return null;
    }
}

/// <summary>A finished request sets the contract's approval status in the decision's own transaction.</summary>
public sealed class ContractApprovalCompletion(TimeProvider clock) : IApprovalCompletionHandler
{
    public string SubjectType => ContractApprovalSubject.Type;

    public async Task OnCompletedAsync(SalesDbContext db, ApprovalRequest request, ApprovalOutcome outcome, CancellationToken cancellationToken)
    {
        // The last approver may not see the contract row by row (a role-wide step), but decides it all the same.
        var contract = await db.Contracts.IgnoreQueryFilters().FirstAsync(c => c.Id == request.SubjectId && c.TenantId == request.TenantId, cancellationToken);
        contract.ApprovalStatus = outcome == ApprovalOutcome.Approved ? ContractApprovalStatus.Approved : ContractApprovalStatus.Rejected;
        contract.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }
}

public sealed class ApprovalRequestsByContractIdDataLoader(SalesDbContextFactory databases, CurrentActor actor)
    : ApprovalRequestsBySubjectIdDataLoader(databases, actor, ContractApprovalSubject.Type);
