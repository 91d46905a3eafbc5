using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Leads;

public static class LeadsModule
{
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, LeadsQueries>();
        services.AddSingleton<IMutationFields, LeadsMutations>();

        services.AddScoped<LeadByIdDataLoader>();
        services.AddScoped<ProductByIdDataLoader>();
        services.AddScoped<ProductByCodeDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<LeadByIdDataLoader, Lead>("Lead"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ProductByIdDataLoader, Product>("Product"));
        return services;
    }
}
