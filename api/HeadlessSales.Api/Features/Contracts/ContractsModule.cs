using HeadlessSales.Api.Features.Approvals;
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

        services.AddScoped<CollectionsByContractIdDataLoader>();
        services.AddScoped<ApprovalRequestsByContractIdDataLoader>();

        services.AddNode<ContractType, Contract, ContractByIdDataLoader>();
        services.AddNode<PaymentCollectionType, PaymentCollection, PaymentCollectionByIdDataLoader>();
        return services;
    }
}
