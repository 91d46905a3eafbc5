using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Leads;

public static class LeadsModule
{
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, LeadsQueries>();
        services.AddSingleton<IMutationFields, LeadsMutations>();
        services.AddSingleton<IMutationFields, LeadRoutingMutations>();
        services.AddSingleton<LeadAssigner>();
        services.AddSingleton<IQueryFields, EscalationQueries>();
        services.AddSingleton<IMutationFields, EscalationMutations>();
        services.AddSingleton<ISubscriptionFields, LeadsSubscriptions>();
        services.AddSingleton<ITimerHandler, LeadSopTimerHandler>();

        services.AddScoped<ProductByCodeDataLoader>();
        services.AddScoped<LeadHistoryByLeadIdDataLoader>();
        services.AddScoped<EscalationStepsByEscalationIdDataLoader>();
        services.AddScoped<ScriptMaterialByTenantDataLoader>();

        services.AddNode<LeadType, Lead, LeadByIdDataLoader>();
        services.AddJournaledEvent<LeadAssigned>("lead.assigned", e => JournaledEventType.Subject("Lead", e.LeadId));
        services.AddJournaledEvent<LeadFirstResponseRecorded>("lead.first-response-recorded", e => JournaledEventType.Subject("Lead", e.LeadId));
        services.AddJournaledEvent<EscalationRaised>("escalation.raised", e => JournaledEventType.Subject("Escalation", e.EscalationId));
        services.AddNode<ProductType, Product, ProductByIdDataLoader>();
        services.AddNode<AssignmentRuleType, AssignmentRule, AssignmentRuleByIdDataLoader>();
        services.AddNode<ScriptTemplateType, ScriptTemplate, ScriptTemplateByIdDataLoader>();
        services.AddNode<EscalationType, Escalation, EscalationByIdDataLoader>();
        return services;
    }
}
