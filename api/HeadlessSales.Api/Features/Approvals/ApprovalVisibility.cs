using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>
/// Who sees an approval request: whoever sees its subject's owner's records, the requester, and the
/// approvers (current, or who decided a step).
/// </summary>
public static class ApprovalVisibility
{
    public static IQueryable<ApprovalRequest> Visible(SalesDbContext db, Actor actor)
    {
        if (db.SeesWholeTenant)
        {
            return db.ApprovalRequests;
        }

        var owners = db.VisibleOwnerIds;
        var me = actor.MemberId;
        return db.ApprovalRequests.Where(r => owners.Contains(r.SubjectOwnerId)
            || (me != null && (r.RequestedById == me || r.CurrentApproverId == me || db.Set<ApprovalDecision>().Any(d => d.RequestId == r.Id && d.DeciderId == me))));
    }

    /// <summary>Whether a member is asked to decide the step of <paramref name="requested"/>.</summary>
    public static bool IsApprover(Actor actor, ApprovalRequested requested) =>
        actor.TenantId == requested.TenantId && actor.MemberId is { } me && me != requested.RequestedById
        && (requested.ApproverId is { } approver
            ? approver == me
            : actor.Role == (requested.Role == ApproverRole.SalesOps ? MemberRole.SalesOps : MemberRole.Admin));
}
