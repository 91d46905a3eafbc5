using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;

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
        services.AddJournaledEvent<ContractSigned>("contract.signed", e => JournaledEventType.Subject("Contract", e.ContractId));
        services.AddJournaledEvent<CollectionRecorded>("collection.recorded", e => JournaledEventType.Subject("PaymentCollection", e.CollectionId));
        return services;
    }
}
