using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>Approval requests and policies through the API: listing what the caller may see.</summary>
public sealed class ApprovalsQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
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
}

public sealed class ApprovalRequestFilterType : InputObjectGraphType
{
    public ApprovalRequestFilterType()
    {
        Name = "ApprovalRequestFilter";
        Field<ListGraphType<NonNullGraphType<ApprovalStatusType>>>("statuses");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("subjectIds");
        Field<BooleanGraphType>("awaitingMe").Description("Only pending requests whose current step the caller decides.");
    }
}
