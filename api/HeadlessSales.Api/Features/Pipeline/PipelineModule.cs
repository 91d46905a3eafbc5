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

        services.AddScoped<OpportunityByIdDataLoader>();
        services.AddScoped<SalesPipelineByIdDataLoader>();
        services.AddScoped<PipelineStageByIdDataLoader>();
        services.AddScoped<StagesByPipelineIdDataLoader>();
        services.AddScoped<StageEntriesByOpportunityIdDataLoader>();
        services.AddScoped<ApprovalRequestByIdDataLoader>();
        services.AddScoped<ApprovalPolicyByIdDataLoader>();
        services.AddScoped<ApprovalDecisionsByRequestIdDataLoader>();
        services.AddScoped<ApprovalRequestsByOpportunityIdDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<OpportunityByIdDataLoader, Opportunity>("Opportunity"));
        services.AddSingleton<INodeLoader>(new NodeLoader<SalesPipelineByIdDataLoader, SalesPipeline>("SalesPipeline"));
        services.AddSingleton<INodeLoader>(new NodeLoader<PipelineStageByIdDataLoader, PipelineStage>("PipelineStage"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ApprovalRequestByIdDataLoader, ApprovalRequest>("ApprovalRequest"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ApprovalPolicyByIdDataLoader, ApprovalPolicy>("ApprovalPolicy"));
        return services;
    }
}
