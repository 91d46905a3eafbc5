using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Customers;

public static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, CustomersQueries>();
        services.AddSingleton<IMutationFields, CustomersMutations>();
        services.AddSingleton<ISubscriptionFields, CustomersSubscriptions>();

        services.AddScoped<AccountByIdDataLoader>();
        services.AddScoped<ContactByIdDataLoader>();
        services.AddScoped<ContactsByAccountIdDataLoader>();
        services.AddScoped<ContactCountByAccountIdDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<AccountByIdDataLoader, Account>("Account"));
        services.AddSingleton<INodeLoader>(new NodeLoader<ContactByIdDataLoader, Contact>("Contact"));
        return services;
    }
}
