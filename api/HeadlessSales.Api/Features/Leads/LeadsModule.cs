using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Leads;

public static class LeadsModule
{
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, LeadsQueries>();
        services.AddSingleton<IMutationFields, LeadsMutations>();
        services.AddSingleton<IMutationFields, LeadRoutingMutations>();
        services.AddSingleton<LeadAssigner>();

        services.AddScoped<LeadByIdDataLoader>();
        services.AddScoped<ProductByIdDataLoader>();
        services.AddScoped<ProductByCodeDataLoader>();
        services.AddScoped<AssignmentRuleByIdDataLoader>();
        services.AddScoped<ScriptTemplateByIdDataLoader>();
        services.AddScoped<LeadHistoryByLeadIdDataLoader>();
        services.AddScoped<ScriptMaterialByTenantDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<LeadByIdDataLoader, Lead>("Lead"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ProductByIdDataLoader, Product>("Product"));
        services.AddSingleton<INodeLoader>(new NodeLoader<AssignmentRuleByIdDataLoader, AssignmentRule>("AssignmentRule"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ScriptTemplateByIdDataLoader, ScriptTemplate>("ScriptTemplate"));
        return services;
    }
}
