using HeadlessSales.Api.Tests.Infrastructure;
using Xunit;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>
/// A host of its own for the lead tests, so that assignment counts and timers are not disturbed by other
/// suites; a 10,000-row import fits in one request, and bursts of concurrent intake are not rate limited.
/// </summary>
public sealed class LeadsFixture : ApiFactory
{
    private int _sequence;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:MaxRequestBytes"] = (4 * 1024 * 1024).ToString(),
        ["RateLimiting:PermitsPerWindow"] = "100000",
        // The 10,000-row import shares a busy test machine; the throughput goal is measured by the benchmark, not by a timeout.
        ["GraphQL:ExecutionTimeout"] = "00:03:00",
    };

    /// <summary>A phone number no other test uses, so duplicate detection only links what a test means to link.</summary>
    public string UniquePhone() => $"1390{Interlocked.Increment(ref _sequence):D7}";

    public string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>A province no other test routes on, so a test's rule matches only that test's leads.</summary>
    public string UniqueProvince() => UniqueName("测试省");

    public GraphQLTestClient WithToken(string token)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new GraphQLTestClient(http);
    }

    /// <summary>The id of a demo team no other test of this fixture routes to, and its active reps.</summary>
    public async Task<(string TeamId, string[] RepIds)> TakeTeamAsync()
    {
        var index = Interlocked.Increment(ref _teams);
        var data = await CreateGraphQLClient().QueryAsync("{ teams(first: 50) { nodes { id } } }");
        var teamId = data["teams"]!["nodes"]![index]!["id"]!.GetValue<string>();
        var reps = await CreateGraphQLClient().QueryAsync(
            "query($t: [ID!]) { members(first: 50, where: { teamIds: $t, roles: [REP], active: true }) { nodes { id } } }", new { t = new[] { teamId } });
        return (teamId, reps["members"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToArray());
    }

    private int _teams;

    public async Task<string> CreateRuleAsync(object input)
    {
        var data = await CreateGraphQLClient().QueryAsync(
            "mutation($input: CreateAssignmentRuleInput!) { createAssignmentRule(input: $input) { assignmentRule { id } errors { __typename ... on UserError { message } } } }",
            new { input });
        Assert.Empty(data["createAssignmentRule"]!["errors"]!.AsArray());
        return data["createAssignmentRule"]!["assignmentRule"]!["id"]!.GetValue<string>();
    }
}
