using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>Global ids, node(id:) and cursor connections, the conventions every module shares.</summary>
[Collection(ApiCollection.Name)]
public sealed class RelayTests(ApiFactory api)
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    [Fact]
    public async Task Node_RefetchesAnyObjectByGlobalId()
    {
        var member = (await _client.QueryAsync("{ members(first: 1) { nodes { id name } } }"))["members"]!["nodes"]![0]!;
        var account = (await _client.QueryAsync("{ accounts(first: 1) { nodes { id name } } }"))["accounts"]!["nodes"]![0]!;

        var data = await _client.QueryAsync(
            "query($m: ID!, $a: ID!) { m: node(id: $m) { __typename id ... on Member { name } } a: node(id: $a) { __typename ... on Account { name } } }",
            new { m = member["id"]!.GetValue<string>(), a = account["id"]!.GetValue<string>() });

        Assert.Equal("Member", data["m"]!["__typename"]!.GetValue<string>());
        Assert.Equal(member["name"]!.GetValue<string>(), data["m"]!["name"]!.GetValue<string>());
        Assert.Equal(account["name"]!.GetValue<string>(), data["a"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Member", 999_999)]
    [InlineData("NoSuchType", 1)]
    public async Task Node_OfAnUnknownObjectOrType_IsNull(string typeName, long key)
    {
        var data = await _client.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = GlobalId.Encode(typeName, key) });

        Assert.Null(data["node"]);
    }

    [Fact]
    public async Task Node_WithMalformedId_IsInvalidIdError()
    {
        var response = await _client.PostAsync("{ node(id: \"not-an-id\") { id } }");

        Assert.Null(response.Data!["node"]);
        Assert.Equal("INVALID_ID", response.FirstErrorCode);
    }

    [Fact]
    public async Task Nodes_KeepsTheRequestedOrderAndNullsTheMissing()
    {
        var ids = (await _client.QueryAsync("{ teams(first: 3) { nodes { id } } }"))["teams"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var request = new List<string> { ids[2], GlobalId.Encode("Team", 424242), ids[0] };

        var nodes = (await _client.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = request }))["nodes"]!.AsArray();

        Assert.Equal(ids[2], nodes[0]!["id"]!.GetValue<string>());
        Assert.Null(nodes[1]);
        Assert.Equal(ids[0], nodes[2]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("NAME", "ASC")]
    [InlineData("NAME", "DESC")]
    [InlineData("CREATED_AT", "DESC")]
    public async Task Pages_ForwardThenBackward_CoverTheCollectionExactlyOnce(string field, string direction)
    {
        const string query = """
            query($first: Int, $after: String, $last: Int, $before: String, $order: AccountOrder) {
              accounts(first: $first, after: $after, last: $last, before: $before, order: $order, where: { industries: [NEW_ENERGY] }) {
                totalCount
                edges { cursor node { id } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """;
        var order = new { field, direction };
        var all = (await _client.QueryAsync(query, new { first = 100, order }))["accounts"]!;
        var expected = all["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(all["totalCount"]!.GetValue<int>(), expected.Count);
        Assert.True(expected.Count > 20, "the demo tenant has enough new-energy accounts for several pages");

        var forward = new List<string>();
        string? after = null;
        JsonNode page;
        do
        {
            page = (await _client.QueryAsync(query, new { first = 7, after, order }))["accounts"]!;
            forward.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            Assert.Equal(after is not null, page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
            after = page["pageInfo"]!["endCursor"]?.GetValue<string>();
        }
        while (page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        Assert.Equal(expected, forward);

        var backward = new List<string>();
        string? before = null;
        do
        {
            page = (await _client.QueryAsync(query, new { last = 9, before, order }))["accounts"]!;
            backward.InsertRange(0, page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            before = page["pageInfo"]!["startCursor"]?.GetValue<string>();
        }
        while (page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());

        Assert.Equal(expected, backward);
    }

    [Theory]
    [InlineData("{ members(first: 101) { totalCount } }", "INVALID_PAGINATION")]
    [InlineData("{ members(first: -1) { totalCount } }", "INVALID_PAGINATION")]
    [InlineData("{ members(first: 2, last: 2) { totalCount } }", "INVALID_PAGINATION")]
    [InlineData("{ members(after: \"garbage\") { totalCount } }", "INVALID_CURSOR")]
    public async Task InvalidPaging_IsRefusedWithCode(string query, string code)
    {
        var response = await _client.PostAsync(query);

        Assert.Equal(code, response.FirstErrorCode);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task CursorOfAnotherOrdering_IsRefused()
    {
        var cursor = (await _client.QueryAsync("{ members(first: 1, order: { field: NAME }) { pageInfo { endCursor } } }"))["members"]!["pageInfo"]!["endCursor"]!.GetValue<string>();

        var response = await _client.PostAsync("query($c: String) { members(first: 1, after: $c, order: { field: EMAIL }) { totalCount } }", new { c = cursor });

        Assert.Equal("INVALID_CURSOR", response.FirstErrorCode);
    }

    [Fact]
    public async Task DefaultPage_IsTwentyItemsInIdOrder()
    {
        var nodes = (await _client.QueryAsync("{ contacts { nodes { id } } }"))["contacts"]!["nodes"]!.AsArray();

        Assert.Equal(PageRequest.DefaultPageSize, nodes.Count);
        var keys = nodes.Select(n => GlobalId.TryDecode(n!["id"]!.GetValue<string>(), "Contact")!.Value).ToList();
        Assert.Equal(keys.Order(), keys);
    }
}
