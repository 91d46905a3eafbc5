using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>Milestone rewards gated by documents on the opportunity, paid once into an append-only incentive ledger.</summary>
[Collection(ApiCollection.Name)]
public sealed class RewardsTests(ApiFactory api)
{
    private readonly TargetScenario _targets = new(api);

    private const string CreateRule = """
        mutation($input: CreateMilestoneRewardRuleInput!) { createMilestoneRewardRule(input: $input) {
          rule { id name requiredDocumentKinds amount { amount currency } }
          errors { __typename ... on UserError { code message } ... on ValidationError { field } } } }
        """;

    private const string Claim = """
        mutation($o: ID!, $r: ID!) { claimMilestoneReward(input: { opportunityId: $o, ruleId: $r }) {
          entry { id kind reason amount { amount currency } member { id } rule { id } opportunity { id } }
          errors { __typename ... on UserError { code message } ... on MilestoneEvidenceMissingError { missingDocumentKinds } } } }
        """;

    private const string Reverse = """
        mutation($e: ID!, $reason: String!) { reverseIncentiveEntry(input: { entryId: $e, reason: $reason }) {
          entry { id kind reason amount { amount currency } reverses { id kind amount { amount } } }
          errors { __typename ... on UserError { code message } } } }
        """;

    private const string Ledger = """
        query($m: ID!) { incentiveLedger(memberId: $m) { member { id } balance { amount currency } entries { id kind amount { amount } opportunity { id } reverses { id } } } }
        """;

    /// <summary>A rule needing a solution proposal and the customer-signed requirement confirmation, paying 500 CNY.</summary>
    private static async Task<string> RuleAsync(TargetScenario targets, bool requiresApproval = false)
    {
        var created = await targets.Ops.QueryAsync(CreateRule, new { input = new
        {
            name = "技术方案评审完成 " + Guid.NewGuid().ToString("N")[..6],
            requiredDocumentKinds = new[] { "SOLUTION_PROPOSAL", "REQUIREMENT_CONFIRMATION" },
            amount = new { amount = "500", currency = "CNY" },
            requiresApproval,
        } });
        Assert.Empty(created["createMilestoneRewardRule"]!["errors"]!.AsArray());
        return created["createMilestoneRewardRule"]!["rule"]!["id"]!.GetValue<string>();
    }

    private static async Task<string> OpportunityOfAsync(TargetScenario targets, string memberId)
    {
        var account = (await targets.AccountsOfAsync(memberId)).First();
        var created = await targets.Ops.QueryAsync("""
            mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { opportunity { id owner { id } } } }
            """, new { input = new { accountId = account, name = "里程碑商机 " + Guid.NewGuid().ToString("N")[..6] } });
        var opportunity = created["createOpportunity"]!["opportunity"]!;
        Assert.Equal(memberId, opportunity["owner"]!["id"]!.GetValue<string>());
        return opportunity["id"]!.GetValue<string>();
    }

    private static async Task UploadEvidenceAsync(TargetScenario targets, string opportunityId)
    {
        await MultipartRequest.UploadPdfAsync(targets.Ops, opportunityId, "SOLUTION_PROPOSAL", null);
        await MultipartRequest.UploadPdfAsync(targets.Ops, opportunityId, "REQUIREMENT_CONFIRMATION", "2026-11-20");
    }

    private static decimal BalanceOf(JsonNode ledger) => decimal.Parse(ledger["incentiveLedger"]!["balance"]!["amount"]!.GetValue<string>());

    [Fact]
    public async Task Claim_NeedsEveryPieceOfEvidence_ThenPaysTheOwnerOnce()
    {
        var org = await _targets.RepOrgAsync();
        var rule = await RuleAsync(_targets);
        var opportunity = await OpportunityOfAsync(_targets, org.RepId);
        var rep = await api.MemberAsync("rep");

        var bare = (await rep.QueryAsync(Claim, new { o = opportunity, r = rule }))["claimMilestoneReward"]!;
        Assert.Null(bare["entry"]);
        Assert.Equal("MilestoneEvidenceMissingError", bare["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal(["SOLUTION_PROPOSAL", "REQUIREMENT_CONFIRMATION"], bare["errors"]![0]!["missingDocumentKinds"]!.AsArray().Select(k => k!.GetValue<string>()));

        // The confirmation counts only once the customer has signed it.
        await MultipartRequest.UploadPdfAsync(_targets.Ops, opportunity, "SOLUTION_PROPOSAL", null);
        await MultipartRequest.UploadPdfAsync(_targets.Ops, opportunity, "REQUIREMENT_CONFIRMATION", null);
        var unsigned = (await rep.QueryAsync(Claim, new { o = opportunity, r = rule }))["claimMilestoneReward"]!;
        Assert.Equal(["REQUIREMENT_CONFIRMATION"], unsigned["errors"]![0]!["missingDocumentKinds"]!.AsArray().Select(k => k!.GetValue<string>()));

        var before = BalanceOf(await rep.QueryAsync(Ledger, new { m = org.RepId }));
        await MultipartRequest.UploadPdfAsync(_targets.Ops, opportunity, "REQUIREMENT_CONFIRMATION", "2026-11-20");
        var paid = (await rep.QueryAsync(Claim, new { o = opportunity, r = rule }))["claimMilestoneReward"]!;
        Assert.Empty(paid["errors"]!.AsArray());
        Assert.Equal("MILESTONE_REWARD", paid["entry"]!["kind"]!.GetValue<string>());
        Assert.Equal(500m, decimal.Parse(paid["entry"]!["amount"]!["amount"]!.GetValue<string>()));
        Assert.Equal("CNY", paid["entry"]!["amount"]!["currency"]!.GetValue<string>());
        Assert.Equal(org.RepId, paid["entry"]!["member"]!["id"]!.GetValue<string>());
        Assert.Equal(opportunity, paid["entry"]!["opportunity"]!["id"]!.GetValue<string>());

        var again = (await _targets.Ops.QueryAsync(Claim, new { o = opportunity, r = rule }))["claimMilestoneReward"]!;
        Assert.Null(again["entry"]);
        Assert.Equal("DUPLICATE", again["errors"]![0]!["code"]!.GetValue<string>());

        var ledger = await rep.QueryAsync(Ledger, new { m = org.RepId });
        Assert.Equal(before + 500m, BalanceOf(ledger));
        Assert.Single(ledger["incentiveLedger"]!["entries"]!.AsArray(), e => e!["opportunity"]?["id"]?.GetValue<string>() == opportunity);
    }

    [Fact]
    public Task ConcurrentClaims_PayExactlyOnce() => ClaimConcurrentlyAsync(api);

    /// <summary>On PostgreSQL the claims really run side by side (SQLite serializes writers): the unique index decides.</summary>
    [PostgresFact]
    public async Task ConcurrentClaims_PayExactlyOnce_OnPostgreSql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var postgres = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        await ClaimConcurrentlyAsync(postgres);
    }

    private static async Task ClaimConcurrentlyAsync(ApiFactory api)
    {
        var targets = new TargetScenario(api);
        var org = await targets.RepOrgAsync();
        var rule = await RuleAsync(targets);
        var opportunity = await OpportunityOfAsync(targets, org.RepId);
        await UploadEvidenceAsync(targets, opportunity);
        var clients = new[] { targets.Ops, await api.MemberAsync("rep"), await api.MemberAsync("teamlead"), await api.MemberAsync("salesops") };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients[i % clients.Length].QueryAsync(Claim, new { o = opportunity, r = rule })));

        var payloads = answers.Select(a => a["claimMilestoneReward"]!).ToList();
        Assert.Single(payloads, p => p["entry"] is JsonObject);
        Assert.All(payloads.Where(p => p["entry"] is not JsonObject), p => Assert.Equal("DUPLICATE", p["errors"]![0]!["code"]!.GetValue<string>()));
        var ledger = await targets.Ops.QueryAsync(Ledger, new { m = org.RepId });
        Assert.Single(ledger["incentiveLedger"]!["entries"]!.AsArray(), e => e!["opportunity"]?["id"]?.GetValue<string>() == opportunity);
    }

    [Fact]
    public async Task Reversal_IsANewNegativeEntryNamingTheOriginal_BySalesOpsOnly()
    {
        var org = await _targets.RepOrgAsync();
        var rule = await RuleAsync(_targets);
        var opportunity = await OpportunityOfAsync(_targets, org.RepId);
        await UploadEvidenceAsync(_targets, opportunity);
        var rep = await api.MemberAsync("rep");
        var salesOps = await api.MemberAsync("salesops");
        var before = BalanceOf(await rep.QueryAsync(Ledger, new { m = org.RepId }));
        var entry = (await rep.QueryAsync(Claim, new { o = opportunity, r = rule }))["claimMilestoneReward"]!["entry"]!["id"]!.GetValue<string>();

        var byRep = (await rep.QueryAsync(Reverse, new { e = entry, reason = "我想撤销" }))["reverseIncentiveEntry"]!;
        Assert.Equal("INVALID_STATE", byRep["errors"]![0]!["code"]!.GetValue<string>());

        var reversed = (await salesOps.QueryAsync(Reverse, new { e = entry, reason = "签字页无效，客户重签" }))["reverseIncentiveEntry"]!;
        Assert.Empty(reversed["errors"]!.AsArray());
        Assert.Equal("REVERSAL", reversed["entry"]!["kind"]!.GetValue<string>());
        Assert.Equal(-500m, decimal.Parse(reversed["entry"]!["amount"]!["amount"]!.GetValue<string>()));
        Assert.Equal("签字页无效，客户重签", reversed["entry"]!["reason"]!.GetValue<string>());
        Assert.Equal(entry, reversed["entry"]!["reverses"]!["id"]!.GetValue<string>());
        // The original is untouched.
        Assert.Equal(500m, decimal.Parse(reversed["entry"]!["reverses"]!["amount"]!["amount"]!.GetValue<string>()));

        var twice = (await salesOps.QueryAsync(Reverse, new { e = entry, reason = "再撤一次" }))["reverseIncentiveEntry"]!;
        Assert.Equal("DUPLICATE", twice["errors"]![0]!["code"]!.GetValue<string>());
        var reversal = reversed["entry"]!["id"]!.GetValue<string>();
        var ofReversal = (await salesOps.QueryAsync(Reverse, new { e = reversal, reason = "撤销撤销" }))["reverseIncentiveEntry"]!;
        Assert.Equal("VALIDATION_FAILED", ofReversal["errors"]![0]!["code"]!.GetValue<string>());

        var ledger = await rep.QueryAsync(Ledger, new { m = org.RepId });
        Assert.Equal(before, BalanceOf(ledger));
        Assert.Equal(2, ledger["incentiveLedger"]!["entries"]!.AsArray().Count(e => e!["opportunity"]?["id"]?.GetValue<string>() == opportunity));
    }

    [Fact]
    public async Task Ledger_IsSeenByTheRepAndTheirManagers_NotByAnotherRep_AndAnUnseenOpportunityReadsAsMissing()
    {
        var org = await _targets.RepOrgAsync();
        var rule = await RuleAsync(_targets);
        var mine = await OpportunityOfAsync(_targets, org.RepId);
        var theirs = await OpportunityOfAsync(_targets, org.OtherRepId);
        await UploadEvidenceAsync(_targets, mine);
        await UploadEvidenceAsync(_targets, theirs);
        var rep = await api.MemberAsync("rep");
        var lead = await api.MemberAsync("teamlead");

        // Another rep's opportunity answers word for word as one that never existed.
        var unseen = await rep.PostAsync(Claim, new { o = theirs, r = rule });
        var never = GlobalId.Encode("Opportunity", 9_999_999);
        var missing = await rep.PostAsync(Claim, new { o = never, r = rule });
        Assert.Equal(missing.Body.Replace(never, "X"), unseen.Body.Replace(theirs, "X"));
        Assert.Equal("NOT_FOUND", unseen.Data!["claimMilestoneReward"]!["errors"]![0]!["code"]!.GetValue<string>());

        var paid = (await lead.QueryAsync(Claim, new { o = theirs, r = rule }))["claimMilestoneReward"]!;
        Assert.Equal(org.OtherRepId, paid["entry"]!["member"]!["id"]!.GetValue<string>());
        var theirEntry = paid["entry"]!["id"]!.GetValue<string>();
        await rep.QueryAsync(Claim, new { o = mine, r = rule });

        Assert.Null((await rep.QueryAsync(Ledger, new { m = org.OtherRepId }))["incentiveLedger"]);
        Assert.Null((await rep.QueryAsync(Ledger, new { m = GlobalId.Encode("Member", 9_999_999) }))["incentiveLedger"]);
        Assert.NotNull((await rep.QueryAsync(Ledger, new { m = org.RepId }))["incentiveLedger"]);
        var leadsView = await lead.QueryAsync(Ledger, new { m = org.OtherRepId });
        Assert.Contains(leadsView["incentiveLedger"]!["entries"]!.AsArray(), e => e!["id"]!.GetValue<string>() == theirEntry);
        // The period bounds the entries and the balance: a window before any entry is empty.
        const string Window = "query($m: ID!, $from: DateOnly, $to: DateOnly) { incentiveLedger(memberId: $m, from: $from, to: $to) { balance { amount } entries { id } } }";
        var empty = await lead.QueryAsync(Window, new { m = org.OtherRepId, from = "2000-01-01", to = "2000-02-01" });
        Assert.Empty(empty["incentiveLedger"]!["entries"]!.AsArray());
        Assert.Equal(0m, decimal.Parse(empty["incentiveLedger"]!["balance"]!["amount"]!.GetValue<string>()));
        var around = await lead.QueryAsync(Window, new { m = org.OtherRepId, from = "2000-01-01", to = "2100-01-01" });
        Assert.Contains(around["incentiveLedger"]!["entries"]!.AsArray(), e => e!["id"]!.GetValue<string>() == theirEntry);
        var node = await rep.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = theirEntry });
        Assert.Null(node["node"]);
    }

    [Fact]
    public async Task Rule_NeedsKnownEvidence_AndIsSalesOpsOnly()
    {
        var byRep = await (await api.MemberAsync("rep")).QueryAsync(CreateRule, new { input = new { name = "代表自定", requiredDocumentKinds = new[] { "QUOTATION" }, amount = new { amount = "100", currency = "CNY" } } });
        Assert.Equal("INVALID_STATE", byRep["createMilestoneRewardRule"]!["errors"]![0]!["code"]!.GetValue<string>());

        var bad = await _targets.Ops.QueryAsync(CreateRule, new { input = new { name = "未知证据", requiredDocumentKinds = new[] { "MEETING_MINUTES_X" }, amount = new { amount = "100", currency = "USD" } } });
        var fields = bad["createMilestoneRewardRule"]!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["input.requiredDocumentKinds", "input.amount"], fields);
    }

    private const string Approve = """
        mutation($e: ID!) { approveIncentiveEntry(input: { entryId: $e }) { entry { id approval decidedBy { id } } errors { __typename ... on UserError { code message } } } }
        """;

    private const string Reject = """
        mutation($e: ID!) { rejectIncentiveEntry(input: { entryId: $e }) { entry { id approval decidedBy { id } } errors { __typename ... on UserError { code message } } } }
        """;

    [Fact]
    public async Task RuleAskingForApproval_PaysPending_CountingOnlyOnceAManagerApproves_AndARejectionNeverCounts()
    {
        var org = await _targets.RepOrgAsync();
        var rule = await RuleAsync(_targets, requiresApproval: true);
        var approved = await OpportunityOfAsync(_targets, org.RepId);
        var rejected = await OpportunityOfAsync(_targets, org.RepId);
        await UploadEvidenceAsync(_targets, approved);
        await UploadEvidenceAsync(_targets, rejected);
        var rep = await api.MemberAsync("rep");
        var lead = await api.MemberAsync("teamlead");
        var salesOps = await api.MemberAsync("salesops");
        var before = BalanceOf(await rep.QueryAsync(Ledger, new { m = org.RepId }));

        // Concurrent claims of the pending reward: still one entry per rule and opportunity.
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => rep.QueryAsync(Claim, new { o = approved, r = rule })));
        var pending = Assert.Single(claims, c => c["claimMilestoneReward"]!["entry"] is JsonObject)["claimMilestoneReward"]!["entry"]!["id"]!.GetValue<string>();
        Assert.All(claims.Where(c => c["claimMilestoneReward"]!["entry"] is not JsonObject),
            c => Assert.Equal("DUPLICATE", c["claimMilestoneReward"]!["errors"]![0]!["code"]!.GetValue<string>()));
        const string Entry = "query($id: ID!) { node(id: $id) { ... on IncentiveEntry { approval decidedBy { id } } } }";
        Assert.Equal("PENDING", (await rep.QueryAsync(Entry, new { id = pending }))["node"]!["approval"]!.GetValue<string>());
        Assert.Equal(before, BalanceOf(await rep.QueryAsync(Ledger, new { m = org.RepId })));

        // A rep decides nothing, and a pending entry is not reversed (it is rejected instead).
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Approve, new { e = pending })).FirstErrorCode);
        var reversePending = (await salesOps.QueryAsync(Reverse, new { e = pending, reason = "未审先撤" }))["reverseIncentiveEntry"]!;
        Assert.Equal("VALIDATION_FAILED", reversePending["errors"]![0]!["code"]!.GetValue<string>());

        var byLead = (await lead.QueryAsync(Approve, new { e = pending }))["approveIncentiveEntry"]!;
        Assert.Empty(byLead["errors"]!.AsArray());
        Assert.Equal("APPROVED", byLead["entry"]!["approval"]!.GetValue<string>());
        Assert.NotEqual(org.RepId, byLead["entry"]!["decidedBy"]!["id"]!.GetValue<string>());
        Assert.Equal(before + 500m, BalanceOf(await rep.QueryAsync(Ledger, new { m = org.RepId })));
        var again = (await salesOps.QueryAsync(Reject, new { e = pending }))["rejectIncentiveEntry"]!;
        Assert.Equal("INVALID_STATE", again["errors"]![0]!["code"]!.GetValue<string>());

        var second = (await rep.QueryAsync(Claim, new { o = rejected, r = rule }))["claimMilestoneReward"]!["entry"]!["id"]!.GetValue<string>();
        var refused = (await salesOps.QueryAsync(Reject, new { e = second }))["rejectIncentiveEntry"]!;
        Assert.Equal("REJECTED", refused["entry"]!["approval"]!.GetValue<string>());
        var reclaim = (await rep.QueryAsync(Claim, new { o = rejected, r = rule }))["claimMilestoneReward"]!;
        Assert.Equal("DUPLICATE", reclaim["errors"]![0]!["code"]!.GetValue<string>());
        var ledger = await rep.QueryAsync(Ledger, new { m = org.RepId });
        Assert.Equal(before + 500m, BalanceOf(ledger));
        Assert.Single(ledger["incentiveLedger"]!["entries"]!.AsArray(), e => e!["opportunity"]?["id"]?.GetValue<string>() == rejected);
    }

    [Fact]
    public async Task RewardWithoutApproval_NeedsNoDecision()
    {
        var org = await _targets.RepOrgAsync();
        var rule = await RuleAsync(_targets);
        var opportunity = await OpportunityOfAsync(_targets, org.RepId);
        await UploadEvidenceAsync(_targets, opportunity);
        var rep = await api.MemberAsync("rep");
        var entry = (await rep.QueryAsync(Claim, new { o = opportunity, r = rule }))["claimMilestoneReward"]!["entry"]!["id"]!.GetValue<string>();

        var decided = (await (await api.MemberAsync("teamlead")).QueryAsync(Approve, new { e = entry }))["approveIncentiveEntry"]!;
        Assert.Equal("INVALID_STATE", decided["errors"]![0]!["code"]!.GetValue<string>());
    }
}
