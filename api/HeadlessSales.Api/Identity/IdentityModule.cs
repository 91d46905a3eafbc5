using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity.GraphQL;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Identity;

public static class IdentityModule
{
    /// <summary>The GraphQL side of identity: the viewer and the management of integration clients.</summary>
    public static IServiceCollection AddIdentityModule(this IServiceCollection services)
    {
        services.AddScoped<IntegrationClientService>();
        services.AddSingleton<IQueryFields, IdentityQueries>();
        services.AddSingleton<IMutationFields, IdentityMutations>();
        services.AddNode<IntegrationClientType, IntegrationClient, IntegrationClientByIdDataLoader>();
        return services;
    }
}

public sealed class IntegrationClientByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<IntegrationClient>(databases);
