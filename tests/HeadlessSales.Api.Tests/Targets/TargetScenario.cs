using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Contracts;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>The demo rep's place in the org and the operations the target tests share, all through the public API.</summary>
internal sealed class TargetScenario(ApiFactory api)
{
    public GraphQLTestClient Ops { get; } = api.CreateGraphQLClient();

    public const string CreateTarget = """
        mutation($input: CreateSalesTargetInput!) { createSalesTarget(input: $input) {
          target { id nodeKind periodStart periodEnd resultWeight processWeight allocationOverrideReason metrics { kind processMetric goal weight capPercent floorPercent } }
          errors { __typename ... on UserError { code message }
            ... on WeightsNotSummingTo100Error { track sum } ... on ClosedPeriodError { periodEnd }
            ... on OverlappingTargetError { targetId } ... on AllocationExceedsParentError { metric parentGoal childrenGoal } ... on ValidationError { field } } } }
        """;

    public const string Tree = """
        query($root: ID!) { targetTree(rootId: $root) { id nodeKind parent { id } member { email }
          allocationGaps { kind parentGoal allocated gap }
          attainment { score result { weight attainment metrics { metric { kind } actual attainment credit } } process { weight attainment metrics { metric { kind processMetric goal } actual attainment credit } } }
          weeklyPlans { weekStart items { keyAction account { id } doneAt } } } }
        """;

    public record Org(string RepId, string RepEmail, string TeamId, string RegionId, string? LeadEmail, string OtherRepId);

    public async Task<Org> RepOrgAsync()
    {
        var found = await Ops.QueryAsync("""
            { members(first: 1, where: { search: "rep@demo.example.com" }) { nodes { id email team { id lead { email } region { id } } } } }
            """);
        var rep = found["members"]!["nodes"]![0]!;
        var teamId = rep["team"]!["id"]!.GetValue<string>();
        var mates = await Ops.QueryAsync("query($t: ID!) { members(first: 20, where: { teamIds: [$t], roles: [REP] }) { nodes { id } } }", new { t = teamId });
        var other = mates["members"]!["nodes"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).First(id => id != rep["id"]!.GetValue<string>());
        return new Org(rep["id"]!.GetValue<string>(), rep["email"]!.GetValue<string>(), teamId, rep["team"]!["region"]!["id"]!.GetValue<string>(),
            rep["team"]!["lead"]?["email"]?.GetValue<string>(), other);
    }

    public async Task<JsonNode> CreateAsync(object input, GraphQLTestClient? client = null) =>
        (await (client ?? Ops).QueryAsync(CreateTarget, new { input }))["createSalesTarget"]!;

    public static string IdOf(JsonNode payload)
    {
        Assert.Empty(payload["errors"]!.AsArray());
        return payload["target"]!["id"]!.GetValue<string>();
    }

    /// <summary>The accounts of a member, as the whole-tenant view lists them.</summary>
    public async Task<List<string>> AccountsOfAsync(string memberId)
    {
        var accounts = await Ops.QueryAsync("query($m: ID!) { accounts(first: 100, where: { ownerIds: [$m] }) { nodes { id } } }", new { m = memberId });
        return accounts["accounts"]!["nodes"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
    }

    /// <summary>A contract of the rep's account, signed now and approved through the online approval; its opportunity is placed at 签约 directly.</summary>
    public async Task<string> SignedContractOfAsync(string accountId, string amount)
    {
        var created = await Ops.QueryAsync("""
            mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { opportunity { id } errors { __typename } } }
            """, new { input = new { accountId, name = "目标测试商机 " + Guid.NewGuid().ToString("N")[..6], amount = new { amount, currency = "CNY" } } });
        var opportunityId = created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
        var key = GlobalId.TryDecode(opportunityId, "Opportunity")!.Value;
        await using (var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants())
        {
            var opportunity = await db.Opportunities.IgnoreQueryFilters().SingleAsync(o => o.Id == key);
            opportunity.StageId = await db.PipelineStages.IgnoreQueryFilters()
                .Where(s => s.TenantId == opportunity.TenantId && s.PipelineId == opportunity.PipelineId && s.Code == ContractRules.SigningStageCode).Select(s => s.Id).SingleAsync();
            await db.SaveChangesAsync();
        }

        var contract = await Ops.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId, title = "目标测试合同" } });
        var contractId = contract["createContract"]!["contract"]!["id"]!.GetValue<string>();
        await ContractApprovalTestSupport.ApproveAsync(api, Ops, contractId);
        await Ops.QueryAsync(ContractScenario.RecordSignature, new { input = new { contractId, status = "SIGNED", providerReference = Guid.NewGuid().ToString("N") } });
        return contractId;
    }

    public static JsonNode NodeOf(JsonNode tree, string id) => tree["targetTree"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == id)!;

    public static double? ActualOf(JsonNode node, string track, string kind) =>
        node["attainment"]![track]!["metrics"]!.AsArray().Single(m => m!["metric"]!["kind"]!.GetValue<string>() == kind)!["actual"]?.GetValue<double>();
}
