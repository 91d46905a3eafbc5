using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Contracts;

/// <summary>Contracts at each point of their life, made through the public API of one server (any provider).</summary>
internal sealed class ContractScenario(ApiFactory api)
{
    private readonly GraphQLTestClient _integration = api.CreateGraphQLClient();

    public const string CreateContract = """
        mutation($input: CreateContractInput!) { createContract(input: $input) {
          contract { id number title amount { amount currency } collected { amount } outstanding { amount } approvalStatus signatureStatus opportunity { id } account { id } }
          errors { __typename ... on UserError { code message } ... on OpportunityNotAtSigningStageError { stageCode stageName } ... on ValidationError { field } } } }
        """;

    public const string RecordSignature = """
        mutation($input: RecordSignatureStatusInput!) { recordSignatureStatus(input: $input) {
          contract { signatureStatus signatureReference signedAt } errors { __typename ... on UserError { code message } } } }
        """;

    public const string RecordCollection = """
        mutation($input: RecordCollectionInput!) { recordCollection(input: $input) {
          collection { id amount { amount currency } receivedOn contract { collected { amount } outstanding { amount } } }
          errors { __typename ... on UserError { code message } ... on OverCollectionError { contractAmount { amount } collected { amount } remaining { amount } } ... on ValidationError { field } } } }
        """;

    public async Task<string> SignedContractAsync(string amount)
    {
        var contractId = await ApprovedContractAsync(amount);
        var reference = Guid.NewGuid().ToString("N");
        var signed = await _integration.QueryAsync(RecordSignature, new { input = new { contractId, status = "SIGNED", providerReference = reference } });
        Assert.Equal("SIGNED", signed["recordSignatureStatus"]!["contract"]!["signatureStatus"]!.GetValue<string>());
        return contractId;
    }

    public async Task<string> ApprovedContractAsync(string amount)
    {
        var contractId = await ContractAsync(amount);
        await ApproveAsync(contractId);
        return contractId;
    }

    public async Task<string> ContractAsync(string amount)
    {
        var opportunity = await OpportunityAtSigningAsync(amount);
        var created = await _integration.QueryAsync(CreateContract, new { input = new { opportunityId = opportunity, title = "测试合同" } });
        return created["createContract"]!["contract"]!["id"]!.GetValue<string>();
    }

    /// <summary>Approves through the online approval the contract is subject to.</summary>
    public async Task ApproveAsync(string contractId)
    {
        await ContractApprovalTestSupport.ApproveAsync(api, _integration, contractId);
    }

    public async Task<string> NewOpportunityAsync(string amount)
    {
        // Opportunities of reps other than the demo "rep" login, so that the rep's view is the outside one.
        var accounts = await _integration.QueryAsync("{ accounts(first: 100) { nodes { id owner { email } } } }");
        var account = accounts["accounts"]!["nodes"]!.AsArray().First(a => a!["owner"]?["email"]?.GetValue<string>() is { } email && email != "rep@demo.example.com")!["id"]!.GetValue<string>();
        var created = await _integration.QueryAsync("""
            mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { opportunity { id } errors { __typename ... on UserError { message } } } }
            """, new { input = new { accountId = account, name = "合同测试商机 " + Guid.NewGuid().ToString("N")[..6], amount = new { amount, currency = "CNY" } } });
        return created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
    }

    /// <summary>A new opportunity placed straight at 签约: how it got there (gates, approvals) is the pipeline's business, tested there.</summary>
    public async Task<string> OpportunityAtSigningAsync(string amount)
    {
        var id = await NewOpportunityAsync(amount);
        var key = GlobalId.TryDecode(id, "Opportunity")!.Value;
        await using var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var opportunity = await db.Opportunities.IgnoreQueryFilters().SingleAsync(o => o.Id == key);
        opportunity.StageId = await db.PipelineStages.IgnoreQueryFilters()
            .Where(s => s.TenantId == opportunity.TenantId && s.PipelineId == opportunity.PipelineId && s.Code == ContractRules.SigningStageCode)
            .Select(s => s.Id).SingleAsync();
        await db.SaveChangesAsync();
        return id;
    }
}
