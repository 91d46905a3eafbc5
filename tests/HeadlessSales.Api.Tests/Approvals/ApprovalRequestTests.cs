using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Organization;

namespace HeadlessSales.Api.Tests.Approvals;

/// <summary>Who may decide a step of a request, and how a decision moves it, on the entity.</summary>
public sealed class ApprovalRequestTests
{
    private const long Requester = 10;
    private const long TeamLead = 20;
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static ApprovalRequest Pending(ApproverRole role = ApproverRole.TeamLead, long? approverId = TeamLead) => new()
    {
        TenantId = 1,
        SubjectType = "Opportunity",
        SubjectId = 5,
        SubjectOwnerId = Requester,
        RequestedById = Requester,
        Status = ApprovalStatus.Pending,
        CurrentApproverRole = role,
        CurrentApproverId = approverId,
        RequestedAt = Now,
    };

    [Fact]
    public void Only_the_named_approver_decides_a_person_step()
    {
        var request = Pending();

        Assert.Null(request.RefusalOfDecider(TeamLead, MemberRole.TeamLead));
        Assert.IsType<SelfApprovalError>(request.RefusalOfDecider(Requester, MemberRole.TeamLead));
        Assert.Equal(ApproverRole.TeamLead, Assert.IsType<NotTheApproverError>(request.RefusalOfDecider(30, MemberRole.Admin)).Role);
        Assert.IsType<NotTheApproverError>(request.RefusalOfDecider(null, null));
    }

    [Fact]
    public void Any_member_of_the_role_decides_a_role_wide_step_but_not_their_own_request()
    {
        var request = Pending(ApproverRole.SalesOps, approverId: null);

        Assert.Null(request.RefusalOfDecider(30, MemberRole.SalesOps));
        Assert.IsType<NotTheApproverError>(request.RefusalOfDecider(30, MemberRole.Admin));
        Assert.IsType<SelfApprovalError>(request.RefusalOfDecider(Requester, MemberRole.SalesOps));
    }

    [Fact]
    public void An_approved_step_moves_to_the_next_and_the_decision_names_the_step_decided()
    {
        var request = Pending();

        var decision = request.DecisionOnCurrentStep(TeamLead, ApprovalOutcome.Approved, "fine", Now);
        request.MoveToStep(1, ApproverRole.Admin, null);

        Assert.Equal((0, ApproverRole.TeamLead, TeamLead, ApprovalOutcome.Approved, "fine"), (decision.Step, decision.Role, decision.DeciderId, decision.Outcome, decision.Comment));
        Assert.Equal((ApprovalStatus.Pending, 1, ApproverRole.Admin, (long?)null), (request.Status, request.CurrentStep, request.CurrentApproverRole, request.CurrentApproverId));
    }

    [Fact]
    public void The_last_approval_finishes_the_request_past_its_steps_and_a_rejection_where_it_stands()
    {
        var approved = Pending();
        approved.MoveToStep(1, ApproverRole.Admin, null);
        approved.Complete(ApprovalOutcome.Approved, stepCount: 2, Now);
        var rejected = Pending();
        rejected.Complete(ApprovalOutcome.Rejected, stepCount: 2, Now);

        Assert.Equal((ApprovalStatus.Approved, 2, (ApproverRole?)null, (long?)null, (DateTime?)Now), (approved.Status, approved.CurrentStep, approved.CurrentApproverRole, approved.CurrentApproverId, approved.CompletedAt));
        Assert.Equal((ApprovalStatus.Rejected, 0, (ApproverRole?)null, (long?)null, (DateTime?)Now), (rejected.Status, rejected.CurrentStep, rejected.CurrentApproverRole, rejected.CurrentApproverId, rejected.CompletedAt));
    }

    [Fact]
    public void A_finished_request_takes_no_decision_from_anyone()
    {
        var request = Pending();
        request.Complete(ApprovalOutcome.Rejected, stepCount: 1, Now);

        Assert.Equal(ApprovalStatus.Rejected, Assert.IsType<ApprovalAlreadyDecidedError>(request.RefusalOfDecider(TeamLead, MemberRole.TeamLead)).Status);
    }
}
