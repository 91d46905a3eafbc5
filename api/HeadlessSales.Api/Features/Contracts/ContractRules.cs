using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;

namespace HeadlessSales.Api.Features.Contracts;

/// <summary>What a provider's signature report does to a contract.</summary>
public enum SignatureTransition
{
    /// <summary>The contract already says exactly this: a retried callback changes nothing.</summary>
    Unchanged,
    Applied,
    Refused,
}

public static class ContractRules
{
    /// <summary>The stage code a contract can be made at: 签约 in the default pipeline.</summary>
    public const string SigningStageCode = "SIGNING";

    /// <summary>
    /// A signing provider's report, judged against what the contract already says. The same reference and
    /// status again is a retry; a new envelope (another reference) may start only before one is out or after a
    /// decline; a signed contract stays signed.
    /// </summary>
    public static (SignatureTransition Transition, string? Refusal) Judge(Contract contract, SignatureStatus reported, string reference)
    {
        if (reported == SignatureStatus.NotSent)
        {
            return (SignatureTransition.Refused, "A provider reports PENDING, SIGNED or DECLINED.");
        }

        if (contract.SignatureReference == reference && contract.SignatureStatus == reported)
        {
            return (SignatureTransition.Unchanged, null);
        }

        if (contract.ApprovalStatus != ContractApprovalStatus.Approved)
        {
            return (SignatureTransition.Refused, "The contract is not approved yet, so it cannot be out for signing.");
        }

        return contract.SignatureStatus switch
        {
            SignatureStatus.Signed => (SignatureTransition.Refused, $"The contract was signed under reference '{contract.SignatureReference}'; a signed contract stays signed."),
            SignatureStatus.Pending when contract.SignatureReference != reference =>
                (SignatureTransition.Refused, $"The contract is out for signing under reference '{contract.SignatureReference}'; report on that envelope, or decline it first."),
            SignatureStatus.Pending when reported == SignatureStatus.Pending => (SignatureTransition.Unchanged, null),
            _ => (SignatureTransition.Applied, null),
        };
    }
}

/// <summary>A contract is made only at the signing stage.</summary>
public sealed record OpportunityNotAtSigningStageError(string StageCode, string StageName)
    : UserError($"A contract is made at the 签约 ({ContractRules.SigningStageCode}) stage; the opportunity is at {StageName} ({StageCode}).", "NOT_AT_SIGNING_STAGE");

/// <summary>A collection would take the total collected beyond the contract's amount.</summary>
public sealed record OverCollectionError(Money ContractAmount, Money Collected, Money Remaining)
    : UserError($"Only {Remaining.Amount} {Remaining.Currency} of the contract's {ContractAmount.Amount} {ContractAmount.Currency} is still to be collected.", "OVER_COLLECTION");
