using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;

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

        services.AddScoped<StagesByPipelineIdDataLoader>();
        services.AddScoped<StageEntriesByOpportunityIdDataLoader>();
        services.AddScoped<ApprovalRequestsByOpportunityIdDataLoader>();

        services.AddNode<OpportunityType, Opportunity, OpportunityByIdDataLoader>();
        services.AddJournaledEvent<OpportunityStageChanged>("opportunity.stage-changed", e => JournaledEventType.Subject("Opportunity", e.OpportunityId));
        services.AddJournaledEvent<OpportunityAssigned>("opportunity.assigned", e => JournaledEventType.Subject("Opportunity", e.OpportunityId));
        services.AddNode<SalesPipelineType, SalesPipeline, SalesPipelineByIdDataLoader>();
        services.AddNode<PipelineStageType, PipelineStage, PipelineStageByIdDataLoader>();
        return services;
    }
}
