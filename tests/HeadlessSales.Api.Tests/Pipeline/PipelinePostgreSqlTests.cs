using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;

namespace HeadlessSales.Api.Tests.Pipeline;

/// <summary>The races of the pipeline on PostgreSQL, where concurrent transactions really run side by side.</summary>
public sealed class PipelinePostgreSqlTests
{
    /// <remarks>Through the integration client, which sees the whole tenant; decisions by members are raced in <see cref="StageGateTests"/>.</remarks>
    [PostgresFact]
    public async Task OnPostgreSql_ConcurrentConversionsAndMoves_TakeEffectOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var integration = api.CreateGraphQLClient();
        var rep = integration;
        var leadId = await RoutedLeads.LeadOfTheFirstRepAsync(integration, "并发", "PG 并发有限公司", "13911112222");

        var conversions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => rep.QueryAsync(OpportunityTests.ConvertLead, new { input = new { leadId } })));
        var opportunityId = conversions.Single(c => c["convertLead"]!["errors"]!.AsArray().Count == 0)["convertLead"]!["opportunity"]!["id"]!.GetValue<string>();
        var moves = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => rep.QueryAsync(OpportunityTests.Advance, new { id = opportunityId })));
        var history = await rep.QueryAsync(OpportunityTests.StageHistory, new { id = opportunityId });

        Assert.Equal(5, conversions.Count(c => c["convertLead"]!["errors"]!.AsArray().SingleOrDefault()?["code"]?.GetValue<string>() == "LEAD_ALREADY_CONVERTED"));
        // Moves that raced on the same stage lose; those that read the stage after a win advance again. None is applied twice.
        var entries = history["node"]!["stageHistory"]!.AsArray();
        var advanced = moves.Count(m => m["advanceOpportunity"]!["errors"]!.AsArray().Count == 0);
        Assert.Equal(advanced + 1, entries.Count);
        Assert.Equal(entries.Count - 1, entries.Skip(1).Select(e => e!["fromStage"]!["code"]!.GetValue<string>()).Distinct().Count());
        Assert.All(moves.Where(m => m["advanceOpportunity"]!["errors"]!.AsArray().Count > 0), m => Assert.Equal("INVALID_STATE", m["advanceOpportunity"]!["errors"]![0]!["code"]!.GetValue<string>()));
    }
}
