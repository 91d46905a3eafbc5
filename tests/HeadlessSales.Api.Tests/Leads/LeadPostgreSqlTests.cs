using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>The lead races on PostgreSQL, where concurrent transactions really run side by side (SQLite serializes writers).</summary>
public sealed class LeadPostgreSqlTests
{
    [PostgresFact]
    public async Task OnPostgreSql_ConcurrentFirstResponses_AreRecordedOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var integration = api.CreateGraphQLClient();
        var leadId = await RoutedLeads.LeadOfTheFirstRepAsync(integration, "首响", "PG 首响有限公司", "13922223333");

        var outcomes = new[] { "CONNECTED", "NO_ANSWER", "MEETING_BOOKED", "CONNECTED", "NO_ANSWER", "MEETING_BOOKED" };
        var responses = await Task.WhenAll(outcomes.Select(outcome => integration.QueryAsync(
            "mutation($id: ID!, $o: FirstResponseOutcome!) { recordFirstResponse(input: { leadId: $id, outcome: $o }) { lead { firstResponseOutcome } errors { ... on UserError { code } } } }",
            new { id = leadId, o = outcome })));
        var lead = await integration.QueryAsync("query($id: ID!) { node(id: $id) { ... on Lead { firstResponseOutcome history { kind } } } }", new { id = leadId });

        var winner = Assert.Single(responses, r => r["recordFirstResponse"]!["lead"] is not null);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal("INVALID_STATE", r["recordFirstResponse"]!["errors"]![0]!["code"]!.GetValue<string>()));
        Assert.Equal(winner["recordFirstResponse"]!["lead"]!["firstResponseOutcome"]!.GetValue<string>(), lead["node"]!["firstResponseOutcome"]!.GetValue<string>());
        Assert.Single(lead["node"]!["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "FIRST_RESPONSE");
    }
}
