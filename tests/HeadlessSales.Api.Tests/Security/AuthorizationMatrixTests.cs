using System.Net;
using System.Text.Json.Nodes;
using GraphQL.Types;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Contracts;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// Who reads what by id: every node type of the running schema × every kind of caller, against one record of the demo
/// tenant placed outside the demo rep's region (or a tenant-wide record), on SQLite and on PostgreSQL. The expectations
/// are data, in <see cref="NodeMatrix"/>; a node type without a row there fails <see cref="EveryNodeTypeOfTheSchema_HasARowInTheMatrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>V: the record is returned; H: null, exactly as for an id that never existed; F: FORBIDDEN; U: UNAUTHENTICATED.</summary>
    private static readonly string[] Callers =
    [
        "rep", "teamlead", "regionmanager", "salesops", "admin",
        "client:sales:read", "client:sales:read+write", "client:sales:read+org:admin", "client:sales:read+audit:read", "client:sales:write",
        "rival", "anonymous",
    ];

    private const string FarRecord = "H H H V V V V V V F H U";
    private const string TenantWide = "V V V V V V V V V F H U";

    /// <summary>The expected outcome of <c>nodes(ids:)</c> per node type, one letter per caller in the order of <see cref="Callers"/>.</summary>
    private static readonly Dictionary<string, string> NodeMatrix = new()
    {
        // Records owned in the org tree: seen by those who see their owner (here: a rep of another region).
        ["Account"] = FarRecord,
        ["Contact"] = FarRecord,
        ["Lead"] = FarRecord,
        ["Opportunity"] = FarRecord,
        ["Activity"] = FarRecord,
        ["Contract"] = FarRecord,
        ["PaymentCollection"] = FarRecord,
        ["Document"] = FarRecord,
        ["Escalation"] = FarRecord,
        ["ApprovalRequest"] = FarRecord,
        ["HealthAlert"] = FarRecord,
        ["AttributionReport"] = FarRecord,
        ["SalesTarget"] = FarRecord,
        ["WeeklyPlan"] = FarRecord,
        ["TargetCalibration"] = FarRecord,
        // The org tree and the tenant's sales-process settings: every reader of the tenant.
        ["Tenant"] = TenantWide,
        ["Region"] = TenantWide,
        ["Team"] = TenantWide,
        ["Member"] = TenantWide,
        ["WorkingCalendar"] = TenantWide,
        ["Product"] = TenantWide,
        ["ScriptTemplate"] = TenantWide,
        ["AssignmentRule"] = TenantWide,
        ["ApprovalPolicy"] = TenantWide,
        ["SalesPipeline"] = TenantWide,
        ["PipelineStage"] = TenantWide,
        ["ActivityTag"] = TenantWide,
        ["DocumentKind"] = TenantWide,
        // Types whose every field needs a scope and a role: not found at all without them.
        ["AuditEntry"] = "H H H V V H H H V F H U",
        ["IntegrationClient"] = "H H H H V H H V H F H U",
    };

    /// <summary>
    /// The root list that holds each type, narrowed by <c>$owner</c>, <c>$team</c>, <c>$region</c>, <c>$account</c>,
    /// <c>$lead</c>, <c>$opportunity</c> or <c>$contract</c> to where the sample lies, and the expected outcome per caller:
    /// V: the sample is listed; H: the list answers without it; F/U: the list is refused. "-": the type has no root list
    /// (it is reached through its parent, whose rows cover it).
    /// </summary>
    private static readonly Dictionary<string, (string? List, string Expected)> ListMatrix = new()
    {
        ["Account"] = ("accounts(first: 100, where: { ownerIds: [$owner] })", FarRecord),
        ["Contact"] = ("contacts(first: 100, where: { accountIds: [$account] })", FarRecord),
        ["Lead"] = ("leads(first: 100, where: { ownerIds: [$owner] })", FarRecord),
        ["Opportunity"] = ("opportunities(first: 100, where: { accountIds: [$account] })", FarRecord),
        ["Activity"] = ("activities(first: 100, where: { memberIds: [$owner] })", FarRecord),
        ["Contract"] = ("contracts(first: 100, where: { opportunityIds: [$opportunity] })", FarRecord),
        ["PaymentCollection"] = (null, "-"),
        ["Document"] = ("documents(first: 100, where: { subjectIds: [$account] })", FarRecord),
        ["Escalation"] = ("escalations(first: 100, where: { leadIds: [$lead] })", FarRecord),
        ["ApprovalRequest"] = ("approvalRequests(first: 100, where: { subjectIds: [$contract] })", FarRecord),
        ["HealthAlert"] = ("healthAlerts(first: 100, where: { teamIds: [$team] })", FarRecord),
        ["AttributionReport"] = ("attributionReports(first: 100, where: { teamIds: [$team] })", FarRecord),
        ["SalesTarget"] = ("salesTargets(first: 100, where: { nodeKinds: [MEMBER] })", FarRecord),
        ["WeeklyPlan"] = (null, "-"),
        ["TargetCalibration"] = ("targetCalibrations(first: 100, regionId: $region)", FarRecord),
        ["Tenant"] = (null, "-"),
        ["Region"] = ("regions(first: 100)", TenantWide),
        ["Team"] = ("teams(first: 100, where: { regionIds: [$region] })", TenantWide),
        ["Member"] = ("members(first: 100, where: { teamIds: [$team] })", TenantWide),
        ["WorkingCalendar"] = ("workingCalendars(first: 100)", TenantWide),
        ["Product"] = ("products(first: 100)", TenantWide),
        ["ScriptTemplate"] = ("scriptTemplates(first: 100)", TenantWide),
        ["AssignmentRule"] = ("assignmentRules(first: 100)", TenantWide),
        ["ApprovalPolicy"] = ("approvalPolicies(first: 100)", TenantWide),
        ["SalesPipeline"] = ("pipelines(first: 100)", TenantWide),
        ["PipelineStage"] = (null, "-"),
        ["ActivityTag"] = ("activityTags(first: 100)", TenantWide),
        ["DocumentKind"] = ("documentKinds(first: 100)", TenantWide),
        ["AuditEntry"] = ("auditLog(first: 1)", "F F F V V F F F V F H U"),
        ["IntegrationClient"] = ("integrationClients(first: 100)", "F F F F V F F V F F H U"),
    };

    /// <summary>
    /// A mutation that reaches the sample by id, per type that has one harmless to repeat: V: it reached the record (no
    /// NOT_FOUND); H: NOT_FOUND, word for word the answer for an id that never existed; F/U: refused. Writes need
    /// <c>sales:write</c> only, so a write-only client reaches what it may not read back.
    /// </summary>
    private static readonly Dictionary<string, (string Mutation, string Expected)> MutationMatrix = new()
    {
        ["Account"] = ("updateAccount(input: { id: $id, city: \"矩阵\" })", "H H H V V F V F F V H U"),
        ["Contact"] = ("updateContact(input: { id: $id, title: \"矩阵\" })", "H H H V V F V F F V H U"),
        ["Opportunity"] = ("updateOpportunity(input: { id: $id, probability: 50 })", "H H H V V F V F F V H U"),
    };

    /// <summary>
    /// <c>onAccountChanged</c> of the sample account, over the WebSocket: V: the change is delivered; H: nothing arrives
    /// (as for an account that never existed); F/U: the subscription is refused.
    /// </summary>
    private const string AccountSubscriptionExpected = "H H H V V V V V V F H U";

    [Fact]
    public async Task EveryNodeTypeOfTheSchema_HasARowInTheMatrix()
    {
        await using var api = new ApiFactory();
        var schema = api.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var nodeTypes = schema.AllTypes.OfType<IObjectGraphType>().Where(t => t.ResolvedInterfaces.Any(i => i.Name == "Node")).Select(t => t.Name).ToHashSet();

        var withoutRow = nodeTypes.Except(NodeMatrix.Keys.Intersect(ListMatrix.Keys)).Order().ToList();
        var stale = NodeMatrix.Keys.Except(nodeTypes).Order().ToList();

        Assert.True(withoutRow.Count == 0, $"Node types without a row in the authorization matrix: {string.Join(", ", withoutRow)}");
        Assert.True(stale.Count == 0, $"Matrix rows for types no longer in the schema: {string.Join(", ", stale)}");
        Assert.True(NodeMatrix.Keys.ToHashSet().SetEquals(ListMatrix.Keys), "The node and list tables name the same types.");
        Assert.All(NodeMatrix.Values.Concat(ListMatrix.Values.Where(l => l.List is not null).Select(l => l.Expected)), row => Assert.Equal(Callers.Length, row.Split(' ').Length));
    }

    [Fact]
    public async Task Matrix_OnSqlite()
    {
        await using var api = new ApiFactory();
        await AssertMatrixAsync(api);
    }

    [PostgresFact]
    public async Task Matrix_OnPostgreSql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        await AssertMatrixAsync(api);
    }

    private static async Task AssertMatrixAsync(ApiFactory api)
    {
        var samples = await MatrixSamples.CreateAsync(api);
        var missing = NodeMatrix.Keys.Except(samples.Ids.Keys).ToList();
        Assert.True(missing.Count == 0, $"No sample record for: {string.Join(", ", missing)}");
        var types = NodeMatrix.Keys.Order().ToList();
        var ids = types.Select(t => samples.Ids[t]).ToArray();
        var failures = new List<string>();

        foreach (var (caller, column) in Callers.Select((c, i) => (c, i)))
        {
            var client = await samples.ClientAsync(caller);
            var response = await client.PostAsync("query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", new { ids });
            for (var row = 0; row < types.Count; row++)
            {
                var expected = NodeMatrix[types[row]].Split(' ')[column];
                var actual = Outcome(response, row, ids[row]);
                if (actual != expected)
                {
                    failures.Add($"node: {types[row]} × {caller}: expected {expected}, got {actual}");
                }
            }

            foreach (var (type, (list, expectedRow)) in ListMatrix.Where(l => l.Value.List is not null))
            {
                var used = samples.Placement.Where(p => list!.Contains("$" + p.Key, StringComparison.Ordinal)).ToDictionary();
                var declared = used.Count == 0 ? "" : $"({string.Join(", ", used.Keys.Select(k => $"${k}: ID"))})";
                var listed = await client.PostAsync($"query{declared} {{ list: {list} {{ nodes {{ id }} }} }}", used);
                var expected = expectedRow.Split(' ')[column];
                var actual = ListOutcome(listed, samples.Ids[type]);
                if (actual != expected)
                {
                    failures.Add($"list: {type} × {caller}: expected {expected}, got {actual}");
                }
            }
        }

        foreach (var (type, (mutation, expectedRow)) in MutationMatrix)
        {
            var document = $"mutation($id: ID!) {{ probe: {mutation} {{ errors {{ __typename ... on UserError {{ code message }} }} }} }}";
            var neverExisted = GlobalId.Encode(type, 9_999_999);
            foreach (var (caller, column) in Callers.Select((c, i) => (c, i)))
            {
                var client = await samples.ClientAsync(caller);
                var reached = await client.PostAsync(document, new { id = samples.Ids[type] });
                var absent = await client.PostAsync(document, new { id = neverExisted });
                var actual = MutationOutcome(reached, samples.Ids[type], absent, neverExisted);
                var expected = expectedRow.Split(' ')[column];
                if (actual != expected)
                {
                    failures.Add($"mutation: {type} × {caller}: expected {expected}, got {actual}");
                }
            }
        }

        await using (var watchers = new WebSocketGroup())
        {
            var integration = api.CreateGraphQLClient();
            foreach (var (caller, column) in Callers.Select((c, i) => (c, i)))
            {
                var (sentinel, sentinelWriter) = caller == "rival" ? (samples.RivalAccount, await samples.ClientAsync("rival")) : (samples.RepAccount, integration);
                var actual = await SubscriptionOutcomeAsync(api, watchers, caller == "anonymous" ? null : await samples.TokenAsync(caller), samples.Ids["Account"], integration, sentinel, sentinelWriter);
                var expected = AccountSubscriptionExpected.Split(' ')[column];
                if (actual != expected)
                {
                    failures.Add($"subscription: onAccountChanged × {caller}: expected {expected}, got {actual}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The body with the id the caller sent replaced: an error may echo the id it was given, and nothing else.</summary>
    private static string Unechoed(GraphQLResponse response, string id) => response.Body.Replace(id, "<id>", StringComparison.Ordinal);

    private static string MutationOutcome(GraphQLResponse reached, string reachedId, GraphQLResponse missing, string missingId)
    {
        var code = (reached.Data?["probe"]?["errors"] as JsonArray)?.FirstOrDefault()?["code"]?.GetValue<string>();
        return reached.FirstErrorCode switch
        {
            "FORBIDDEN" when reached.Status == HttpStatusCode.Forbidden => "F",
            "UNAUTHENTICATED" when reached.Status == HttpStatusCode.Unauthorized => "U",
            null when code == "NOT_FOUND" => Unechoed(reached, reachedId) == Unechoed(missing, missingId) ? "H" : $"NOT_FOUND unlike a missing id: {reached.Body} / {missing.Body}",
            null when reached.Data?["probe"] is JsonObject => "V",
            _ => $"{(int)reached.Status} {reached.Body}",
        };
    }

    /// <summary>
    /// Subscribes to the account and to a sentinel account the caller sees (the demo rep's own, or one of the caller's
    /// tenant), changes the account and then the sentinel, and tells which change reached the subscriber first: events
    /// are delivered in the order they were raised.
    /// </summary>
    private static async Task<string> SubscriptionOutcomeAsync(ApiFactory api, WebSocketGroup watchers, string? token, string accountId, GraphQLTestClient integration,
        string sentinelId, GraphQLTestClient sentinelWriter)
    {
        var bus = api.Services.GetRequiredService<HeadlessSales.Api.Infrastructure.Events.IEventBus>();
        var socket = await watchers.OpenAsync(api);
        await socket.SendAsync(new { type = "connection_init", payload = token is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token } });
        if ((await socket.ReceiveAsync())?["type"]?.GetValue<string>() is not "connection_ack")
        {
            return $"no connection_ack (close {socket.CloseStatus})";
        }

        var before = bus.SubscriberCount;
        await socket.SubscribeAsync("s", "subscription($id: ID!) { onAccountChanged(id: $id) { accountId } }", new { id = accountId });
        // Either the subscription is refused (an error message) or it starts watching (the bus counts one more subscriber).
        var message = socket.ReceiveAsync();
        while (!message.IsCompleted && bus.SubscriberCount <= before)
        {
            await Task.Yield();
        }

        if (message.IsCompleted)
        {
            var refused = await message;
            return (refused?["payload"] as JsonArray)?.FirstOrDefault()?["extensions"]?["code"]?.GetValue<string>() switch
            {
                "FORBIDDEN" when refused!["type"]!.GetValue<string>() == "error" => "F",
                "UNAUTHENTICATED" when refused!["type"]!.GetValue<string>() == "error" => "U",
                _ => refused?.ToJsonString() ?? "closed",
            };
        }

        await socket.SubscribeAsync("sentinel", "subscription($id: ID!) { onAccountChanged(id: $id) { accountId } }", new { id = sentinelId });
        while (bus.SubscriberCount <= before + 1)
        {
            await Task.Yield();
        }

        const string change = "mutation($id: ID!) { updateAccount(input: { id: $id, city: \"订阅\" }) { errors { __typename } } }";
        await integration.QueryAsync(change, new { id = accountId });
        await sentinelWriter.QueryAsync(change, new { id = sentinelId });
        var next = await message;
        return next?["type"]?.GetValue<string>() switch
        {
            "next" when next["id"]?.GetValue<string>() == "s" && next["payload"]?["data"]?["onAccountChanged"]?["accountId"]?.GetValue<string>() == accountId => "V",
            "next" when next["id"]?.GetValue<string>() == "sentinel" => "H",
            _ => next?.ToJsonString() ?? "closed",
        };
    }

    /// <summary>Sockets kept open to the end, so that the bus's subscriber count only grows while the matrix runs.</summary>
    private sealed class WebSocketGroup : IAsyncDisposable
    {
        private readonly List<WebSocketTestClient> _sockets = [];

        public async Task<WebSocketTestClient> OpenAsync(ApiFactory api)
        {
            var socket = await WebSocketTestClient.ConnectAsync(api);
            _sockets.Add(socket);
            return socket;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var socket in _sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private static string ListOutcome(GraphQLResponse response, string id) => response.FirstErrorCode switch
    {
        "FORBIDDEN" when response.Status == HttpStatusCode.Forbidden => "F",
        "UNAUTHENTICATED" when response.Status == HttpStatusCode.Unauthorized => "U",
        null when response.Data?["list"]?["nodes"] is JsonArray nodes => nodes.Any(n => n!["id"]!.GetValue<string>() == id) ? "V" : "H",
        _ => $"{(int)response.Status} {response.Body}",
    };

    private static string Outcome(GraphQLResponse response, int index, string id) => response.FirstErrorCode switch
    {
        "FORBIDDEN" when response.Status == HttpStatusCode.Forbidden => "F",
        "UNAUTHENTICATED" when response.Status == HttpStatusCode.Unauthorized => "U",
        null when response.Data?["nodes"]?[index] is JsonObject node => node["id"]!.GetValue<string>() == id ? "V" : $"another object ({node.ToJsonString()})",
        null when response.Data?["nodes"] is JsonArray => "H",
        _ => $"{(int)response.Status} {response.Body}",
    };
}

/// <summary>
/// One record of each node type in the demo tenant, placed where the matrix says (owned by a rep of another region than
/// the demo rep's), a second tenant, and a client per kind of caller.
/// </summary>
internal sealed class MatrixSamples
{
    private readonly ApiFactory _api;
    private readonly Dictionary<string, string> _tokens = [];

    private MatrixSamples(ApiFactory api) => _api = api;

    public Dictionary<string, string> Ids { get; } = [];

    /// <summary>An account of the demo rep: every caller of the demo tenant sees it.</summary>
    public string RepAccount { get; private set; } = null!;

    /// <summary>An account of the second tenant.</summary>
    public string RivalAccount { get; private set; } = null!;

    /// <summary>Where the samples lie, as the variables of the list queries.</summary>
    public Dictionary<string, string> Placement => new()
    {
        ["owner"] = Ids["Member"], ["team"] = Ids["Team"], ["region"] = Ids["Region"], ["account"] = Ids["Account"], ["lead"] = Ids["Lead"],
        ["opportunity"] = Ids["Opportunity"], ["contract"] = Ids["Contract"],
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
        long demoTenant;
        await using (var db = pool.RentAcrossTenants())
        {
            demoTenant = await db.Tenants.Where(t => t.Slug == DemoDataSeeder.DemoTenantSlug).Select(t => t.Id).SingleAsync();
        }

        var rivalTenant = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 1, TeamsPerRegion = 1, RepsPerTeam = 2, Accounts = 5 }, null, CancellationToken.None, "rival", "Rival Co.");
        await using var scope = _api.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<IntegrationClientService>();
        var tokens = new TokenClient(_api);
        foreach (var (caller, tenant, scopes) in new (string, long, string[])[]
        {
            ("client:sales:read", demoTenant, [Scopes.SalesRead]),
            ("client:sales:read+write", demoTenant, [Scopes.SalesRead, Scopes.SalesWrite]),
            ("client:sales:read+org:admin", demoTenant, [Scopes.SalesRead, Scopes.OrgAdmin]),
            ("client:sales:read+audit:read", demoTenant, [Scopes.SalesRead, Scopes.AuditRead]),
            ("client:sales:write", demoTenant, [Scopes.SalesWrite]),
            ("rival", rivalTenant, Scopes.All.ToArray()),
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
        var rep = await ClientAsync("rep");
        var myRegion = (await rep.QueryAsync("{ viewer { member { region { id } } } }"))["viewer"]!["member"]!["region"]!["id"]!.GetValue<string>();
        var reps = (await integration.QueryAsync("{ members(first: 100, where: { roles: [REP] }) { nodes { id team { id region { id } } } } }"))["members"]!["nodes"]!.AsArray();
        var far = reps.First(m => m!["team"]!["region"]!["id"]!.GetValue<string>() != myRegion)!;
        var me = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        RepAccount = First((await integration.QueryAsync("query($o: [ID!]) { accounts(first: 1, where: { ownerIds: $o }) { nodes { id } } }", new { o = new[] { me } }))["accounts"]!);
        RivalAccount = First((await (await ClientAsync("rival")).QueryAsync("{ accounts(first: 1) { nodes { id } } }"))["accounts"]!);
        var farRep = far["id"]!.GetValue<string>();
        var farTeam = far["team"]!["id"]!.GetValue<string>();
        var farRegion = far["team"]!["region"]!["id"]!.GetValue<string>();
        Ids["Member"] = farRep;
        Ids["Team"] = farTeam;
        Ids["Region"] = farRegion;

        var catalog = await integration.QueryAsync("""
            { tenant { id } workingCalendars(first: 1) { nodes { id } } products(first: 1) { nodes { id } } scriptTemplates(first: 1) { nodes { id } }
              approvalPolicies(first: 1) { nodes { id } } pipelines(first: 1) { nodes { id stages { id } } } activityTags(first: 1) { nodes { id } }
              documentKinds(first: 1) { nodes { id } } integrationClients(first: 1) { nodes { id } } }
            """);
        Ids["Tenant"] = catalog["tenant"]!["id"]!.GetValue<string>();
        Ids["WorkingCalendar"] = First(catalog["workingCalendars"]!);
        Ids["Product"] = First(catalog["products"]!);
        Ids["ScriptTemplate"] = First(catalog["scriptTemplates"]!);
        Ids["ApprovalPolicy"] = First(catalog["approvalPolicies"]!);
        Ids["SalesPipeline"] = First(catalog["pipelines"]!);
        Ids["PipelineStage"] = catalog["pipelines"]!["nodes"]![0]!["stages"]![0]!["id"]!.GetValue<string>();
        Ids["ActivityTag"] = First(catalog["activityTags"]!);
        Ids["DocumentKind"] = First(catalog["documentKinds"]!);
        Ids["IntegrationClient"] = First(catalog["integrationClients"]!);

        var owned = await integration.QueryAsync("""
            query($o: [ID!]) { accounts(first: 1, where: { ownerIds: $o }) { nodes { id contacts(first: 1) { nodes { id } } } } activities(first: 1, where: { memberIds: $o }) { nodes { id } } }
            """, new { o = new[] { farRep } });
        var account = First(owned["accounts"]!);
        Ids["Account"] = account;
        Ids["Contact"] = owned["accounts"]!["nodes"]![0]!["contacts"]!["nodes"]![0]!["id"]!.GetValue<string>();
        Ids["Activity"] = First(owned["activities"]!);

        var province = "矩阵省";
        var rule = await integration.QueryAsync("mutation($m: ID, $p: String!) { createAssignmentRule(input: { name: $p, position: 0, provinces: [$p], strategy: NAMED_MEMBER, memberId: $m }) { assignmentRule { id } } }",
            new { m = farRep, p = province });
        Ids["AssignmentRule"] = rule["createAssignmentRule"]!["assignmentRule"]!["id"]!.GetValue<string>();
        var lead = await integration.QueryAsync("mutation($p: String) { createLead(input: { name: \"矩阵\", phone: \"13900001111\", industry: NEW_ENERGY, source: WEBSITE, province: $p }) { lead { id owner { id } } } }",
            new { p = province });
        Ids["Lead"] = lead["createLead"]!["lead"]!["id"]!.GetValue<string>();
        Assert.Equal(farRep, lead["createLead"]!["lead"]!["owner"]!["id"]!.GetValue<string>());

        var opportunity = await integration.QueryAsync("""
            mutation($a: ID!) { createOpportunity(input: { accountId: $a, name: "矩阵商机", amount: { amount: "1000", currency: "CNY" } }) { opportunity { id } } }
            """, new { a = account });
        Ids["Opportunity"] = opportunity["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
        await MoveToSigningAsync(Ids["Opportunity"]);
        var contract = (await integration.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId = Ids["Opportunity"], title = "矩阵合同" } }))["createContract"]!["contract"]!["id"]!.GetValue<string>();
        Ids["Contract"] = contract;
        await ContractApprovalTestSupport.ApproveAsync(_api, integration, contract);
        await integration.QueryAsync(ContractScenario.RecordSignature, new { input = new { contractId = contract, status = "SIGNED", providerReference = "matrix" } });
        var collection = await integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId = contract, amount = "100", receivedOn = "2026-11-20" } });
        Ids["PaymentCollection"] = collection["recordCollection"]!["collection"]!["id"]!.GetValue<string>();
        var approvals = await integration.QueryAsync("{ approvalRequests(first: 1) { nodes { id } } }");
        Ids["ApprovalRequest"] = First(approvals["approvalRequests"]!);

        var upload = await integration.SendAsync(MultipartRequest.ForDocument(new { subjectId = account, kindCode = "COMPETITOR_ANALYSIS" }, new FilePart("0", MultipartRequest.Pdf, "矩阵.pdf", "application/pdf")));
        Ids["Document"] = upload.Data!["uploadDocument"]!["document"]!["id"]!.GetValue<string>();

        var report = await integration.QueryAsync("""
            mutation($t: ID) { generateAttributionReport(input: { period: { from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z" }, scope: { teamId: $t } }) { attributionReport { id } errors { __typename } } }
            """, new { t = farTeam });
        Ids["AttributionReport"] = report["generateAttributionReport"]!["attributionReport"]!["id"]!.GetValue<string>();

        // A far rep's target with a weekly plan, and a calibration of the far region.
        var target = await integration.QueryAsync("""
            mutation($m: ID!) { createSalesTarget(input: { memberId: $m, periodKind: MONTH, periodStart: "2026-12-01",
              metrics: [{ kind: COLLECTIONS, goal: "100000", weight: 100 }, { kind: PROPOSAL_PASS_RATE, goal: "0.6", weight: 100 }] }) { target { id } } }
            """, new { m = farRep });
        Ids["SalesTarget"] = target["createSalesTarget"]!["target"]!["id"]!.GetValue<string>();
        var plan = await integration.QueryAsync("""
            mutation($t: ID!) { createWeeklyPlan(input: { targetId: $t, weekStart: "2026-11-30", items: [{ keyAction: "矩阵" }] }) { plan { id } } }
            """, new { t = Ids["SalesTarget"] });
        Ids["WeeklyPlan"] = plan["createWeeklyPlan"]!["plan"]!["id"]!.GetValue<string>();
        var calibration = await integration.QueryAsync("""
            mutation($r: ID!) { calibrateProcessBaseline(input: { regionId: $r, metricKind: PROPOSAL_PASS_RATE, goal: "0.5", reason: MARKET, reasonText: "矩阵", effectiveFrom: "2026-12-01" }) { calibration { id } } }
            """, new { r = farRegion });
        Ids["TargetCalibration"] = calibration["calibrateProcessBaseline"]!["calibration"]!["id"]!.GetValue<string>();

        await StoreAsync(Ids["Lead"], farTeam, farRegion);
        Ids["AuditEntry"] = First((await integration.QueryAsync("{ auditLog(first: 1) { nodes { id } } }"))["auditLog"]!);
    }

    /// <summary>What only time makes (an escalation, a health alert), stored as the timers would store it.</summary>
    private async Task StoreAsync(string leadId, string teamId, string regionId)
    {
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var lead = await db.Set<Lead>().IgnoreQueryFilters().SingleAsync(l => l.Id == GlobalId.TryDecode(leadId, "Lead")!.Value);
        var now = _api.Clock.GetUtcNow().UtcDateTime;
        var team = GlobalId.TryDecode(teamId, "Team")!.Value;
        var escalation = Escalation.Raise(lead.TenantId, lead.Id, EscalationReason.FirstResponseDeadlineMissed, EscalationLevel.SalesOps, targetMemberId: null, lead.TeamId, regionId: null, now);
        var alert = new HealthAlert
        {
            TenantId = lead.TenantId, Metric = ProcessMetric.AssignmentRate, ScopeKind = HealthScopeKind.Team, ScopeId = team, TeamId = team,
            RegionId = GlobalId.TryDecode(regionId, "Region"), Status = HealthStatus.Breached, Value = 0.1, Threshold = 0.9, WarningBelow = 0.5,
            WindowFrom = now.AddDays(-7), WindowTo = now, RaisedAt = now,
        };
        db.AddRange(escalation, alert);
        await db.SaveChangesAsync();
        Ids["Escalation"] = GlobalId.Encode("Escalation", escalation.Id);
        Ids["HealthAlert"] = GlobalId.Encode("HealthAlert", alert.Id);
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
