using System.Net;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Insights;

/// <summary>The report's GROUP BY queries on PostgreSQL, where tags are a text[] and group ids a bigint[].</summary>
public sealed class AttributionPostgreSqlTests
{
    [PostgresFact]
    public async Task HandBuiltTeam_GivesTheSameRankedFindings_OnPostgreSql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var client = api.CreateGraphQLClient();
        var set = await AttributionDataSet.SeedAsync(api.Services);
        var team = GlobalId.Encode("Team", set.TeamId);

        // The figures are worked out in AttributionReportTests (same data set).
        foreach (var basis in new[] { "LEAD_CONVERTED", "OPPORTUNITY_WON" })
        {
            var data = await client.QueryAsync("""
                mutation($input: GenerateAttributionReportInput!) {
                  generateAttributionReport(input: $input) {
                    attributionReport { id status topReps { id } downloadPath findings { code topRate bottomRate scopeRate } }
                    errors { __typename }
                  }
                }
                """, new
            {
                input = new
                {
                    period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" },
                    scope = new { teamId = team },
                    settings = new { basis, topShare = 0.5, bottomShare = 0.5, minimumLeads = 2 },
                },
            });
            var report = data["generateAttributionReport"]!["attributionReport"]!;
            Assert.Equal("COMPLETED", report["status"]!.GetValue<string>());
            var findings = report["findings"]!.AsArray();
            if (basis == "LEAD_CONVERTED")
            {
                Assert.Equal(["PRICE_CONCERN", "SOLUTION_DEMO", "VIDEO_DEMO", "COMPETITOR_COMPARISON", "FIRST_CONTACT", "CALL", "VISIT", "SITE_SURVEY"],
                    findings.Select(f => f!["code"]!.GetValue<string>()));
                Assert.Equal((2.375, 0.375, 1.2), (findings[2]!["topRate"]!.GetValue<double>(), findings[2]!["bottomRate"]!.GetValue<double>(), Math.Round(findings[2]!["scopeRate"]!.GetValue<double>(), 9)));
                using var csv = await client.Http.GetAsync(report["downloadPath"]!.GetValue<string>());
                Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            }
            else
            {
                // No opportunity was won: all rates 0, ties by leads: B (5), then A (4, lower id than C).
                Assert.Equal([GlobalId.Encode("Member", set.B), GlobalId.Encode("Member", set.A)], report["topReps"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
            }

            var node = await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on AttributionReport { topReps { id } } } }", new { id = report["id"]!.GetValue<string>() });
            Assert.Equal(2, node["node"]!["topReps"]!.AsArray().Count);
        }
    }
}
