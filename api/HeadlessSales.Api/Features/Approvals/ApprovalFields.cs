using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>Approval requests through the API: asking, deciding, listing, and the live feed for approvers.</summary>
public sealed class ApprovalFields(ApprovalService approvals, IEventBus events) : IQueryFields, IMutationFields, ISubscriptionFields
{
    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<ApprovalRequestType>>>("approvalRequests")
            .Authorize(Scopes.SalesRead)
            .Description("Approval requests the caller may see (those of subjects they see, their own, and those they decide), newest first.")
            .PagingArguments()
            .Argument<ApprovalRequestFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var actor = ctx.Actor();
                var requests = ApprovalVisibility.Visible(db, actor).AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<ApprovalStatus>("statuses") is { } statuses)
                {
                    requests = requests.Where(r => statuses.Contains(r.Status));
                }

                if (filter.List<string>("subjectIds") is { } subjectIds)
                {
                    var keys = subjectIds.Select(id => GlobalId.TryDecode(id, out var type, out var key) ? $"{type}:{key}" : null).OfType<string>().ToList();
                    requests = requests.Where(r => keys.Contains(r.SubjectType + ":" + r.SubjectId.ToString()));
                }

                if (filter.Get<bool?>("awaitingMe") is true)
                {
                    var me = actor.MemberId;
                    var roleWide = actor.Role switch
                    {
                        Organization.MemberRole.SalesOps => (ApproverRole?)ApproverRole.SalesOps,
                        Organization.MemberRole.Admin => ApproverRole.Admin,
                        _ => null,
                    };
                    requests = requests.Where(r => r.Status == ApprovalStatus.Pending && r.RequestedById != me
                        && (r.CurrentApproverId == me || (r.CurrentApproverId == null && r.CurrentApproverRole == roleWide)));
                }

                var connection = await requests.ToConnectionAsync(SortOrder<ApprovalRequest>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<ApprovalPolicyType>>>("approvalPolicies")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's approval chains, by code.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.ApprovalPolicies.AsNoTracking()
                    .ToConnectionAsync(SortOrder<ApprovalPolicy>.By("code", p => p.Code), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
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

    void ISubscriptionFields.AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<ApprovalRequestedEventType>>("onApprovalRequested")
            .Authorize(Scopes.SalesRead)
            .Description("Approval steps that await the caller's decision: as the named approver, or as a member of a role-wide step's role.")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                return events.Observe<ApprovalRequested>(e => ApprovalVisibility.IsApprover(actor, e));
            });
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
