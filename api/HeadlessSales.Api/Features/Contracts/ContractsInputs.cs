using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Contracts;

public sealed class CreateContractInputType : InputObjectGraphType
{
    public CreateContractInputType()
    {
        Name = "CreateContractInput";
        Field<NonNullGraphType<IdGraphType>>("opportunityId").Description("An opportunity at the 签约 (SIGNING) stage, without a contract yet.");
        Field<NonNullGraphType<StringGraphType>>("title").Description("At most 200 characters.");
        Field<MoneyInputType>("amount").Description("The contract's amount; the opportunity's amount when left out.");
    }
}

public sealed class RecordSignatureStatusInputType : InputObjectGraphType
{
    public RecordSignatureStatusInputType()
    {
        Name = "RecordSignatureStatusInput";
        Field<NonNullGraphType<IdGraphType>>("contractId");
        Field<NonNullGraphType<ReportedSignatureStatusType>>("status");
        Field<NonNullGraphType<StringGraphType>>("providerReference").Description("The provider's id of its signing envelope; at most 100 characters.");
        Field<UtcDateTimeGraphType>("occurredAt").Description("When the provider saw the change; now when left out. Not in the future.");
    }
}

public sealed class RecordCollectionInputType : InputObjectGraphType
{
    public RecordCollectionInputType()
    {
        Name = "RecordCollectionInput";
        Field<NonNullGraphType<IdGraphType>>("contractId").Description("A signed contract.");
        Field<NonNullGraphType<DecimalStringGraphType>>("amount").Description("In the contract's currency; more than zero, at most what is still outstanding.");
        Field<NonNullGraphType<DateOnlyGraphType>>("receivedOn").Description("Not in the future.");
        Field<StringGraphType>("note").Description("At most 500 characters, e.g. the bank slip number.");
    }
}

public sealed class CreateContractErrorType() : MutationErrorUnion("createContract",
    typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(DuplicateErrorType), typeof(OpportunityNotAtSigningStageErrorType));

public sealed class RecordSignatureStatusErrorType() : MutationErrorUnion("recordSignatureStatus",
    typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class RecordCollectionErrorType() : MutationErrorUnion("recordCollection",
    typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(OverCollectionErrorType));

public sealed class CreateContractPayloadType() : PayloadType<ContractType, Contract, CreateContractErrorType>("createContract", "contract");

public sealed class RecordSignatureStatusPayloadType() : PayloadType<ContractType, Contract, RecordSignatureStatusErrorType>("recordSignatureStatus", "contract");

public sealed class RecordCollectionPayloadType() : PayloadType<PaymentCollectionType, PaymentCollection, RecordCollectionErrorType>("recordCollection", "collection");
