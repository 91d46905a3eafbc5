using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Customers;

[Collection(ApiCollection.Name)]
public sealed class CustomersTests(ApiFactory api)
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string CreateAccount = """
        mutation($input: CreateAccountInput!) {
          createAccount(input: $input) {
            account { name industry subSegment ownership size province city annualRevenue { amount currency } owner { role } archived }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on DuplicateError { field value } ... on NotFoundError { field } }
          }
        }
        """;

    [Fact]
    public async Task Accounts_FilterByIndustrySegmentAndProvince()
    {
        var data = await _client.QueryAsync("""
            { accounts(first: 100, where: { industries: [NEW_ENERGY], subSegments: ["光伏"], ownerships: [STATE_OWNED, PRIVATE] }) {
                totalCount nodes { industry subSegment ownership } } }
            """);

        var nodes = data["accounts"]!["nodes"]!.AsArray();
        Assert.NotEmpty(nodes);
        Assert.Equal(nodes.Count, data["accounts"]!["totalCount"]!.GetValue<int>());
        Assert.All(nodes, n =>
        {
            Assert.Equal("NEW_ENERGY", n!["industry"]!.GetValue<string>());
            Assert.Equal("光伏", n["subSegment"]!.GetValue<string>());
            Assert.Contains(n["ownership"]!.GetValue<string>(), new[] { "STATE_OWNED", "PRIVATE" });
        });
    }

    [Fact]
    public async Task Accounts_FilterByForeignOwnerId_MatchesNothing()
    {
        var data = await _client.QueryAsync("query($ids: [ID!]) { accounts(where: { ownerIds: $ids }) { totalCount } }",
            new { ids = new[] { GlobalId.Encode("Member", 1_000_000), GlobalId.Encode("Team", 1), "garbage" } });

        Assert.Equal(0, data["accounts"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateAccount_WithMoney_ThenDuplicateName()
    {
        var owner = (await _client.QueryAsync("{ members(first: 1, where: { roles: [REP], active: true }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var input = new
        {
            name = "常州天合测试光伏有限公司", industry = "NEW_ENERGY", subSegment = "光伏", ownership = "LISTED", size = "ENTERPRISE",
            province = "江苏", city = "常州", annualRevenue = new { amount = "12345678901.25", currency = "CNY" }, ownerId = owner,
        };

        var created = await _client.PostAsync(CreateAccount, new { input });
        var duplicate = await _client.PostAsync(CreateAccount, new { input });

        created.MatchResponseSnapshot("created");
        duplicate.MatchResponseSnapshot("duplicate");
    }

    [Fact]
    public async Task CreateAccount_WithBadInput_ReportsEveryProblem()
    {
        var response = await _client.PostAsync(CreateAccount, new
        {
            input = new
            {
                name = "", industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL",
                annualRevenue = new { amount = "-5", currency = "yuan" }, ownerId = GlobalId.Encode("Member", 77_777),
            },
        });

        response.MatchResponseSnapshot();
    }

    [Fact]
    public async Task CreateAccount_WithUnknownEnumValue_IsAVariableError()
    {
        var response = await _client.PostAsync(CreateAccount, new { input = new { name = "x", industry = "MINING", ownership = "PRIVATE", size = "SMALL" } });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_VALUE", response.FirstErrorCode);
    }

    [Fact]
    public async Task ArchivedAccount_IsHiddenByDefaultAndClosedForChanges()
    {
        var id = await Platform.WebSocketTransportTests.CreateAccountAsync(_client, "归档测试有限公司");
        await _client.QueryAsync("mutation($id: ID!) { archiveAccount(input: { id: $id }) { errors { __typename } } }", new { id });

        var hidden = await _client.QueryAsync("{ accounts(where: { search: \"归档测试\" }) { totalCount } }");
        var shown = await _client.QueryAsync("{ accounts(where: { search: \"归档测试\", archived: true }) { totalCount } }");
        var update = await _client.QueryAsync("mutation($id: ID!) { updateAccount(input: { id: $id, city: \"上海\" }) { account { id } errors { __typename ... on UserError { code } } } }", new { id });
        var again = await _client.QueryAsync("mutation($id: ID!) { archiveAccount(input: { id: $id }) { errors { ... on UserError { code } } } }", new { id });

        Assert.Equal(0, hidden["accounts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(1, shown["accounts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal("INVALID_STATE", update["updateAccount"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", again["archiveAccount"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Contacts_DecisionChain_RefusesCyclesAndOtherAccounts()
    {
        var accountId = await Platform.WebSocketTransportTests.CreateAccountAsync(_client, "决策链测试有限公司");
        var otherAccountContact = (await _client.QueryAsync("{ contacts(first: 1) { nodes { id } } }"))["contacts"]!["nodes"]![0]!["id"]!.GetValue<string>();
        const string create = """
            mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id name decisionRole reportsTo { name } account { name } } errors { __typename ... on UserError { code } ... on ValidationError { field } ... on NotFoundError { field } } } }
            """;
        const string update = """
            mutation($input: UpdateContactInput!) { updateContact(input: $input) { contact { id } errors { __typename ... on UserError { code } ... on ValidationError { field } } } }
            """;

        var boss = (await _client.QueryAsync(create, new { input = new { accountId, name = "王总", title = "总经理", decisionRole = "DECISION_MAKER" } }))["createContact"]!["contact"]!;
        var buyer = (await _client.QueryAsync(create, new { input = new { accountId, name = "李采购", decisionRole = "ECONOMIC_BUYER", phone = "+86 139-0000-0000", reportsToId = boss["id"]!.GetValue<string>() } }))["createContact"]!["contact"]!;
        var cycle = await _client.QueryAsync(update, new { input = new { id = boss["id"]!.GetValue<string>(), reportsToId = buyer["id"]!.GetValue<string>() } });
        var crossAccount = await _client.QueryAsync(create, new { input = new { accountId, name = "张工", decisionRole = "USER", reportsToId = otherAccountContact } });
        var badPhone = await _client.QueryAsync(create, new { input = new { accountId, name = "赵工", decisionRole = "USER", phone = "call me" } });

        Assert.Equal("王总", buyer["reportsTo"]!["name"]!.GetValue<string>());
        Assert.Equal("决策链测试有限公司", buyer["account"]!["name"]!.GetValue<string>());
        Assert.Equal("input.reportsToId", cycle["updateContact"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", crossAccount["createContact"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("input.phone", badPhone["createContact"]!["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task AccountContacts_NestedPagesContinueWithCursors()
    {
        var account = (await _client.QueryAsync("{ accounts(first: 1) { nodes { id contacts(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } } }"))["accounts"]!["nodes"]![0]!;
        var firstPage = account["contacts"]!;
        Assert.True(firstPage["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        var rest = (await _client.QueryAsync("query($id: ID!, $after: String) { node(id: $id) { ... on Account { contacts(first: 10, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage } } } } }",
            new { id = account["id"]!.GetValue<string>(), after = firstPage["pageInfo"]!["endCursor"]!.GetValue<string>() }))["node"]!["contacts"]!;

        var all = firstPage["nodes"]!.AsArray().Concat(rest["nodes"]!.AsArray()).Select(n => n!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(firstPage["totalCount"]!.GetValue<int>(), all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.True(rest["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
        Assert.False(rest["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }
}
