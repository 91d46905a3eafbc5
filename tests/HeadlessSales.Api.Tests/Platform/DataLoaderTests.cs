using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>Nested relations are batched: the SQL command count of a page does not grow with its size.</summary>
[Collection(ApiCollection.Name)]
public sealed class DataLoaderTests(ApiFactory api)
{
    private const string MembersPage = """
        query($first: Int) {
          members(first: $first) {
            nodes { name team { name lead { name } region { name manager { name } } } region { code } }
          }
        }
        """;

    private const string AccountsPage = """
        query($first: Int) {
          accounts(first: $first) {
            totalCount
            nodes { name owner { name team { name } } contacts(first: 3) { totalCount nodes { name account { name } } } }
          }
        }
        """;

    // The benchmark's page (issue 22): the members, then their teams with the teams' regions joined.
    private const string MembersWithTeamAndRegion = """
        query($first: Int) { members(first: $first) { nodes { id name email role team { id name region { id name } } } } }
        """;

    private const string OpportunitiesPage = """
        query($first: Int) {
          opportunities(first: $first) { nodes { name owner { name team { name } } account { name } stage { name } } }
        }
        """;

    // The caller's standing comes from the cache: after the first request, no command checks the token.
    [Theory]
    [InlineData(MembersWithTeamAndRegion, 2)]
    [InlineData(MembersPage, 4)]
    [InlineData(AccountsPage, 7)]
    [InlineData(OpportunitiesPage, 5)]
    public async Task PageOf50_SendsASmallConstantNumberOfCommands(string query, int limit)
    {
        var client = api.CreateGraphQLClient();
        await client.QueryAsync(query, new { first = 1 });

        var small = await CountCommandsAsync(api, client, query, 5);
        var large = await CountCommandsAsync(api, client, query, 50);

        Assert.True(large <= limit, $"a page of 50 sent {large} commands: {string.Join("\n---\n", api.Commands.Recorded)}");
        Assert.Equal(small, large);
    }

    // Issue 22: the page reads the columns its fields need, not whole rows; a fragment (fields the map cannot see)
    // falls back to whole rows, with the same answer.
    [Fact]
    public async Task MembersPage_ReadsOnlyTheSelectedColumns_AndWholeRowsBehindAFragment()
    {
        const string Narrow = "query { members(first: 5, order: { field: EMAIL }) { nodes { id name team { id } } } }";
        const string Fragment = "query { members(first: 5, order: { field: EMAIL }) { nodes { id name team { id } ... on Member { id } } } }";
        var client = api.CreateGraphQLClient();
        await client.QueryAsync(Narrow);

        api.Commands.Start();
        var narrow = await client.QueryAsync(Narrow);
        var narrowPage = api.Commands.Stop()[0];
        api.Commands.Start();
        var whole = await client.QueryAsync(Fragment);
        var wholePage = api.Commands.Stop()[0];

        Assert.Equal(whole.ToJsonString(), narrow.ToJsonString());
        Assert.Equal(5, narrow["members"]!["nodes"]!.AsArray().Count);
        // Name and team are asked, the email orders the page (and ties its cursors); nothing else is read.
        Assert.Contains("\"Email\"", narrowPage);
        Assert.Contains("\"TeamId\"", narrowPage);
        Assert.DoesNotContain("\"HiredOn\"", narrowPage);
        Assert.DoesNotContain("\"Phone\"", narrowPage);
        Assert.Contains("\"HiredOn\"", wholePage);
    }

    internal static async Task<int> CountCommandsAsync(ApiFactory api, GraphQLTestClient client, string query, int first)
    {
        api.Commands.Start();
        var data = await client.QueryAsync(query, new { first });
        var commands = api.Commands.Stop();
        Assert.NotEmpty(data.AsObject());
        return commands.Count;
    }
}
