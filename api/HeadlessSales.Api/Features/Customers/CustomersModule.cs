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

        services.AddScoped<ContactsByAccountIdDataLoader>();
        services.AddScoped<ContactCountByAccountIdDataLoader>();

        services.AddNode<AccountType, Account, AccountByIdDataLoader>();
        services.AddNode<ContactType, Contact, ContactByIdDataLoader>();
        return services;
    }
}
