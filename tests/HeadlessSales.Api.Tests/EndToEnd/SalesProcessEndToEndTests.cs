using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Activities;
using HeadlessSales.Api.Tests.Contracts;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.EndToEnd;

/// <summary>
/// The sales process of issue 5 in one pass through the public API, as the people in it would drive it: the rep
/// follows a converted lead up with tagged contacts, the stage gate holds the opportunity until the customer-signed
/// documents are uploaded and the quotation is approved, the contract is approved, signed by the provider and paid.
/// A host of its own, because the test puts a gate on the tenant's default pipeline.
/// </summary>
public sealed class SalesProcessEndToEndTests(ActivitiesFixture api) : IClassFixture<ActivitiesFixture>
{
    private const string Advance = """
        mutation($id: ID!) { advanceOpportunity(input: { id: $id }) {
          opportunity { stage { code } }
          errors { __typename ... on UserError { code } ... on StageGateNotMetError { stage { code } missingDocumentKinds missingFields missingApprovals } } } }
        """;

    private const string Approve = """
        mutation($id: ID!) { approveRequest(input: { id: $id }) { request { status currentApprover { email } } errors { __typename ... on UserError { code } } } }
        """;

    private const string FollowUp = """
        query($id: ID!) { node(id: $id) { ... on Opportunity { followUp { completedStepCount completed overdue currentStep { step { code } } } } } }
        """;

    [Fact]
    public async Task ConvertedLead_FollowedUpThroughFiveSteps_BlockedAtTheGate_UnblockedByDocumentsAndApproval_SignedAndPaid()
    {
        var rep = api.As("rep");
        var teamLead = api.As("teamlead");
        var admin = api.As("admin");
        await ContractApprovalTestSupport.PoliciesAsync(api);
        var quotationStage = await DefaultPipelineStageIdAsync("QUOTATION");
        var gate = await admin.QueryAsync("""
            mutation($stage: ID!) { configureStageGate(input: { stageId: $stage, requiredDocumentKinds: ["REQUIREMENT_CONFIRMATION", "COMPETITOR_ANALYSIS"],
              requiredFields: [AMOUNT], requiredApprovals: ["QUOTATION_REVIEW"] }) { errors { __typename } } }
            """, new { stage = quotationStage });
        Assert.Empty(gate["configureStageGate"]!["errors"]!.AsArray());

        // The lead reaches the rep, who calls it and converts it.
        var leadId = await api.CreateRepLeadAsync("端到端光伏");
        await api.LogOkAsync(rep, new { subjectId = leadId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" }, outcome = "POSITIVE", notes = "客户有意向" });
        var converted = await rep.QueryAsync(OpportunityTests.ConvertLead, new { input = new { leadId } });
        Assert.Empty(converted["convertLead"]!["errors"]!.AsArray());
        var id = converted["convertLead"]!["opportunity"]!["id"]!.GetValue<string>();

        // Steps 1 and 2 on the opportunity; the team lead watches the board live.
        var before = api.Services.GetRequiredService<HeadlessSales.Api.Infrastructure.Events.IEventBus>().SubscriberCount;
        await using var board = await WebSocketTestClient.ConnectAndInitAsync(api, api.Token("teamlead"));
        await board.SubscribeAsync("board", "subscription($t: ID!) { onFollowUpLogged(teamId: $t) { activity { subjectId summary tagCodes } } }", new { t = api.RepTeamId });
        await api.WaitForSubscribersAsync(before, 1);
        api.Clock.Advance(TimeSpan.FromHours(2));
        await api.LogOkAsync(rep, new { subjectId = id, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" } });
        var seenByTeamLead = await board.ReceiveAsync();
        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.LogOkAsync(rep, new
        {
            subjectId = id, kind = "VISIT", occurredAt = api.Now(), durationMinutes = 90, tagCodes = new[] { "DECISION_CHAIN_CONFIRMED", "PRICE_CONCERN" },
            concerns = "担心逆变器价格", nextStep = "提交需求确认书和竞品分析", nextStepDueOn = api.Clock.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd"),
        });
        var afterDiagnosis = await rep.QueryAsync(FollowUp, new { id });

        // The gate holds the opportunity at 需求确认 and says exactly what is missing.
        var blocked = await rep.QueryAsync(Advance, new { id });
        await MultipartRequest.UploadPdfAsync(rep, id, "REQUIREMENT_CONFIRMATION", customerSignedOn: api.Clock.GetUtcNow().ToString("yyyy-MM-dd"));
        await MultipartRequest.UploadPdfAsync(rep, id, "COMPETITOR_ANALYSIS", customerSignedOn: null);
        await rep.QueryAsync("mutation($id: ID!) { updateOpportunity(input: { id: $id, amount: { amount: \"480000\", currency: \"CNY\" } }) { errors { __typename } } }", new { id });
        var awaitingApproval = await rep.QueryAsync(Advance, new { id });
        var quotationReview = await rep.QueryAsync(ContractApprovalTestSupport.RequestApproval, new { id, policy = "QUOTATION_REVIEW" });
        var quotationApproved = await teamLead.QueryAsync(Approve, new { id = quotationReview["requestApproval"]!["request"]!["id"]!.GetValue<string>() });
        var atQuotation = await rep.QueryAsync(Advance, new { id });

        // Steps 3 to 5, each with the stage it belongs to.
        api.Clock.Advance(TimeSpan.FromDays(2));
        await api.LogOkAsync(rep, new { subjectId = id, kind = "VIDEO_DEMO", occurredAt = api.Now(), durationMinutes = 45, tagCodes = new[] { "SOLUTION_DEMO", "COMPETITOR_COMPARISON" } });
        var atNegotiation = await rep.QueryAsync(Advance, new { id });
        api.Clock.Advance(TimeSpan.FromDays(3));
        await api.LogOkAsync(rep, new { subjectId = id, kind = "MEETING", occurredAt = api.Now(), tagCodes = new[] { "COMMERCIAL_NEGOTIATION" } });
        var atSigning = await rep.QueryAsync(Advance, new { id });
        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.LogOkAsync(rep, new { subjectId = id, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "SIGNING_INTENT" } });
        var followedUp = await rep.QueryAsync(FollowUp, new { id });

        // The contract: made at 签约, approved online, signed through the provider, paid in two collections.
        var created = await rep.QueryAsync("""
            mutation($id: ID!) { createContract(input: { opportunityId: $id, title: "光伏逆变器采购合同" }) { contract { id amount { amount } } errors { __typename } } }
            """, new { id });
        var contractId = created["createContract"]!["contract"]!["id"]!.GetValue<string>();
        var contractReview = await rep.QueryAsync(ContractApprovalTestSupport.RequestApproval, new { id = contractId, policy = "CONTRACT_REVIEW" });
        var reviewId = contractReview["requestApproval"]!["request"]!["id"]!.GetValue<string>();
        var byTeamLead = await teamLead.QueryAsync(Approve, new { id = reviewId });
        var byRegionManager = await api.As("regionmanager").QueryAsync(Approve, new { id = reviewId });
        var bySalesOps = await api.As("salesops").QueryAsync(Approve, new { id = reviewId });
        const string Sign = "mutation($input: RecordSignatureStatusInput!) { recordSignatureStatus(input: $input) { contract { signatureStatus } errors { __typename } } }";
        await api.Integration.QueryAsync(Sign, new { input = new { contractId, status = "PENDING", providerReference = "esign-e2e-1" } });
        var signed = await api.Integration.QueryAsync(Sign, new { input = new { contractId, status = "SIGNED", providerReference = "esign-e2e-1" } });
        const string Collect = "mutation($input: RecordCollectionInput!) { recordCollection(input: $input) { collection { contract { outstanding { amount } } } errors { __typename } } }";
        var deposit = await api.Integration.QueryAsync(Collect, new { input = new { contractId, amount = "144000", receivedOn = api.Clock.GetUtcNow().ToString("yyyy-MM-dd"), note = "预付款 30%" } });
        var balance = await api.Integration.QueryAsync(Collect, new { input = new { contractId, amount = "336000", receivedOn = api.Clock.GetUtcNow().ToString("yyyy-MM-dd"), note = "尾款" } });
        var atCollection = await rep.QueryAsync(Advance, new { id });
        var trail = await rep.PostAsync("""
            query($id: ID!) { node(id: $id) { ... on Opportunity {
              stage { code } amount { amount currency }
              stageHistory { kind stage { code } }
              followUp { completedStepCount completed steps { step { code } status } }
              activities(first: 10) { totalCount nodes { kind tagCodes } }
              approvalRequests { policy { code } status } } } }
            """, new { id });

        var live = seenByTeamLead!["payload"]!["data"]!["onFollowUpLogged"]!["activity"]!;
        Assert.Equal((id, "FIRST_CONTACT"), (live["subjectId"]!.GetValue<string>(), live["tagCodes"]![0]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(live["summary"]!.GetValue<string>()));
        Assert.Equal((2, "SOLUTION_DEMO"), (afterDiagnosis["node"]!["followUp"]!["completedStepCount"]!.GetValue<int>(), afterDiagnosis["node"]!["followUp"]!["currentStep"]!["step"]!["code"]!.GetValue<string>()));

        var missing = Assert.Single(blocked["advanceOpportunity"]!["errors"]!.AsArray())!;
        Assert.Equal(("STAGE_GATE_NOT_MET", "QUOTATION"), (missing["code"]!.GetValue<string>(), missing["stage"]!["code"]!.GetValue<string>()));
        Assert.Equal(["REQUIREMENT_CONFIRMATION", "COMPETITOR_ANALYSIS"], Strings(missing["missingDocumentKinds"]));
        Assert.Equal(["QUOTATION_REVIEW"], Strings(missing["missingApprovals"]));
        var stillMissing = Assert.Single(awaitingApproval["advanceOpportunity"]!["errors"]!.AsArray())!;
        Assert.Empty(stillMissing["missingDocumentKinds"]!.AsArray());
        Assert.Empty(stillMissing["missingFields"]!.AsArray());
        Assert.Equal(["QUOTATION_REVIEW"], Strings(stillMissing["missingApprovals"]));
        Assert.Equal("APPROVED", quotationApproved["approveRequest"]!["request"]!["status"]!.GetValue<string>());
        Assert.Equal(["QUOTATION", "NEGOTIATION", "SIGNING"],
            new[] { atQuotation, atNegotiation, atSigning }.Select(a => a["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>()));
        Assert.Equal((5, true, false), (followedUp["node"]!["followUp"]!["completedStepCount"]!.GetValue<int>(),
            followedUp["node"]!["followUp"]!["completed"]!.GetValue<bool>(), followedUp["node"]!["followUp"]!["overdue"]!.GetValue<bool>()));

        Assert.Equal(("PENDING", "regionmanager@demo.example.com"),
            (byTeamLead["approveRequest"]!["request"]!["status"]!.GetValue<string>(), byTeamLead["approveRequest"]!["request"]!["currentApprover"]!["email"]!.GetValue<string>()));
        Assert.Equal("PENDING", byRegionManager["approveRequest"]!["request"]!["status"]!.GetValue<string>());
        Assert.Equal("APPROVED", bySalesOps["approveRequest"]!["request"]!["status"]!.GetValue<string>());
        Assert.Equal("SIGNED", signed["recordSignatureStatus"]!["contract"]!["signatureStatus"]!.GetValue<string>());
        Assert.Empty(deposit["recordCollection"]!["errors"]!.AsArray());
        Assert.Equal(0m, decimal.Parse(balance["recordCollection"]!["collection"]!["contract"]!["outstanding"]!["amount"]!.GetValue<string>()));
        Assert.Equal("COLLECTION", atCollection["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());
        trail.MatchResponseSnapshot();
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(s => s!.GetValue<string>()).ToArray();

    private async Task<string> DefaultPipelineStageIdAsync(string code)
    {
        var pipelines = await api.Integration.QueryAsync("{ pipelines(first: 10) { nodes { isDefault stages { id code } } } }");
        return pipelines["pipelines"]!["nodes"]!.AsArray().Single(p => p!["isDefault"]!.GetValue<bool>())!["stages"]!.AsArray()
            .Single(s => s!["code"]!.GetValue<string>() == code)!["id"]!.GetValue<string>();
    }
}
