using System.Net;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Contracts;

/// <summary>Contracts from opportunities at 签约: approval, the signing provider's reports, and collections (回款).</summary>
[Collection(ApiCollection.Name)]
public sealed class ContractTests(ApiFactory api)
{
    private readonly GraphQLTestClient _integration = api.CreateGraphQLClient();
    private readonly ContractScenario _contracts = new(api);

    [Fact]
    public async Task Contract_IsMadeAtSigning_Approved_Signed_AndCollectedInFull()
    {
        var opportunity = await _contracts.OpportunityAtSigningAsync("100000.00");

        var created = await _integration.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId = opportunity, title = "光伏逆变器采购合同" } });
        var contract = created["createContract"]!["contract"]!;
        var contractId = contract["id"]!.GetValue<string>();
        Assert.Equal("100000", contract["amount"]!["amount"]!.GetValue<string>().TrimEnd('0').TrimEnd('.'));
        Assert.Equal("CNY", contract["amount"]!["currency"]!.GetValue<string>());
        Assert.Equal("NOT_REQUESTED", contract["approvalStatus"]!.GetValue<string>());
        Assert.Equal("NOT_SENT", contract["signatureStatus"]!.GetValue<string>());
        Assert.StartsWith("HT-2026-", contract["number"]!.GetValue<string>());

        await _contracts.ApproveAsync(contractId);
        var pending = await _integration.QueryAsync(ContractScenario.RecordSignature, new { input = new { contractId, status = "PENDING", providerReference = "esign-001" } });
        var signed = await _integration.QueryAsync(ContractScenario.RecordSignature, new { input = new { contractId, status = "SIGNED", providerReference = "esign-001" } });
        var first = await _integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId, amount = "60000", receivedOn = "2026-11-26", note = "首付款" } });
        var rest = await _integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId, amount = "40000.00", receivedOn = "2026-11-27" } });

        Assert.Equal("PENDING", pending["recordSignatureStatus"]!["contract"]!["signatureStatus"]!.GetValue<string>());
        Assert.Equal("SIGNED", signed["recordSignatureStatus"]!["contract"]!["signatureStatus"]!.GetValue<string>());
        Assert.NotNull(signed["recordSignatureStatus"]!["contract"]!["signedAt"]);
        Assert.Empty(first["recordCollection"]!["errors"]!.AsArray());
        Assert.Equal(40000m, decimal.Parse(first["recordCollection"]!["collection"]!["contract"]!["outstanding"]!["amount"]!.GetValue<string>()));
        Assert.Equal(0m, decimal.Parse(rest["recordCollection"]!["collection"]!["contract"]!["outstanding"]!["amount"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CreateContract_BeforeSigning_IsRefusedWithTheStage_AndTwiceIsADuplicate()
    {
        var early = await _contracts.NewOpportunityAsync("5000");
        var atSigning = await _contracts.OpportunityAtSigningAsync("5000");

        var refused = await _integration.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId = early, title = "太早的合同" } });
        await _integration.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId = atSigning, title = "合同" } });
        var duplicate = await _integration.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId = atSigning, title = "第二份合同" } });

        var error = refused["createContract"]!["errors"]![0]!;
        Assert.Equal("OpportunityNotAtSigningStageError", error["__typename"]!.GetValue<string>());
        Assert.Equal("REQUIREMENT_CONFIRMATION", error["stageCode"]!.GetValue<string>());
        Assert.Null(refused["createContract"]!["contract"]);
        Assert.Equal("DUPLICATE", duplicate["createContract"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordSignatureStatus_IsForIntegrationsOnly()
    {
        var contractId = await _contracts.ApprovedContractAsync("1000");
        var salesOps = api.CreateGraphQLClient();
        salesOps.Http.DefaultRequestHeaders.Authorization = new("Bearer", await new TokenClient(api).MemberTokenAsync("salesops"));

        var byMember = await salesOps.PostAsync(ContractScenario.RecordSignature, new { input = new { contractId, status = "SIGNED", providerReference = "forged" } });
        var contract = await _integration.QueryAsync("query($id: ID!) { node(id: $id) { ... on Contract { signatureStatus } } }", new { id = contractId });

        Assert.Equal(HttpStatusCode.Forbidden, byMember.Status);
        Assert.Equal("FORBIDDEN", byMember.FirstErrorCode);
        Assert.Equal("NOT_SENT", contract["node"]!["signatureStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordSignatureStatus_RetriesAreNoOps_ASignedContractStaysSigned_AndUnapprovedIsRefused()
    {
        var unapproved = await _contracts.ContractAsync("1000");
        var contractId = await _contracts.ApprovedContractAsync("1000");
        object Report(string id, string status, string reference) => new { input = new { contractId = id, status, providerReference = reference } };

        var beforeApproval = await _integration.QueryAsync(ContractScenario.RecordSignature, Report(unapproved, "PENDING", "env-9"));
        await _integration.QueryAsync(ContractScenario.RecordSignature, Report(contractId, "PENDING", "env-1"));
        var otherEnvelope = await _integration.QueryAsync(ContractScenario.RecordSignature, Report(contractId, "SIGNED", "env-2"));
        var signed = await _integration.QueryAsync(ContractScenario.RecordSignature, Report(contractId, "SIGNED", "env-1"));
        var retried = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _integration.QueryAsync(ContractScenario.RecordSignature, Report(contractId, "SIGNED", "env-1"))));
        var declinedAfter = await _integration.QueryAsync(ContractScenario.RecordSignature, Report(contractId, "DECLINED", "env-1"));

        Assert.Equal("INVALID_STATE", beforeApproval["recordSignatureStatus"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", otherEnvelope["recordSignatureStatus"]!["errors"]![0]!["code"]!.GetValue<string>());
        var signedAt = signed["recordSignatureStatus"]!["contract"]!["signedAt"]!.GetValue<string>();
        Assert.All(retried, r =>
        {
            Assert.Empty(r["recordSignatureStatus"]!["errors"]!.AsArray());
            Assert.Equal(signedAt, r["recordSignatureStatus"]!["contract"]!["signedAt"]!.GetValue<string>());
        });
        Assert.Equal("INVALID_STATE", declinedAfter["recordSignatureStatus"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approval_IsDecidedOnce_NeverByTheRequester_ARejectionNeedsAComment_AndARejectedContractIsAskedAgain()
    {
        await ContractApprovalTestSupport.PoliciesAsync(api);
        var contractId = await _contracts.ContractAsync("1000");
        var salesOps = await api.MemberAsync("salesops");
        var admin = await api.MemberAsync("admin");
        var rep = await api.MemberAsync("rep");
        const string request = ContractApprovalTestSupport.RequestApproval;
        const string approve = "mutation($id: ID!) { approveRequest(input: { id: $id }) { request { status } errors { __typename ... on UserError { code } } } }";
        const string reject = "mutation($id: ID!, $comment: String) { rejectRequest(input: { id: $id, comment: $comment }) { request { status subject { ... on Contract { approvalStatus } } } errors { __typename ... on UserError { code } ... on ValidationError { field } } } }";

        var requestedBySalesOps = await salesOps.QueryAsync(request, new { id = contractId, policy = ContractApprovalTestSupport.AdminPolicy });
        var firstRequest = requestedBySalesOps["requestApproval"]!["request"]!["id"]!.GetValue<string>();
        var askedWhilePending = await _integration.QueryAsync(request, new { id = contractId, policy = ContractApprovalTestSupport.SalesOpsPolicy });
        var selfDecision = await salesOps.QueryAsync(approve, new { id = firstRequest });
        var byRep = await rep.QueryAsync(approve, new { id = firstRequest });
        var rejectionWithoutReason = await admin.QueryAsync(reject, new { id = firstRequest, comment = (string?)null });
        var rejected = await admin.QueryAsync(reject, new { id = firstRequest, comment = "付款条件需改为 30/70" });
        var secondDecision = await admin.QueryAsync(approve, new { id = firstRequest });
        var signBeforeApproval = await _integration.QueryAsync(ContractScenario.RecordSignature, new { input = new { contractId, status = "PENDING", providerReference = "too-early" } });
        var askedAgain = await _integration.QueryAsync(request, new { id = contractId, policy = ContractApprovalTestSupport.AdminPolicy });
        var approved = await admin.QueryAsync(approve, new { id = askedAgain["requestApproval"]!["request"]!["id"]!.GetValue<string>() });
        var history = await admin.PostAsync("""
            query($id: ID!) { node(id: $id) { ... on Contract { approvalStatus approvalRequests { status policy { code } decisions { outcome comment decider { email } } } } } }
            """, new { id = contractId });

        Assert.Equal("PENDING", requestedBySalesOps["requestApproval"]!["request"]!["subject"]!["approvalStatus"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", askedWhilePending["requestApproval"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("SELF_APPROVAL", selfDecision["approveRequest"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.NotEmpty(byRep["approveRequest"]!["errors"]!.AsArray());
        Assert.Equal("input.comment", rejectionWithoutReason["rejectRequest"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("REJECTED", rejected["rejectRequest"]!["request"]!["subject"]!["approvalStatus"]!.GetValue<string>());
        Assert.Equal("APPROVAL_ALREADY_DECIDED", secondDecision["approveRequest"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", signBeforeApproval["recordSignatureStatus"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("PENDING", askedAgain["requestApproval"]!["request"]!["subject"]!["approvalStatus"]!.GetValue<string>());
        Assert.Equal("APPROVED", approved["approveRequest"]!["request"]!["status"]!.GetValue<string>());
        history.MatchResponseSnapshot();
    }

    [Fact]
    public async Task Collections_NeverExceedTheContractAmount_EvenConcurrently()
    {
        var contractId = await _contracts.SignedContractAsync("1000");
        object Collect(string amount) => new { input = new { contractId, amount, receivedOn = "2026-11-27" } };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _integration.QueryAsync(ContractScenario.RecordCollection, Collect("300"))));
        var over = await _integration.QueryAsync(ContractScenario.RecordCollection, Collect("100.01"));
        var exact = await _integration.QueryAsync(ContractScenario.RecordCollection, Collect("100"));

        Assert.Equal(3, results.Count(r => r["recordCollection"]!["collection"] is JsonObject));
        Assert.All(results.Where(r => r["recordCollection"]!["collection"] is null),
            r => Assert.Equal("OVER_COLLECTION", r["recordCollection"]!["errors"]![0]!["code"]!.GetValue<string>()));
        var error = over["recordCollection"]!["errors"]![0]!;
        Assert.Equal("OverCollectionError", error["__typename"]!.GetValue<string>());
        Assert.Equal(100m, decimal.Parse(error["remaining"]!["amount"]!.GetValue<string>()));
        Assert.Equal(0m, decimal.Parse(exact["recordCollection"]!["collection"]!["contract"]!["outstanding"]!["amount"]!.GetValue<string>()));
        var listed = await _integration.QueryAsync("query($id: ID!) { node(id: $id) { ... on Contract { collections { amount { amount } } } } }", new { id = contractId });
        Assert.Equal(4, listed["node"]!["collections"]!.AsArray().Count);
    }

    [Fact]
    public async Task Collection_OnAnUnsignedContract_OrInTheFuture_IsRefused()
    {
        var unsigned = await _contracts.ApprovedContractAsync("1000");
        var signed = await _contracts.SignedContractAsync("1000");

        var notSigned = await _integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId = unsigned, amount = "10", receivedOn = "2026-11-27" } });
        var future = await _integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId = signed, amount = "10", receivedOn = "2026-12-31" } });
        var zero = await _integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId = signed, amount = "0", receivedOn = "2026-11-27" } });

        Assert.Equal("INVALID_STATE", notSigned["recordCollection"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("input.receivedOn", future["recordCollection"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("input.amount", zero["recordCollection"]!["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rep_CannotSeeOrCollectOnAPeersContract()
    {
        var contractId = await _contracts.SignedContractAsync("1000");
        var owner = (await _integration.QueryAsync("query($id: ID!) { node(id: $id) { ... on Contract { owner { email } } } }", new { id = contractId }))["node"]!["owner"]!["email"]!.GetValue<string>();
        var rep = api.CreateGraphQLClient();
        rep.Http.DefaultRequestHeaders.Authorization = new("Bearer", await new TokenClient(api).MemberTokenAsync("rep"));
        Assert.NotEqual("rep@demo.example.com", owner);

        var read = await rep.QueryAsync("query($id: ID!) { node(id: $id) { id } contracts { totalCount } }", new { id = contractId });
        var collect = await rep.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId, amount = "1", receivedOn = "2026-11-27" } });

        Assert.Null(read["node"]);
        Assert.Equal("NOT_FOUND", collect["recordCollection"]!["errors"]![0]!["code"]!.GetValue<string>());
    }
}
