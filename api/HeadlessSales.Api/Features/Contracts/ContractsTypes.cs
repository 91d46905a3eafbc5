using HeadlessSales.Api.Features.Approvals;
using System.Globalization;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.Values;

namespace HeadlessSales.Api.Features.Contracts;

/// <summary>What a signing provider reports; NOT_SENT is the contract's state before any report.</summary>
public enum ReportedSignatureStatus
{
    Pending,
    Signed,
    Declined,
}

public sealed class ContractApprovalStatusType : EnumerationGraphType<ContractApprovalStatus>
{
    public ContractApprovalStatusType()
    {
        Name = "ContractApprovalStatus";
        Description = "Where the contract stands in its online approval (`requestApproval` with the contract's id, decided with `approveRequest` / `rejectRequest`).";
    }
}

public sealed class SignatureStatusType : EnumerationGraphType<SignatureStatus>
{
    public SignatureStatusType()
    {
        Name = "SignatureStatus";
        Description = "The e-signature state, as the signing provider last reported it.";
    }
}

public sealed class ReportedSignatureStatusType : EnumerationGraphType<ReportedSignatureStatus>
{
    public ReportedSignatureStatusType()
    {
        Name = "ReportedSignatureStatus";
        Description = "What a signing provider reports about its envelope.";
    }
}

public sealed class ContractType : NodeType<Contract>
{
    public ContractType() : base("Contract", "The contract of an opportunity at 签约: approved online, e-signed through a provider, then collected (回款).")
    {
        Field<NonNullGraphType<StringGraphType>>("number")
            .Description("A readable contract number, e.g. HT-2026-000042.")
            .Resolve(ctx => NumberOf(ctx.Source));
        Field(c => c.Title);
        Field<NonNullGraphType<MoneyType>>("amount").Resolve(ctx => new Money(ctx.Source.Amount, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("collected").Description("The sum of the collections so far.").Resolve(ctx => new Money(ctx.Source.CollectedAmount, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("outstanding").Description("What is still to be collected.").Resolve(ctx => new Money(ctx.Source.Amount - ctx.Source.CollectedAmount, ctx.Source.Currency));
        Field<OpportunityType>("opportunity")
            .Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.OpportunityId));
        Field<AccountType>("account")
            .Resolve(ctx => ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(ctx.Source.AccountId));
        Field<MemberType>("owner")
            .Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.OwnerId));
        Field(c => c.ApprovalStatus, type: typeof(NonNullGraphType<ContractApprovalStatusType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApprovalRequestType>>>>("approvalRequests")
            .Description("Its approval requests the caller may see, newest first: each step's decision, decider and comment.")
            .Resolve(ctx => new DeferredResult<List<ApprovalRequest>>(async cancellationToken =>
                await ctx.DataLoader<ApprovalRequestsByContractIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field(c => c.SignatureStatus, type: typeof(NonNullGraphType<SignatureStatusType>));
        Field(c => c.SignatureReference, nullable: true).Description("The signing provider's reference of its envelope.");
        Field(c => c.SignatureUpdatedAt, type: typeof(UtcDateTimeGraphType));
        Field(c => c.SignedAt, type: typeof(UtcDateTimeGraphType));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PaymentCollectionType>>>>("collections")
            .Description("Money received against the contract, in the order it was recorded.")
            .Resolve(ctx => ctx.DataLoader<CollectionsByContractIdDataLoader>().LoadAsync(ctx.Source.Id));
        Field(c => c.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(c => c.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }

    public static string NumberOf(Contract contract) =>
        string.Create(CultureInfo.InvariantCulture, $"HT-{contract.CreatedAt:yyyy}-{contract.Id:D6}");
}

public sealed class PaymentCollectionType : NodeType<PaymentCollection>
{
    public PaymentCollectionType() : base("PaymentCollection", "Money received against a contract (回款).")
    {
        Field<NonNullGraphType<MoneyType>>("amount").Resolve(ctx => new Money(ctx.Source.Amount, ctx.Source.Currency));
        Field(p => p.ReceivedOn, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(p => p.Note, nullable: true);
        Field<ContractType>("contract")
            .Resolve(ctx => ctx.DataLoader<ContractByIdDataLoader>().LoadAsync(ctx.Source.ContractId));
        Field<MemberType>("recordedBy")
            .Description("The member who recorded it; null when an integration did.")
            .Resolve(ctx => ctx.Source.RecordedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(p => p.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class OpportunityNotAtSigningStageErrorType : UserErrorType<OpportunityNotAtSigningStageError>
{
    public OpportunityNotAtSigningStageErrorType() : base("OpportunityNotAtSigningStageError", "A contract is made only for an opportunity at the 签约 (SIGNING) stage.")
    {
        Field(e => e.StageCode).Description("The code of the stage the opportunity is at.");
        Field(e => e.StageName);
    }
}

public sealed class OverCollectionErrorType : UserErrorType<OverCollectionError>
{
    public OverCollectionErrorType() : base("OverCollectionError", "The collection would take the total collected beyond the contract's amount.")
    {
        Field(e => e.ContractAmount, type: typeof(NonNullGraphType<MoneyType>));
        Field(e => e.Collected, type: typeof(NonNullGraphType<MoneyType>));
        Field(e => e.Remaining, type: typeof(NonNullGraphType<MoneyType>));
    }
}
