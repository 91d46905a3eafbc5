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

    // The limits include one command per request that checks the caller's token is still good.
    [Theory]
    [InlineData(MembersPage, 7)]
    [InlineData(AccountsPage, 9)]
    public async Task PageOf50_SendsASmallConstantNumberOfCommands(string query, int limit)
    {
        var client = api.CreateGraphQLClient();

        var small = await CountCommandsAsync(client, query, 5);
        var large = await CountCommandsAsync(client, query, 50);

        Assert.True(large <= limit, $"a page of 50 sent {large} commands: {string.Join("\n---\n", api.Commands.Recorded)}");
        Assert.Equal(small, large);
    }

    private async Task<int> CountCommandsAsync(GraphQLTestClient client, string query, int first)
    {
        api.Commands.Start();
        var data = await client.QueryAsync(query, new { first });
        var commands = api.Commands.Stop();
        Assert.NotEmpty(data.AsObject());
        return commands.Count;
    }
}
