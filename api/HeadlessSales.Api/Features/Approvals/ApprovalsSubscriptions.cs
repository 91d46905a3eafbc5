using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>The live feed of approval steps for their approvers.</summary>
public sealed class ApprovalsSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
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
}
