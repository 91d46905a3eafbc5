using System.Text.Json.Nodes;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.Features.Targets.Diagnosis;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Contracts;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// The records the authorization matrix reads and writes: one of each type owned in the org tree per placement relative
/// to the demo logins (<see cref="Placements"/>), one of each tenant-wide type, a second tenant, and a token per kind of
/// caller.
/// </summary>
internal sealed class MatrixSamples
{
    /// <summary>The placement of the tenant-wide samples.</summary>
    public const string TenantWide = "tenant";

    /// <summary>
    /// Owned by the demo rep; by another rep of the rep's team (which the demo team lead leads); by a rep of another team
    /// of the rep's region (which the demo region manager manages); by a rep of another region.
    /// </summary>
    public static readonly string[] Placements = ["own", "team", "region", "far"];

    private readonly ApiFactory _api;
    private readonly Dictionary<string, string> _tokens = [];

    private MatrixSamples(ApiFactory api) => _api = api;

    /// <summary>The sample of a type at a placement (<see cref="TenantWide"/> for tenant-wide types).</summary>
    public Dictionary<(string Type, string Placement), string> Ids { get; } = [];

    /// <summary>The owner, team and region of each placement.</summary>
    public Dictionary<string, (string Owner, string Team, string Region)> Owners { get; } = [];

    public long DemoTenantId { get; private set; }

    public long RivalTenantId { get; private set; }

    /// <summary>An account of the demo rep other than the samples: every caller of the demo tenant sees it.</summary>
    public string RepAccount { get; private set; } = null!;

    /// <summary>An account of the second tenant, and a member there.</summary>
    public string RivalAccount { get; private set; } = null!;

    public string RivalMember { get; private set; } = null!;

    /// <summary>A tag code that any follow-up may carry.</summary>
    public string TagCode { get; private set; } = null!;

    /// <summary>Where a placement's samples lie, as the variables of the list queries and the mutation probes.</summary>
    public Dictionary<string, string> Variables(string placement)
    {
        var owned = placement == TenantWide ? "far" : placement;
        var (owner, team, region) = Owners[owned];
        return new()
        {
            ["owner"] = owner, ["team"] = team, ["region"] = region, ["account"] = Ids[("Account", owned)], ["lead"] = Ids[("Lead", owned)],
            ["opportunity"] = Ids[("Opportunity", owned)], ["contract"] = Ids[("Contract", owned)],
        };
    }

    /// <summary>Who a write names as the acting member: members act as themselves; an integration must name one of its tenant.</summary>
    public string? ActingMember(string caller, string placement) => caller switch
    {
        "rival" => RivalMember,
        _ when caller.StartsWith("client:", StringComparison.Ordinal) => Owners[placement == TenantWide ? "far" : placement].Owner,
        _ => null,
    };

    public async Task<GraphQLTestClient> ClientAsync(string caller) =>
        caller == "anonymous" ? _api.CreateAnonymousClient() : _api.CreateGraphQLClient(await TokenAsync(caller));

    public async Task<string> TokenAsync(string caller)
    {
        if (!_tokens.TryGetValue(caller, out var token))
        {
            token = await new TokenClient(_api).MemberTokenAsync(caller, caller is "salesops" or "admin" ? "sales:read sales:write org:admin audit:read" : "sales:read sales:write");
            _tokens[caller] = token;
        }

        return token;
    }

    /// <summary>The database key behind a global id.</summary>
    public static long Key(string id) => GlobalId.TryDecode(id, out _, out var key) ? key : throw new ArgumentException($"Not a global id: {id}");

    public static async Task<MatrixSamples> CreateAsync(ApiFactory api)
    {
        var samples = new MatrixSamples(api);
        await samples.CreateCallersAsync();
        await samples.CreateRecordsAsync();
        return samples;
    }

    private async Task CreateCallersAsync()
    {
        var pool = _api.Services.GetRequiredService<ISalesDbContextPool>();
        await using (var db = pool.RentAcrossTenants())
        {
            DemoTenantId = await db.Tenants.Where(t => t.Slug == DemoDataSeeder.DemoTenantSlug).Select(t => t.Id).SingleAsync();
        }

        RivalTenantId = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 1, TeamsPerRegion = 1, RepsPerTeam = 2, Accounts = 5 }, null, CancellationToken.None, "rival", "Rival Co.");
        await using var scope = _api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<IntegrationClientService>();
        var tokens = new TokenClient(_api);
        foreach (var (caller, tenant, scopes) in new (string, long, string[])[]
        {
            ("client:sales:read", DemoTenantId, [Scopes.SalesRead]),
            ("client:sales:read+write", DemoTenantId, [Scopes.SalesRead, Scopes.SalesWrite]),
            ("client:sales:read+org:admin", DemoTenantId, [Scopes.SalesRead, Scopes.OrgAdmin]),
            ("client:sales:read+audit:read", DemoTenantId, [Scopes.SalesRead, Scopes.AuditRead]),
            ("client:sales:write", DemoTenantId, [Scopes.SalesWrite]),
            ("rival", RivalTenantId, Scopes.All.ToArray()),
        })
        {
            var clientId = "matrix-" + caller.Replace(':', '-').Replace('+', '-');
            await clients.CreateAsync(tenant, caller, scopes, CancellationToken.None, clientId, "matrix-secret");
            _tokens[caller] = await tokens.ClientCredentialsAsync(clientId, "matrix-secret");
        }
    }

    private async Task CreateRecordsAsync()
    {
        var integration = _api.CreateGraphQLClient();
        var rival = await ClientAsync("rival");
        var rivalCatalog = await rival.QueryAsync("{ accounts(first: 1) { nodes { id } } members(first: 1, where: { roles: [REP] }) { nodes { id } } }");
        RivalAccount = First(rivalCatalog["accounts"]!);
        RivalMember = First(rivalCatalog["members"]!);

        var me = (await (await ClientAsync("rep")).QueryAsync("{ viewer { member { id team { id } region { id } } } }"))["viewer"]!["member"]!;
        var (myId, myTeam, myRegion) = (me["id"]!.GetValue<string>(), me["team"]!["id"]!.GetValue<string>(), me["region"]!["id"]!.GetValue<string>());
        var reps = (await integration.QueryAsync("{ members(first: 100, where: { roles: [REP] }) { nodes { id team { id region { id } } } } }"))["members"]!["nodes"]!.AsArray()
            .Select(m => (Id: m!["id"]!.GetValue<string>(), Team: m["team"]!["id"]!.GetValue<string>(), Region: m["team"]!["region"]!["id"]!.GetValue<string>())).ToList();
        Owners["own"] = (myId, myTeam, myRegion);
        Owners["team"] = reps.First(r => r.Team == myTeam && r.Id != myId);
        Owners["region"] = reps.First(r => r.Region == myRegion && r.Team != myTeam);
        Owners["far"] = reps.First(r => r.Region != myRegion);

        var catalog = await integration.QueryAsync("""
            { tenant { id } workingCalendars(first: 1) { nodes { id } } products(first: 1) { nodes { id } } scriptTemplates(first: 1) { nodes { id } }
              approvalPolicies(first: 1) { nodes { id } } pipelines(first: 1) { nodes { id stages { id } } } activityTags(first: 1) { nodes { id code } }
              documentKinds(first: 1) { nodes { id } } integrationClients(first: 1) { nodes { id } } }
            """);
        Ids[("Tenant", TenantWide)] = catalog["tenant"]!["id"]!.GetValue<string>();
        Ids[("WorkingCalendar", TenantWide)] = First(catalog["workingCalendars"]!);
        Ids[("Product", TenantWide)] = First(catalog["products"]!);
        Ids[("ScriptTemplate", TenantWide)] = First(catalog["scriptTemplates"]!);
        Ids[("ApprovalPolicy", TenantWide)] = First(catalog["approvalPolicies"]!);
        Ids[("SalesPipeline", TenantWide)] = First(catalog["pipelines"]!);
        Ids[("PipelineStage", TenantWide)] = catalog["pipelines"]!["nodes"]![0]!["stages"]![0]!["id"]!.GetValue<string>();
        Ids[("ActivityTag", TenantWide)] = First(catalog["activityTags"]!);
        TagCode = catalog["activityTags"]!["nodes"]![0]!["code"]!.GetValue<string>();
        Ids[("DocumentKind", TenantWide)] = First(catalog["documentKinds"]!);
        Ids[("IntegrationClient", TenantWide)] = First(catalog["integrationClients"]!);
        Ids[("Member", TenantWide)] = Owners["far"].Owner;
        Ids[("Team", TenantWide)] = Owners["far"].Team;
        Ids[("Region", TenantWide)] = Owners["far"].Region;

        var rule = await integration.QueryAsync("""
            mutation { createMilestoneRewardRule(input: { name: "矩阵里程碑", requiredDocumentKinds: ["COMPETITOR_ANALYSIS"], amount: { amount: "500", currency: "CNY" } }) { rule { id } } }
            """);
        Ids[("MilestoneRewardRule", TenantWide)] = rule["createMilestoneRewardRule"]!["rule"]!["id"]!.GetValue<string>();
        var automation = await integration.QueryAsync("""
            mutation { createAutomationRule(input: { name: "矩阵规则", trigger: { event: "lead.first-response-recorded" }, condition: "event.outcome == 'NO_SUCH_OUTCOME'",
              actions: [{ kind: NOTIFY_MEMBER, recipient: OWNER, message: "矩阵" }] }) { rule { id } } }
            """);
        Ids[("AutomationRule", TenantWide)] = automation["createAutomationRule"]!["rule"]!["id"]!.GetValue<string>();
        var reward = await integration.QueryAsync("""mutation { createRewardCatalogItem(input: { name: "矩阵奖励", kind: TRAINING_RESOURCE, points: 10 }) { item { id } } }""");
        Ids[("RewardCatalogItem", TenantWide)] = reward["createRewardCatalogItem"]!["item"]!["id"]!.GetValue<string>();
        var practiceTask = await integration.QueryAsync("""mutation { createPracticeTask(input: { title: "矩阵练习", prompt: "矩阵", maxDurationSeconds: 120, rubric: ["矩阵"] }) { task { id } } }""");
        Ids[("PracticeTask", TenantWide)] = practiceTask["createPracticeTask"]!["task"]!["id"]!.GetValue<string>();
        var course = await integration.QueryAsync("""mutation { createTrainingCourse(input: { title: "矩阵课程", dimension: DEMO_FREQUENCY }) { course { id } } }""");
        Ids[("TrainingCourse", TenantWide)] = course["createTrainingCourse"]!["course"]!["id"]!.GetValue<string>();

        var period = 0;
        foreach (var placement in Placements)
        {
            await CreateOwnedRecordsAsync(integration, placement, Owners[placement], period++);
        }

        RepAccount = (await integration.QueryAsync("query($o: [ID!]) { accounts(first: 50, where: { ownerIds: $o }) { nodes { id } } }", new { o = new[] { myId } }))["accounts"]!["nodes"]!
            .AsArray().Select(a => a!["id"]!.GetValue<string>()).First(a => a != Ids[("Account", "own")]);
        // A public address (a documentation range, so nothing answers) for an event no probe raises: its one delivery, of the
        // calibration below, stays pending and stays the newest.
        var endpoint = await integration.QueryAsync("""mutation { createWebhookEndpoint(input: { url: "https://203.0.113.10/hooks", eventTypes: ["target.calibrated"] }) { webhookEndpoint { id } } }""");
        Ids[("WebhookEndpoint", TenantWide)] = endpoint["createWebhookEndpoint"]!["webhookEndpoint"]!["id"]!.GetValue<string>();
        var calibration = await integration.QueryAsync("""
            mutation($r: ID!) { calibrateProcessBaseline(input: { regionId: $r, metricKind: PROPOSAL_PASS_RATE, goal: "0.5", reason: MARKET, reasonText: "矩阵", effectiveFrom: "2026-12-01" }) { calibration { id } } }
            """, new { r = Owners["far"].Region });
        Ids[("TargetCalibration", TenantWide)] = calibration["calibrateProcessBaseline"]!["calibration"]!["id"]!.GetValue<string>();
        Ids[("AssignmentRule", TenantWide)] = First((await integration.QueryAsync("{ assignmentRules(first: 1) { nodes { id } } }"))["assignmentRules"]!);
        await _api.Services.GetRequiredService<Features.Integration.WebhookSender>().FanOutAsync(CancellationToken.None);
        Ids[("WebhookDelivery", TenantWide)] = First((await integration.QueryAsync("{ webhookDeliveries(first: 1) { nodes { id } } }"))["webhookDeliveries"]!);
        // Last: the list probe finds the newest entry, so no sample write may come after it.
        Ids[("AuditEntry", TenantWide)] = First((await integration.QueryAsync("{ auditLog(first: 1) { nodes { id } } }"))["auditLog"]!);
    }

    private async Task CreateOwnedRecordsAsync(GraphQLTestClient integration, string placement, (string Owner, string Team, string Region) at, int period)
    {
        void Keep(string type, string id) => Ids[(type, placement)] = id;

        var owned = await integration.QueryAsync("""
            query($o: [ID!]) { accounts(first: 50, where: { ownerIds: $o }) { nodes { id contacts(first: 1) { nodes { id } } } } activities(first: 1, where: { memberIds: $o }) { nodes { id } } }
            """, new { o = new[] { at.Owner } });
        var account = owned["accounts"]!["nodes"]!.AsArray().First(a => a!["contacts"]!["nodes"]!.AsArray().Count > 0)!;
        Keep("Account", account["id"]!.GetValue<string>());
        Keep("Contact", account["contacts"]!["nodes"]![0]!["id"]!.GetValue<string>());
        Keep("Activity", First(owned["activities"]!));

        // A rule that routes a province of the placement's own to its owner, so that the lead is assigned as intake assigns.
        var province = "矩阵省" + placement;
        await integration.QueryAsync("mutation($m: ID, $p: String!) { createAssignmentRule(input: { name: $p, position: 0, provinces: [$p], strategy: NAMED_MEMBER, memberId: $m }) { assignmentRule { id } } }",
            new { m = at.Owner, p = province });
        var lead = await integration.QueryAsync("mutation($p: String) { createLead(input: { name: \"矩阵\", phone: \"13900001111\", industry: NEW_ENERGY, source: WEBSITE, province: $p }) { lead { id owner { id } } } }",
            new { p = province });
        Keep("Lead", lead["createLead"]!["lead"]!["id"]!.GetValue<string>());
        Assert.Equal(at.Owner, lead["createLead"]!["lead"]!["owner"]!["id"]!.GetValue<string>());

        var opportunity = await integration.QueryAsync("""
            mutation($a: ID!) { createOpportunity(input: { accountId: $a, name: "矩阵商机", amount: { amount: "1000", currency: "CNY" } }) { opportunity { id } } }
            """, new { a = Ids[("Account", placement)] });
        Keep("Opportunity", opportunity["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>());
        await MoveToSigningAsync(Ids[("Opportunity", placement)]);
        var contract = (await integration.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId = Ids[("Opportunity", placement)], title = "矩阵合同" } }))["createContract"]!["contract"]!["id"]!.GetValue<string>();
        Keep("Contract", contract);
        await ContractApprovalTestSupport.ApproveAsync(_api, integration, contract);
        await integration.QueryAsync(ContractScenario.RecordSignature, new { input = new { contractId = contract, status = "SIGNED", providerReference = "matrix" } });
        var collection = await integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId = contract, amount = "100", receivedOn = "2026-11-20" } });
        Keep("PaymentCollection", collection["recordCollection"]!["collection"]!["id"]!.GetValue<string>());
        Keep("ApprovalRequest", First((await integration.QueryAsync("query($c: ID!) { approvalRequests(first: 1, where: { subjectIds: [$c] }) { nodes { id } } }", new { c = contract }))["approvalRequests"]!));

        var upload = await integration.SendAsync(MultipartRequest.ForDocument(new { subjectId = Ids[("Account", placement)], kindCode = "COMPETITOR_ANALYSIS" },
            new FilePart("0", MultipartRequest.Pdf, "矩阵.pdf", "application/pdf")));
        Keep("Document", upload.Data!["uploadDocument"]!["document"]!["id"]!.GetValue<string>());
        await MultipartRequest.UploadPdfAsync(integration, Ids[("Opportunity", placement)], "COMPETITOR_ANALYSIS", null);
        var claim = await integration.QueryAsync("mutation($o: ID!, $r: ID!) { claimMilestoneReward(input: { opportunityId: $o, ruleId: $r }) { entry { id } } }",
            new { o = Ids[("Opportunity", placement)], r = Ids[("MilestoneRewardRule", TenantWide)] });
        Keep("IncentiveEntry", claim["claimMilestoneReward"]!["entry"]!["id"]!.GetValue<string>());

        // A month of its own per placement: the report of a team and period is generated once.
        var from = new DateTime(2026, 10 - period, 1, 0, 0, 0, DateTimeKind.Utc);
        var report = await integration.QueryAsync("""
            mutation($t: ID, $from: DateTime!, $to: DateTime!) { generateAttributionReport(input: { period: { from: $from, to: $to }, scope: { teamId: $t } }) { attributionReport { id } errors { __typename } } }
            """, new { t = at.Team, from, to = from.AddMonths(1) });
        Keep("AttributionReport", report["generateAttributionReport"]!["attributionReport"]!["id"]!.GetValue<string>());

        var target = await integration.QueryAsync("""
            mutation($m: ID!) { createSalesTarget(input: { memberId: $m, periodKind: MONTH, periodStart: "2026-12-01",
              metrics: [{ kind: COLLECTIONS, goal: "100000", weight: 100 }, { kind: PROPOSAL_PASS_RATE, goal: "0.6", weight: 100 }] }) { target { id } } }
            """, new { m = at.Owner });
        Keep("SalesTarget", target["createSalesTarget"]!["target"]!["id"]!.GetValue<string>());
        var plan = await integration.QueryAsync("""
            mutation($t: ID!) { createWeeklyPlan(input: { targetId: $t, weekStart: "2026-11-30", items: [{ keyAction: "矩阵" }] }) { plan { id } } }
            """, new { t = Ids[("SalesTarget", placement)] });
        Keep("WeeklyPlan", plan["createWeeklyPlan"]!["plan"]!["id"]!.GetValue<string>());

        await StoreAsync(placement, at.Team, at.Region, Enum.GetValues<ProcessMetric>()[period]);
    }

    /// <summary>
    /// What only time makes (an escalation, a health alert), stored as the timers would store it; the alert of each
    /// placement is about a metric of its own, as a team has one open alert per metric.
    /// </summary>
    private async Task StoreAsync(string placement, string teamId, string regionId, ProcessMetric metric)
    {
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var leadKey = Key(Ids[("Lead", placement)]);
        var lead = await db.Set<Lead>().IgnoreQueryFilters().SingleAsync(l => l.Id == leadKey);
        var now = _api.Clock.GetUtcNow().UtcDateTime;
        var team = GlobalId.TryDecode(teamId, "Team")!.Value;
        var escalation = Escalation.Raise(lead.TenantId, lead.Id, EscalationReason.FirstResponseDeadlineMissed, EscalationLevel.SalesOps, targetMemberId: null, lead.TeamId, regionId: null, now);
        var alert = new HealthAlert
        {
            TenantId = lead.TenantId, Metric = metric, ScopeKind = HealthScopeKind.Team, ScopeId = team, TeamId = team,
            RegionId = GlobalId.TryDecode(regionId, "Region"), Status = HealthStatus.Breached, Value = 0.1, Threshold = 0.9, WarningBelow = 0.5,
            WindowFrom = now.AddDays(-7), WindowTo = now, RaisedAt = now,
        };
        // A case awaiting review, written by the placement's owner about its opportunity (won or not: the rows are about who sees it).
        var wonCase = WonCase.Submit(lead.TenantId, Key(Ids[("Opportunity", placement)]), Key(Owners[placement].Owner),
            new WonCaseContent("矩阵案例", "制造业", null, "矩阵", "矩阵", "矩阵", [], [], []), now);
        var finding = new TargetHealthFinding
        {
            TenantId = lead.TenantId, Rule = TargetHealthRule.ContractSplitting, MemberId = Key(Owners[placement].Owner), SubjectKey = Key(Ids[("Account", placement)]),
            TeamId = team, RegionId = GlobalId.TryDecode(regionId, "Region"), Summary = "矩阵", Suggestion = "矩阵",
            Records = [new FindingRecord("Account", Key(Ids[("Account", placement)]), "矩阵")], Figures = [new FindingFigure("contracts", 3)],
            WindowFrom = now.AddDays(-30), WindowTo = now, RaisedAt = now,
        };
        // A redemption awaiting a manager, of the placement's owner (held points are the ledger's business, not the matrix's).
        var redemption = new PointsRedemption
        {
            TenantId = lead.TenantId, MemberId = Key(Owners[placement].Owner), Sequence = 1, ItemId = Key(Ids[("RewardCatalogItem", TenantWide)]), Quantity = 1, Points = 10, RequestedAt = now,
        };
        // A practice awaiting its review, of the placement's owner.
        var practice = new PracticeSubmission
        {
            TenantId = lead.TenantId, TaskId = Key(Ids[("PracticeTask", TenantWide)]), MemberId = Key(Owners[placement].Owner), ContentType = "video/mp4", StorageKey = "matrix",
            DurationSeconds = 60, SubmittedAt = now,
        };
        // A case the placement's owner owes for a month.
        var obligation = new CaseObligation { TenantId = lead.TenantId, MemberId = Key(Owners[placement].Owner), Month = "2026-10", Rank = 1, Wins = 1, CreatedAt = now, DueAt = now };
        db.AddRange(escalation, alert, wonCase, finding, redemption, practice, obligation);
        await db.SaveChangesAsync();
        Ids[("CaseObligation", placement)] = GlobalId.Encode("CaseObligation", obligation.Id);
        Ids[("PracticeSubmission", placement)] = GlobalId.Encode("PracticeSubmission", practice.Id);
        Ids[("PointsRedemption", placement)] = GlobalId.Encode("PointsRedemption", redemption.Id);
        Ids[("TargetHealthFinding", placement)] = GlobalId.Encode("TargetHealthFinding", finding.Id);
        Ids[("WonCase", placement)] = GlobalId.Encode("WonCase", wonCase.Id);
        Ids[("Escalation", placement)] = GlobalId.Encode("Escalation", escalation.Id);
        Ids[("HealthAlert", placement)] = GlobalId.Encode("HealthAlert", alert.Id);
    }

    private async Task MoveToSigningAsync(string opportunityId)
    {
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var key = GlobalId.TryDecode(opportunityId, "Opportunity")!.Value;
        var opportunity = await db.Opportunities.IgnoreQueryFilters().SingleAsync(o => o.Id == key);
        opportunity.StageId = await db.PipelineStages.IgnoreQueryFilters()
            .Where(s => s.TenantId == opportunity.TenantId && s.PipelineId == opportunity.PipelineId && s.Code == Features.Contracts.ContractRules.SigningStageCode)
            .Select(s => s.Id).SingleAsync();
        await db.SaveChangesAsync();
    }

    private static string First(JsonNode connection) => connection["nodes"]![0]!["id"]!.GetValue<string>();
}
