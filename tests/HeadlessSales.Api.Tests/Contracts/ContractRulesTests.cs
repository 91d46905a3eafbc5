using HeadlessSales.Api.Features.Contracts;

namespace HeadlessSales.Api.Tests.Contracts;

public sealed class ContractRulesTests
{
    private static Contract Approved(SignatureStatus status, string? reference) => new()
    {
        Title = "t",
        Currency = "CNY",
        ApprovalStatus = ContractApprovalStatus.Approved,
        SignatureStatus = status,
        SignatureReference = reference,
    };

    [Theory]
    [InlineData(SignatureStatus.NotSent, null, SignatureStatus.Pending, "a", SignatureTransition.Applied)]
    [InlineData(SignatureStatus.NotSent, null, SignatureStatus.Signed, "a", SignatureTransition.Applied)]
    [InlineData(SignatureStatus.Pending, "a", SignatureStatus.Pending, "a", SignatureTransition.Unchanged)]
    [InlineData(SignatureStatus.Pending, "a", SignatureStatus.Signed, "a", SignatureTransition.Applied)]
    [InlineData(SignatureStatus.Pending, "a", SignatureStatus.Declined, "a", SignatureTransition.Applied)]
    [InlineData(SignatureStatus.Pending, "a", SignatureStatus.Signed, "b", SignatureTransition.Refused)]
    [InlineData(SignatureStatus.Declined, "a", SignatureStatus.Pending, "b", SignatureTransition.Applied)]
    [InlineData(SignatureStatus.Declined, "a", SignatureStatus.Declined, "a", SignatureTransition.Unchanged)]
    [InlineData(SignatureStatus.Signed, "a", SignatureStatus.Signed, "a", SignatureTransition.Unchanged)]
    [InlineData(SignatureStatus.Signed, "a", SignatureStatus.Declined, "a", SignatureTransition.Refused)]
    [InlineData(SignatureStatus.Signed, "a", SignatureStatus.Pending, "b", SignatureTransition.Refused)]
    public void Judge_FollowsTheSigningLifecycle(SignatureStatus current, string? currentReference, SignatureStatus reported, string reference, SignatureTransition expected)
    {
        Assert.Equal(expected, ContractRules.Judge(Approved(current, currentReference), reported, reference).Transition);
    }

    [Fact]
    public void Judge_RefusesAnyReportBeforeApproval()
    {
        var contract = Approved(SignatureStatus.NotSent, null);
        contract.ApprovalStatus = ContractApprovalStatus.Pending;

        Assert.Equal(SignatureTransition.Refused, ContractRules.Judge(contract, SignatureStatus.Pending, "a").Transition);
    }
}
