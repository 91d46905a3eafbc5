using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Contracts;

public static class ContractsModule
{
    public static IServiceCollection AddContracts(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ContractsQueries>();
        services.AddSingleton<IMutationFields, ContractsMutations>();
        services.AddSingleton<IApprovalSubject, ContractApprovalSubject>();
        services.AddSingleton<IApprovalCompletionHandler, ContractApprovalCompletion>();

        services.AddScoped<ContractByIdDataLoader>();
        services.AddScoped<PaymentCollectionByIdDataLoader>();
        services.AddScoped<CollectionsByContractIdDataLoader>();
        services.AddScoped<ApprovalRequestsByContractIdDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<ContractByIdDataLoader, Contract>("Contract"));
        services.AddSingleton<INodeLoader>(new NodeLoader<PaymentCollectionByIdDataLoader, PaymentCollection>("PaymentCollection"));
        return services;
    }
}
