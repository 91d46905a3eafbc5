using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Pipeline;

/// <summary>
/// The whole road through the public API: a lead converted, blocked at a gate that lists what is missing,
/// unblocked by uploaded documents and a two-step approval (live to each approver), advanced, moved back, and pushed on by an admin override.
/// </summary>
public sealed class StageGateTests(LeadsFixture api) : IClassFixture<LeadsFixture>
{
    /// <summary>Two kinds of the documents module's default catalog; a requirement confirmation counts once the customer has signed it.</summary>
    private static readonly string[] Kinds = ["REQUIREMENT_CONFIRMATION", "COMPETITOR_ANALYSIS"];

    private const string Advance = """
        mutation($id: ID!) { advanceOpportunity(input: { id: $id }) {
          opportunity { stage { code } }
          errors { __typename ... on UserError { code message } ... on StageGateNotMetError { stage { code } missingDocumentKinds missingFields missingApprovals } } } }
        """;

    private const string Decide = """
        mutation($id: ID!, $comment: String) { approveRequest(input: { id: $id, comment: $comment }) {
          request { status currentStep currentApproverRole currentApprover { email } decisions { step role outcome comment decider { email } } }
          errors { __typename ... on UserError { code } } } }
        """;

    private const string Reject = """
        mutation($id: ID!, $comment: String) { rejectRequest(input: { id: $id, comment: $comment }) {
          request { status decisions { outcome comment } } errors { __typename ... on UserError { code } ... on ValidationError { field } } } }
        """;

    private const string RequestApproval = """
        mutation($s: ID!, $p: String!) { requestApproval(input: { subjectId: $s, policyCode: $p, comment: "请审批报价" }) {
          request { id status currentApproverRole currentApprover { email } subject { id } } errors { __typename ... on UserError { code message } } } }
        """;

    /// <summary>A three-stage pipeline whose second stage is gated by two documents, two fields and <paramref name="policy"/>; its third by <paramref name="laterPolicy"/>.</summary>
    private async Task<(string PipelineId, string[] StageIds)> GatedPipelineAsync(GraphQLTestClient admin, string policy, string laterPolicy)
    {
        var created = await admin.QueryAsync("""
            mutation($code: String!) { createPipeline(input: { code: $code, name: "大项目流程", englishName: "Key deals", stages: [
              { code: "REQUIREMENT_CONFIRMATION", name: "需求确认", englishName: "Requirement confirmation", defaultProbability: 10 },
              { code: "QUOTATION", name: "方案报价", englishName: "Solution and quotation", defaultProbability: 30 },
              { code: "NEGOTIATION", name: "商务谈判", englishName: "Negotiation", defaultProbability: 60 } ] }) {
              pipeline { id stages { id code } } errors { __typename } } }
            """, new { code = api.UniqueName("KEY").ToUpperInvariant().Replace('-', '_') });
        var pipeline = created["createPipeline"]!["pipeline"]!;
        var stageIds = pipeline["stages"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToArray();
        await ConfigureAsync(admin, stageIds[1], Kinds, ["AMOUNT", "EXPECTED_CLOSE_DATE"], [policy], expectErrors: false);
        await ConfigureAsync(admin, stageIds[2], [], [], [laterPolicy], expectErrors: false);
        return (pipeline["id"]!.GetValue<string>(), stageIds);
    }

    private static async Task<JsonNode> ConfigureAsync(GraphQLTestClient admin, string stageId, string[] kinds, string[] fields, string[] approvals, bool expectErrors)
    {
        var data = await admin.QueryAsync("""
            mutation($input: ConfigureStageGateInput!) { configureStageGate(input: $input) {
              stage { requiredDocumentKinds requiredFields requiredApprovals } errors { __typename ... on UnknownCodeError { field value } } } }
            """, new { input = new { stageId, requiredDocumentKinds = kinds, requiredFields = fields, requiredApprovals = approvals } });
        Assert.Equal(expectErrors, data["configureStageGate"]!["errors"]!.AsArray().Count > 0);
        return data["configureStageGate"]!;
    }

    private async Task<string> PolicyAsync(GraphQLTestClient admin, params string[] steps)
    {
        var code = api.UniqueName("POLICY").ToUpperInvariant().Replace('-', '_');
        var data = await admin.QueryAsync("mutation($code: String!, $steps: [ApproverRole!]!) { createApprovalPolicy(input: { code: $code, name: \"报价审批\", steps: $steps }) { policy { code steps } errors { __typename } } }",
            new { code, steps });
        Assert.Equal(steps, data["createApprovalPolicy"]!["policy"]!["steps"]!.AsArray().Select(s => s!.GetValue<string>()));
        return code;
    }

    [Fact]
    public async Task ConvertedLead_BlockedAtTheGate_ApprovedTwoSteps_Advanced_MovedBack_AndOverriddenByAnAdmin()
    {
        var admin = await api.MemberAsync("admin", "sales:read sales:write org:admin audit:read");
        var policy = await PolicyAsync(admin, "TEAM_LEAD", "REGION_MANAGER");
        var laterPolicy = await PolicyAsync(admin, "SALES_OPS");
        var (pipelineId, _) = await GatedPipelineAsync(admin, policy, laterPolicy);
        var (leadId, rep) = await OpportunityTests.RepLeadAsync(api, api.UniqueName("嘉兴光伏"));
        var converted = await rep.QueryAsync(OpportunityTests.ConvertLead, new { input = new { leadId, pipelineId } });
        var id = converted["convertLead"]!["opportunity"]!["id"]!.GetValue<string>();
        var teamLeadToken = await new TokenClient(api).MemberTokenAsync("teamlead");
        var managerToken = await new TokenClient(api).MemberTokenAsync("regionmanager");
        var teamLead = api.CreateGraphQLClient(teamLeadToken);
        var manager = api.CreateGraphQLClient(managerToken);
        var before = api.Services.GetRequiredService<HeadlessSales.Api.Infrastructure.Events.IEventBus>().SubscriberCount;
        await using var teamLeadSocket = await WebSocketTestClient.ConnectAndInitAsync(api, teamLeadToken);
        await using var managerSocket = await WebSocketTestClient.ConnectAndInitAsync(api, managerToken);
        const string Feed = "subscription { onApprovalRequested { step role subjectId request { id status comment requestedBy { email } } } }";
        await teamLeadSocket.SubscribeAsync("approvals", Feed);
        await managerSocket.SubscribeAsync("approvals", Feed);
        await api.WaitForSubscribersAsync(before, 2);

        var blocked = await rep.QueryAsync(Advance, new { id });
        var requested = await rep.QueryAsync(RequestApproval, new { s = id, p = policy });
        var requestId = requested["requestApproval"]!["request"]!["id"]!.GetValue<string>();
        var toTeamLead = await teamLeadSocket.ReceiveAsync();
        var duplicate = await rep.QueryAsync(RequestApproval, new { s = id, p = policy });
        var byRequester = await rep.QueryAsync(Decide, new { id = requestId });
        var byManagerTooEarly = await manager.QueryAsync(Decide, new { id = requestId });
        var firstStep = await teamLead.QueryAsync(Decide, new { id = requestId, comment = "价格在授权范围内" });
        var toManager = await managerSocket.ReceiveAsync();
        var lastStep = await manager.QueryAsync(Decide, new { id = requestId, comment = "同意" });
        var again = await teamLead.QueryAsync(Decide, new { id = requestId });
        await MultipartRequest.UploadPdfAsync(rep, id, "REQUIREMENT_CONFIRMATION", customerSignedOn: null);
        var stillBlocked = await rep.QueryAsync(Advance, new { id });
        await rep.QueryAsync("mutation($id: ID!) { updateOpportunity(input: { id: $id, amount: { amount: \"860000\", currency: \"CNY\" }, expectedCloseDate: \"2027-01-15\" }) { errors { __typename } } }", new { id });
        await MultipartRequest.UploadPdfAsync(rep, id, "REQUIREMENT_CONFIRMATION", customerSignedOn: "2026-11-20");
        await MultipartRequest.UploadPdfAsync(rep, id, "COMPETITOR_ANALYSIS", customerSignedOn: null);

        var advanced = await rep.QueryAsync(Advance, new { id });
        var movedBack = await rep.QueryAsync(OpportunityTests.MoveBack, new { input = new { id, reason = "客户要求重新评估技术方案" } });
        var readvanced = await rep.QueryAsync(Advance, new { id });
        var blockedByLaterGate = await rep.QueryAsync(Advance, new { id });
        var repOverride = await rep.PostAsync("mutation($id: ID!) { forceAdvanceOpportunity(input: { id: $id, reason: \"赶进度\" }) { errors { __typename } } }", new { id });
        var noReason = await admin.QueryAsync("mutation($id: ID!) { forceAdvanceOpportunity(input: { id: $id, reason: \" \" }) { errors { ... on ValidationError { field } } } }", new { id });
        var forced = await admin.QueryAsync("mutation($id: ID!) { forceAdvanceOpportunity(input: { id: $id, reason: \"总经理特批，客户月底前必须签约\" }) { opportunity { stage { code } } errors { __typename } } }", new { id });
        var history = await rep.QueryAsync(OpportunityTests.StageHistory + "", new { id });
        var overrides = await rep.QueryAsync("query($id: ID!) { node(id: $id) { ... on Opportunity { stageHistory { kind reason overriddenRequirements actor { email } } approvalRequests { status policy { code } } } } }", new { id });
        var audit = await admin.QueryAsync("{ auditLog(first: 5, where: { operations: [\"forceAdvanceOpportunity\"] }) { nodes { actor member { email } outcome targetIds } } }");

        var gate = Assert.Single(blocked["advanceOpportunity"]!["errors"]!.AsArray())!;
        Assert.Equal(("StageGateNotMetError", "STAGE_GATE_NOT_MET", "QUOTATION"), (gate["__typename"]!.GetValue<string>(), gate["code"]!.GetValue<string>(), gate["stage"]!["code"]!.GetValue<string>()));
        Assert.Equal(Kinds, gate["missingDocumentKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["AMOUNT", "EXPECTED_CLOSE_DATE"], gate["missingFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal([policy], gate["missingApprovals"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Contains("COMPETITOR_ANALYSIS", gate["message"]!.GetValue<string>());

        var request = requested["requestApproval"]!["request"]!;
        Assert.Equal(("PENDING", "TEAM_LEAD", "teamlead@demo.example.com", id),
            (request["status"]!.GetValue<string>(), request["currentApproverRole"]!.GetValue<string>(), request["currentApprover"]!["email"]!.GetValue<string>(), request["subject"]!["id"]!.GetValue<string>()));
        var live = toTeamLead!["payload"]!["data"]!["onApprovalRequested"]!;
        Assert.Equal((0, "TEAM_LEAD", id, requestId, "rep@demo.example.com"),
            (live["step"]!.GetValue<int>(), live["role"]!.GetValue<string>(), live["subjectId"]!.GetValue<string>(), live["request"]!["id"]!.GetValue<string>(), live["request"]!["requestedBy"]!["email"]!.GetValue<string>()));
        Assert.Equal("INVALID_STATE", duplicate["requestApproval"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("SelfApprovalError", byRequester["approveRequest"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal("NotTheApproverError", byManagerTooEarly["approveRequest"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal(("PENDING", 1, "regionmanager@demo.example.com"),
            (firstStep["approveRequest"]!["request"]!["status"]!.GetValue<string>(), firstStep["approveRequest"]!["request"]!["currentStep"]!.GetValue<int>(),
             firstStep["approveRequest"]!["request"]!["currentApprover"]!["email"]!.GetValue<string>()));
        var second = toManager!["payload"]!["data"]!["onApprovalRequested"]!;
        Assert.Equal((1, "REGION_MANAGER", requestId), (second["step"]!.GetValue<int>(), second["role"]!.GetValue<string>(), second["request"]!["id"]!.GetValue<string>()));
        var approved = lastStep["approveRequest"]!["request"]!;
        Assert.Equal("APPROVED", approved["status"]!.GetValue<string>());
        Assert.Equal(["0:TEAM_LEAD:APPROVED:价格在授权范围内:teamlead@demo.example.com", "1:REGION_MANAGER:APPROVED:同意:regionmanager@demo.example.com"],
            approved["decisions"]!.AsArray().Select(d => $"{d!["step"]}:{d["role"]}:{d["outcome"]}:{d["comment"]}:{d["decider"]!["email"]}"));
        Assert.Equal("ApprovalAlreadyDecidedError", again["approveRequest"]!["errors"]![0]!["__typename"]!.GetValue<string>());

        var remaining = stillBlocked["advanceOpportunity"]!["errors"]![0]!;
        Assert.Empty(remaining["missingApprovals"]!.AsArray());
        // The unsigned requirement confirmation does not count.
        Assert.Equal(Kinds, remaining["missingDocumentKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("QUOTATION", advanced["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());
        Assert.Equal("REQUIREMENT_CONFIRMATION", movedBack["moveOpportunityBack"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());
        Assert.Equal("QUOTATION", readvanced["advanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());
        Assert.Equal([laterPolicy], blockedByLaterGate["advanceOpportunity"]!["errors"]![0]!["missingApprovals"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("FORBIDDEN", repOverride.FirstErrorCode);
        Assert.Equal("input.reason", noReason["forceAdvanceOpportunity"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("NEGOTIATION", forced["forceAdvanceOpportunity"]!["opportunity"]!["stage"]!["code"]!.GetValue<string>());

        Assert.Equal(["CREATED:REQUIREMENT_CONFIRMATION", "ADVANCED:QUOTATION", "MOVED_BACK:REQUIREMENT_CONFIRMATION", "ADVANCED:QUOTATION", "OVERRIDDEN:NEGOTIATION"],
            history["node"]!["stageHistory"]!.AsArray().Select(e => $"{e!["kind"]}:{e["stage"]!["code"]}"));
        var overridden = overrides["node"]!["stageHistory"]!.AsArray().Last()!;
        Assert.Equal(("总经理特批，客户月底前必须签约", "admin@demo.example.com"), (overridden["reason"]!.GetValue<string>(), overridden["actor"]!["email"]!.GetValue<string>()));
        Assert.Equal([$"APPROVAL:{laterPolicy}"], overridden["overriddenRequirements"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal($"APPROVED:{policy}", $"{overrides["node"]!["approvalRequests"]![0]!["status"]}:{overrides["node"]!["approvalRequests"]![0]!["policy"]!["code"]}");
        var entry = audit["auditLog"]!["nodes"]!.AsArray().First(e => e!["outcome"]!.GetValue<string>() == "SUCCEEDED")!;
        Assert.Equal("admin@demo.example.com", entry["member"]!["email"]!.GetValue<string>());
        Assert.Contains(id, entry["targetIds"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Rejection_NeedsAComment_FinishesTheRequest_AndARoleWideStepIsDecidedByAnyoneOfTheRole()
    {
        var admin = await api.MemberAsync("admin", "sales:read sales:write org:admin");
        var opsPolicy = await PolicyAsync(admin, "SALES_OPS");
        var leadPolicy = await PolicyAsync(admin, "TEAM_LEAD");
        var (leadId, rep) = await OpportunityTests.RepLeadAsync(api, api.UniqueName("绍兴化工"));
        var id = (await rep.QueryAsync(OpportunityTests.ConvertLead, new { input = new { leadId } }))["convertLead"]!["opportunity"]!["id"]!.GetValue<string>();
        var teamLead = await api.MemberAsync("teamlead");
        var ops = await api.MemberAsync("salesops");

        var toOps = (await rep.QueryAsync(RequestApproval, new { s = id, p = opsPolicy }))["requestApproval"]!["request"]!["id"]!.GetValue<string>();
        var toLead = (await rep.QueryAsync(RequestApproval, new { s = id, p = leadPolicy }))["requestApproval"]!["request"]!["id"]!.GetValue<string>();
        var awaiting = await ops.QueryAsync("{ approvalRequests(where: { awaitingMe: true }) { nodes { id } } }");
        var byTeamLead = await teamLead.QueryAsync(Decide, new { id = toOps });
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ops.QueryAsync(Decide, new { id = toOps })));
        var byOps = racing.Single(r => r["approveRequest"]!["errors"]!.AsArray().Count == 0);
        var noComment = await teamLead.QueryAsync(Reject, new { id = toLead });
        var rejected = await teamLead.QueryAsync(Reject, new { id = toLead, comment = "折扣超出授权" });
        var afterRejection = await teamLead.QueryAsync(Decide, new { id = toLead });
        var unknownPolicy = await rep.QueryAsync(RequestApproval, new { s = id, p = "NO_SUCH_POLICY" });
        var badGate = await ConfigureAsync(admin, (await admin.QueryAsync("{ pipelines(first: 1) { nodes { stages { id } } } }"))["pipelines"]!["nodes"]![0]!["stages"]![1]!["id"]!.GetValue<string>(),
            ["NO_SUCH_KIND", "COMPETITOR_ANALYSIS"], [], ["NO_SUCH_POLICY", opsPolicy], expectErrors: true);

        Assert.Contains(toOps, awaiting["approvalRequests"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.DoesNotContain(toLead, awaiting["approvalRequests"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.Equal("NotTheApproverError", byTeamLead["approveRequest"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal("APPROVED", byOps["approveRequest"]!["request"]!["status"]!.GetValue<string>());
        Assert.Single(byOps["approveRequest"]!["request"]!["decisions"]!.AsArray());
        Assert.All(racing.Where(r => r != byOps), r => Assert.Equal("APPROVAL_ALREADY_DECIDED", r["approveRequest"]!["errors"]![0]!["code"]!.GetValue<string>()));
        Assert.Equal("input.comment", noComment["rejectRequest"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(("REJECTED", "REJECTED:折扣超出授权"), (rejected["rejectRequest"]!["request"]!["status"]!.GetValue<string>(),
            rejected["rejectRequest"]!["request"]!["decisions"]!.AsArray().Select(d => $"{d!["outcome"]}:{d["comment"]}").Single()));
        Assert.Equal("APPROVAL_ALREADY_DECIDED", afterRejection["approveRequest"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("VALIDATION_FAILED", unknownPolicy["requestApproval"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(["input.requiredDocumentKinds:NO_SUCH_KIND", "input.requiredApprovals:NO_SUCH_POLICY"],
            badGate["errors"]!.AsArray().Select(e => $"{e!["field"]}:{e["value"]}"));
        Assert.Null(badGate["stage"]);
    }
}
