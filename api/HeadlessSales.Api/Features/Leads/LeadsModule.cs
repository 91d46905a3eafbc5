using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Scheduling;

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

        services.AddScoped<LeadByIdDataLoader>();
        services.AddScoped<ProductByIdDataLoader>();
        services.AddScoped<ProductByCodeDataLoader>();
        services.AddScoped<AssignmentRuleByIdDataLoader>();
        services.AddScoped<ScriptTemplateByIdDataLoader>();
        services.AddScoped<LeadHistoryByLeadIdDataLoader>();
        services.AddScoped<ScriptMaterialByTenantDataLoader>();
        services.AddScoped<EscalationByIdDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<LeadByIdDataLoader, Lead>("Lead"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ProductByIdDataLoader, Product>("Product"));
        services.AddSingleton<INodeLoader>(new NodeLoader<AssignmentRuleByIdDataLoader, AssignmentRule>("AssignmentRule"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ScriptTemplateByIdDataLoader, ScriptTemplate>("ScriptTemplate"));
        services.AddSingleton<INodeLoader>(new NodeLoader<EscalationByIdDataLoader, Escalation>("Escalation"));
        return services;
    }
}
