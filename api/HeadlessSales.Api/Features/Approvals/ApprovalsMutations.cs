using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>Asking for approval and deciding a step through the API.</summary>
public sealed class ApprovalsMutations(ApprovalService approvals) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RequestApprovalPayloadType>>("requestApproval")
            .Authorize(Scopes.SalesWrite)
            .Description("Asks for approval of a subject (an opportunity or a contract) under a policy; the first step's approver is told through onApprovalRequested.")
            .Argument<NonNullGraphType<RequestApprovalInputType>>("input")
            .ResolveAsync(async ctx => await RequestAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ApproveRequestPayloadType>>("approveRequest")
            .Authorize(Scopes.SalesWrite)
            .Description("Approves the current step of a request the caller decides; the last step's approval finishes it as APPROVED.")
            .Argument<NonNullGraphType<DecideApprovalInputType>>("input")
            .ResolveAsync(async ctx => await DecideAsync(ctx, ctx.GetInput(), ApprovalOutcome.Approved));

        mutation.Field<NonNullGraphType<RejectRequestPayloadType>>("rejectRequest")
            .Authorize(Scopes.SalesWrite)
            .Description("Rejects the current step of a request the caller decides, with a comment; the request finishes as REJECTED.")
            .Argument<NonNullGraphType<DecideApprovalInputType>>("input")
            .ResolveAsync(async ctx => await DecideAsync(ctx, ctx.GetInput(), ApprovalOutcome.Rejected));
    }

    private async Task<MutationPayload<ApprovalRequest>> RequestAsync(IResolveFieldContext ctx, InputFields input)
    {
        var subjectId = input.Get<string>("subjectId") ?? string.Empty;
        var policyCode = input.RequiredText("policyCode", 32);
        var comment = input.OptionalText("comment", ApprovalService.CommentMaxLength);
        if (!GlobalId.TryDecode(subjectId, out var type, out var key) || approvals.SubjectOfType(type) is null)
        {
            input.NotFound("subjectId");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var result = await approvals.RequestAsync(db, ctx.Actor(), policyCode!, type, key, comment, ctx.CancellationToken);
        return result.Error is { } error ? MutationPayload.Failure(error) : MutationPayload.Success(result.Request!);
    }

    private async Task<MutationPayload<ApprovalRequest>> DecideAsync(IResolveFieldContext ctx, InputFields input, ApprovalOutcome outcome)
    {
        await using var db = ctx.Database();
        var actor = ctx.Actor();
        var id = input.Id("id", "ApprovalRequest");
        var request = id is null ? null : await ApprovalVisibility.Visible(db, actor).FirstOrDefaultAsync(r => r.Id == id, ctx.CancellationToken);
        if (request is null)
        {
            return input.NotFoundPayload("id");
        }

        var comment = outcome == ApprovalOutcome.Rejected
            ? input.RequiredText("comment", ApprovalService.CommentMaxLength)
            : input.OptionalText("comment", ApprovalService.CommentMaxLength);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var result = await approvals.DecideAsync(db, actor, request, outcome, comment, ctx.CancellationToken);
        return result.Error is { } error ? MutationPayload.Failure(error) : MutationPayload.Success(result.Request!);
    }
}
