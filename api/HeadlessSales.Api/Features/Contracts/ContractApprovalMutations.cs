using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Contracts;

public enum ContractApprovalOutcome
{
    Approved,
    Rejected,
}

public sealed class ContractApprovalOutcomeType : EnumerationGraphType<ContractApprovalOutcome>
{
    public ContractApprovalOutcomeType() => Name = "ContractApprovalOutcome";
}

/// <summary>Nobody approves a contract approval they asked for themselves.</summary>
public sealed record ContractSelfApprovalError() : UserError("Nobody decides the approval of a contract they asked to approve.", "SELF_APPROVAL");

public sealed class ContractSelfApprovalErrorType : UserErrorType<ContractSelfApprovalError>
{
    public ContractSelfApprovalErrorType() : base("ContractSelfApprovalError", "The caller asked for this approval and so cannot decide it.")
    {
    }
}

public sealed class RequestContractApprovalInputType : InputObjectGraphType
{
    public RequestContractApprovalInputType()
    {
        Name = "RequestContractApprovalInput";
        Field<NonNullGraphType<IdGraphType>>("contractId");
    }
}

public sealed class DecideContractApprovalInputType : InputObjectGraphType
{
    public DecideContractApprovalInputType()
    {
        Name = "DecideContractApprovalInput";
        Field<NonNullGraphType<IdGraphType>>("contractId");
        Field<NonNullGraphType<ContractApprovalOutcomeType>>("outcome");
        Field<StringGraphType>("comment").Description("Required when rejecting; at most 1000 characters.");
    }
}

public sealed class RequestContractApprovalErrorType() : MutationErrorUnion("requestContractApproval", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class DecideContractApprovalErrorType() : MutationErrorUnion("decideContractApproval",
    typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(ContractSelfApprovalErrorType));

public sealed class RequestContractApprovalPayloadType() : PayloadType<ContractType, RequestContractApprovalErrorType>("requestContractApproval", "contract");

public sealed class DecideContractApprovalPayloadType() : PayloadType<ContractType, DecideContractApprovalErrorType>("decideContractApproval", "contract");

/// <summary>
/// The contract's online approval, one step by a manager, sales ops or an admin. A stand-in for the
/// pipeline's generic multi-step approvals, which were not on main when contracts were built (see NOTES).
/// </summary>
public sealed class ContractApprovalMutations(TimeProvider clock) : IMutationFields
{
    private static readonly MemberRole[] Approvers = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RequestContractApprovalPayloadType>>("requestContractApproval")
            .Authorize(Scopes.SalesWrite)
            .Description("Asks for the contract's approval; again after a rejection.")
            .Argument<NonNullGraphType<RequestContractApprovalInputType>>("input")
            .ResolveAsync(async ctx => await RequestAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<DecideContractApprovalPayloadType>>("decideContractApproval")
            .Authorize(Scopes.SalesWrite, Approvers)
            .Description("Approves or rejects (with a comment) a pending contract approval. Team leads, region managers, sales ops and admins who see the contract; never the member who asked.")
            .Argument<NonNullGraphType<DecideContractApprovalInputType>>("input")
            .ResolveAsync(async ctx => await DecideAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload> RequestAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("contractId", "Contract");
        var contract = id is null ? null : await db.Contracts.FirstOrDefaultAsync(c => c.Id == id, ctx.CancellationToken);
        if (contract is null)
        {
            return input.NotFoundPayload("contractId");
        }

        if (contract.ApprovalStatus is not (ContractApprovalStatus.NotRequested or ContractApprovalStatus.Rejected))
        {
            return MutationPayload.Failure(new InvalidStateError($"The contract's approval is already {contract.ApprovalStatus.ToString().ToUpperInvariant()}."));
        }

        var actor = ctx.Actor();
        contract.ApprovalStatus = ContractApprovalStatus.Pending;
        contract.ApprovalRequestedById = actor.Kind == ActorKind.Member ? actor.MemberId : null;
        contract.ApprovalDecidedById = null;
        contract.ApprovalDecidedAt = null;
        contract.ApprovalComment = null;
        contract.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return MutationPayload.Failure(new InvalidStateError("The contract's approval changed meanwhile; read it again."));
        }

        return MutationPayload.Success(contract);
    }

    private async Task<MutationPayload> DecideAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var outcome = input.Get<ContractApprovalOutcome>("outcome");
        var comment = input.OptionalText("comment", 1000);
        if (outcome == ContractApprovalOutcome.Rejected && comment is null && input.IsValid)
        {
            input.Invalid("comment", "A rejection needs a `comment` saying why.");
        }

        var id = input.Id("contractId", "Contract");
        var contract = id is null ? null : await db.Contracts.FirstOrDefaultAsync(c => c.Id == id, ctx.CancellationToken);
        if (contract is null)
        {
            return input.NotFoundPayload("contractId");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var actor = ctx.Actor();
        if (actor.Kind != ActorKind.Member)
        {
            return MutationPayload.Failure(new InvalidStateError("A contract approval is decided by a member, not by an integration."));
        }

        if (contract.ApprovalStatus != ContractApprovalStatus.Pending)
        {
            return MutationPayload.Failure(new InvalidStateError($"The contract's approval is {contract.ApprovalStatus.ToString().ToUpperInvariant()}, not pending; a finished approval takes no second decision."));
        }

        if (contract.ApprovalRequestedById == actor.MemberId)
        {
            return MutationPayload.Failure(new ContractSelfApprovalError());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        contract.ApprovalStatus = outcome == ContractApprovalOutcome.Approved ? ContractApprovalStatus.Approved : ContractApprovalStatus.Rejected;
        contract.ApprovalDecidedById = actor.MemberId;
        contract.ApprovalDecidedAt = now;
        contract.ApprovalComment = comment;
        contract.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return MutationPayload.Failure(new InvalidStateError("Another approver decided first; a finished approval takes no second decision."));
        }

        return MutationPayload.Success(contract);
    }
}
