using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Approvals;

/// <summary>
/// Multi-step approvals of any subject: a module makes its records approvable with an <see cref="IApprovalSubject"/>
/// and reacts to outcomes with an <see cref="IApprovalCompletionHandler"/>.
/// </summary>
public static class ApprovalsModule
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddSingleton<ApprovalFields>();
        services.AddSingleton<IQueryFields>(sp => sp.GetRequiredService<ApprovalFields>());
        services.AddSingleton<IMutationFields>(sp => sp.GetRequiredService<ApprovalFields>());
        services.AddSingleton<ISubscriptionFields>(sp => sp.GetRequiredService<ApprovalFields>());
        services.AddSingleton<ApprovalService>();

        services.AddScoped<ApprovalRequestByIdDataLoader>();
        services.AddScoped<ApprovalPolicyByIdDataLoader>();
        services.AddScoped<ApprovalDecisionsByRequestIdDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<ApprovalRequestByIdDataLoader, ApprovalRequest>("ApprovalRequest"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ApprovalPolicyByIdDataLoader, ApprovalPolicy>("ApprovalPolicy"));
        return services;
    }
}
