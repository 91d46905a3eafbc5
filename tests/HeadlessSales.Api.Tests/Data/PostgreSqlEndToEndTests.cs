using System.Net;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Data;

/// <summary>The same API on PostgreSQL: migrated and seeded on start, queried, paged, changed and loaded concurrently.</summary>
public sealed class PostgreSqlEndToEndTests
{
    [PostgresFact]
    public async Task Api_OnPostgreSql_ServesTheDemoTenant()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var client = api.CreateGraphQLClient();

        var members = await client.QueryAsync("{ members(first: 50, order: { field: NAME, direction: DESC }) { totalCount nodes { name team { region { name } } } } }");
        var page2 = await client.QueryAsync("{ accounts(first: 5, where: { industries: [MEDICAL_DEVICES] }, order: { field: CREATED_AT }) { pageInfo { endCursor } } }");
        var cursor = page2["accounts"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        var next = await client.QueryAsync("query($c: String) { accounts(first: 5, after: $c, where: { industries: [MEDICAL_DEVICES] }, order: { field: CREATED_AT }) { nodes { industry } } }", new { c = cursor });
        var created = await client.QueryAsync("""
            mutation { createAccount(input: { name: "PG 测试有限公司", industry: CHEMICALS, ownership: JOINT_VENTURE, size: MEDIUM, annualRevenue: { amount: "99.99", currency: "USD" } }) {
              account { annualRevenue { amount currency } createdAt } errors { __typename } } }
            """);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.PostAsync("{ accounts(first: 20) { nodes { owner { team { name } } contacts(first: 2) { nodes { name } } } } }")));

        Assert.True(members["members"]!["totalCount"]!.GetValue<int>() >= 48);
        var names = members["members"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(50, names.Count);
        Assert.All(next["accounts"]!["nodes"]!.AsArray(), n => Assert.Equal("MEDICAL_DEVICES", n!["industry"]!.GetValue<string>()));
        // The payload reads the account back as stored (numeric(18,4) on PostgreSQL: "99.9900"), as node(id:) would.
        Assert.Equal(99.99m, decimal.Parse(created["createAccount"]!["account"]!["annualRevenue"]!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("Z", created["createAccount"]!["account"]!["createdAt"]!.GetValue<string>());
        Assert.All(concurrent, r => Assert.True(r.Status == HttpStatusCode.OK && r.Errors is null, r.Body));
    }

    /// <summary>An authorization code's payload is longer than the model's default text length: PostgreSQL enforces the column.</summary>
    [PostgresFact]
    public async Task MemberSignIn_OnPostgreSql_IssuesATokenForTheirOwnBook()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);

        var token = await new TokenClient(api).MemberTokenAsync("rep");
        var viewer = await api.CreateGraphQLClient(token).QueryAsync("{ viewer { member { email role } } }");

        Assert.Equal("rep@demo.example.com", viewer["viewer"]!["member"]!["email"]!.GetValue<string>());
        Assert.Equal("REP", viewer["viewer"]!["member"]!["role"]!.GetValue<string>());
    }

    /// <summary>
    /// Imports write with multi-row inserts whose keys are drawn from PostgreSQL's sequence beforehand: a row that
    /// repeats an earlier row of the same file must link to that row's stored key, and history and deadlines must exist.
    /// </summary>
    [PostgresFact]
    public async Task BulkImport_OnPostgreSql_LinksDuplicatesWithinTheFileToTheStoredOriginal()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var client = api.CreateGraphQLClient();
        const string csv = """
            name,company,phone,email,industry,province,source
            甲,导入甲有限公司,13800000001,a@import.example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT
            乙,导入乙有限公司,13800000002,b@import.example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT
            丙,导入丙有限公司,13800000003,a@import.example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT
            丁,导入乙 有限公司,13800000004,d@import.example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT
            """;

        var data = await client.QueryAsync("""
            mutation($csv: String!) { bulkImportLeads(input: { csv: $csv }) { import { importedCount duplicateCount
              rows { line lead { id name duplicateOfId duplicateMatchedOn history { kind } } } } errors { __typename } } }
            """, new { csv });

        var import = data["bulkImportLeads"]!["import"]!;
        Assert.Equal(4, import["importedCount"]!.GetValue<int>());
        Assert.Equal(2, import["duplicateCount"]!.GetValue<int>());
        var leads = import["rows"]!.AsArray().Select(r => r!["lead"]!).ToDictionary(l => l["name"]!.GetValue<string>());
        Assert.Equal(leads["甲"]["id"]!.GetValue<string>(), leads["丙"]["duplicateOfId"]!.GetValue<string>());
        Assert.Equal(["EMAIL"], leads["丙"]["duplicateMatchedOn"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(leads["乙"]["id"]!.GetValue<string>(), leads["丁"]["duplicateOfId"]!.GetValue<string>());
        Assert.Equal(["COMPANY"], leads["丁"]["duplicateMatchedOn"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Null(leads["甲"]["duplicateOfId"]);
        Assert.All(leads.Values, lead => Assert.Equal(2, lead["history"]!.AsArray().Count));

        var stored = await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Lead { duplicateOf { name } } } }", new { id = leads["丙"]["id"]!.GetValue<string>() });
        Assert.Equal("甲", stored["node"]!["duplicateOf"]!["name"]!.GetValue<string>());
    }
}

/// <summary>The host on a given provider and connection string.</summary>
public sealed class ProviderApiFactory(string provider, string connectionString) : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider,
        ["Database:ConnectionString"] = connectionString,
    };
}
