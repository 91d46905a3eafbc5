using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Activities;

/// <summary>Follow-ups on PostgreSQL, where concurrent writers on one subject really run in parallel.</summary>
public sealed class ActivitiesPostgreSqlTests
{
    [PostgresFact]
    public async Task ConcurrentFollowUpsOnOneOpportunity_AllCountTowardsItsSteps_AndTheBoardReadsThem()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var client = api.CreateGraphQLClient();
        var opportunity = (await client.QueryAsync("{ opportunities(first: 1) { nodes { id owner { id team { id } } } } }"))["opportunities"]!["nodes"]![0]!;
        var id = opportunity["id"]!.GetValue<string>();
        var owner = opportunity["owner"]!["id"]!.GetValue<string>();
        var team = opportunity["owner"]!["team"]!["id"]!.GetValue<string>();
        var now = api.Clock.GetUtcNow();
        // Each writer brings one step's tag; they commit in any order, each must see the others' follow-ups.
        string[] tags = ["FIRST_CONTACT", "NEEDS_DISCOVERY", "SOLUTION_DEMO", "COMMERCIAL_NEGOTIATION", "SIGNING_INTENT"];

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.QueryAsync(ActivitiesFixture.LogActivity, new
        {
            input = new
            {
                subjectId = id,
                kind = "CALL",
                occurredAt = (now - TimeSpan.FromMinutes(100 - (i % 5 * 10 + i / 5))).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                tagCodes = new[] { tags[i % 5] },
                memberId = owner,
            },
        })));
        var progress = await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Opportunity { followUp { completed completedStepCount } activities { totalCount } } } }", new { id });
        var board = await client.QueryAsync("query($t: ID!) { managerBoard(teamId: $t) { recentFollowUps(first: 20, where: { tagCodes: [\"SIGNING_INTENT\"] }) { totalCount } } }", new { t = team });

        Assert.All(results, r => Assert.Empty(r["logActivity"]!["errors"]!.AsArray()));
        Assert.True(progress["node"]!["followUp"]!["completed"]!.GetValue<bool>(), progress.ToJsonString());
        Assert.True(progress["node"]!["activities"]!["totalCount"]!.GetValue<int>() >= 20);
        Assert.True(board["managerBoard"]!["recentFollowUps"]!["totalCount"]!.GetValue<int>() >= 4);
    }
}
