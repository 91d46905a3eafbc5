using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>
/// Multi-step approvals of any subject: a module makes its records approvable with an <see cref="IApprovalSubject"/>
/// and reacts to outcomes with an <see cref="IApprovalCompletionHandler"/>.
/// </summary>
public static class ApprovalsModule
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ApprovalsQueries>();
        services.AddSingleton<IMutationFields, ApprovalsMutations>();
        services.AddSingleton<ISubscriptionFields, ApprovalsSubscriptions>();
        services.AddSingleton<ApprovalService>();

        services.AddScoped<ApprovalDecisionsByRequestIdDataLoader>();

        services.AddNode<ApprovalRequestType, ApprovalRequest, ApprovalRequestByIdDataLoader>();
        services.AddJournaledEvent<ApprovalRequested>("approval.requested", e => JournaledEventType.Subject("ApprovalRequest", e.RequestId));
        services.AddJournaledEvent<ApprovalCompleted>("approval.completed", e => JournaledEventType.Subject("ApprovalRequest", e.RequestId));
        services.AddNode<ApprovalPolicyType, ApprovalPolicy, ApprovalPolicyByIdDataLoader>();
        return services;
    }
}
