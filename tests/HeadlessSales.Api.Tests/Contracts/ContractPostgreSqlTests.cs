using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Contracts;

/// <summary>The contract races on PostgreSQL, where concurrent transactions really run side by side (SQLite serializes writers).</summary>
public sealed class ContractPostgreSqlTests
{
    [PostgresFact]
    public async Task OnPostgreSql_OneContractPerOpportunity_AndCollectionsNeverExceedTheAmount()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var integration = api.CreateGraphQLClient();
        var contracts = new ContractScenario(api);

        var opportunityId = await contracts.OpportunityAtSigningAsync("1000");
        var creates = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            integration.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId, title = $"并发合同 {i}" } })));
        var contractId = creates.Single(c => c["createContract"]!["contract"] is JsonObject)["createContract"]!["contract"]!["id"]!.GetValue<string>();
        Assert.All(creates.Where(c => c["createContract"]!["contract"] is null),
            c => Assert.Equal("DuplicateError", c["createContract"]!["errors"]![0]!["__typename"]!.GetValue<string>()));

        await contracts.ApproveAsync(contractId);
        await integration.QueryAsync(ContractScenario.RecordSignature, new { input = new { contractId, status = "SIGNED", providerReference = "pg-1" } });
        var collections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            integration.QueryAsync(ContractScenario.RecordCollection, new { input = new { contractId, amount = "300", receivedOn = "2026-11-27" } })));

        Assert.Equal(3, collections.Count(r => r["recordCollection"]!["collection"] is JsonObject));
        Assert.All(collections.Where(r => r["recordCollection"]!["collection"] is null),
            r => Assert.Equal("OVER_COLLECTION", r["recordCollection"]!["errors"]![0]!["code"]!.GetValue<string>()));
        var stored = await integration.QueryAsync("query($id: ID!) { node(id: $id) { ... on Contract { collected { amount } outstanding { amount } collections { id } } } }", new { id = contractId });
        Assert.Equal(900m, decimal.Parse(stored["node"]!["collected"]!["amount"]!.GetValue<string>()));
        Assert.Equal(100m, decimal.Parse(stored["node"]!["outstanding"]!["amount"]!.GetValue<string>()));
        Assert.Equal(3, stored["node"]!["collections"]!.AsArray().Count);
    }
}
