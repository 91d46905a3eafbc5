using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;

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
        services.AddJournaledEvent<AccountChanged>("account.changed", e => JournaledEventType.Subject("Account", e.AccountId));
        services.AddNode<ContactType, Contact, ContactByIdDataLoader>();
        return services;
    }
}
