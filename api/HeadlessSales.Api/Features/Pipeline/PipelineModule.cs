using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Pipeline;

public static class PipelineModule
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, PipelineQueries>();
        services.AddSingleton<IMutationFields, OpportunityMutations>();
        services.AddSingleton<IMutationFields, PipelineConfigurationMutations>();
        services.AddSingleton<ApprovalFields>();
        services.AddSingleton<IQueryFields>(sp => sp.GetRequiredService<ApprovalFields>());
        services.AddSingleton<IMutationFields>(sp => sp.GetRequiredService<ApprovalFields>());
        services.AddSingleton<ISubscriptionFields>(sp => sp.GetRequiredService<ApprovalFields>());
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<IApprovalSubject, OpportunityApprovalSubject>();
        services.AddSingleton<StageGateChecker>();
        services.AddSingleton<IStageEvidence, DocumentStageEvidence>();

        services.AddScoped<StagesByPipelineIdDataLoader>();
        services.AddScoped<StageEntriesByOpportunityIdDataLoader>();
        services.AddScoped<ApprovalDecisionsByRequestIdDataLoader>();
        services.AddScoped<ApprovalRequestsByOpportunityIdDataLoader>();

        services.AddNode<OpportunityType, Opportunity, OpportunityByIdDataLoader>();
        services.AddNode<SalesPipelineType, SalesPipeline, SalesPipelineByIdDataLoader>();
        services.AddNode<PipelineStageType, PipelineStage, PipelineStageByIdDataLoader>();
        services.AddNode<ApprovalRequestType, ApprovalRequest, ApprovalRequestByIdDataLoader>();
        services.AddNode<ApprovalPolicyType, ApprovalPolicy, ApprovalPolicyByIdDataLoader>();
        return services;
    }
}
