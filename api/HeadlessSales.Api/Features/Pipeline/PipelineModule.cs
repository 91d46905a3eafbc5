using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Leads;
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
        services.AddSingleton<IApprovalSubject, OpportunityApprovalSubject>();
        services.AddSingleton<StageGateChecker>();
        services.AddTypeFields<LeadType, LeadConversionFields>();

        services.AddScoped<OpportunityByIdDataLoader>();
        services.AddScoped<SalesPipelineByIdDataLoader>();
        services.AddScoped<PipelineStageByIdDataLoader>();
        services.AddScoped<StagesByPipelineIdDataLoader>();
        services.AddScoped<StageEntriesByOpportunityIdDataLoader>();
        services.AddScoped<ApprovalRequestsByOpportunityIdDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<OpportunityByIdDataLoader, Opportunity>("Opportunity"));
        services.AddSingleton<INodeLoader>(new NodeLoader<SalesPipelineByIdDataLoader, SalesPipeline>("SalesPipeline"));
        services.AddSingleton<INodeLoader>(new NodeLoader<PipelineStageByIdDataLoader, PipelineStage>("PipelineStage"));
        return services;
    }
}
