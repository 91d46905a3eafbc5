using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>The custom-field filters and orders are SQL on PostgreSQL too: the same hand-worked answers as on SQLite.</summary>
public sealed class CustomFieldPostgreSqlTests
{
    [PostgresFact]
    public async Task OnPostgreSql_FilterAndSortByCustomFields_GiveTheWorkedOutAnswers()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var client = api.CreateGraphQLClient();
        await client.QueryAsync("""
            mutation {
              a: defineCustomField(input: { entity: ACCOUNT, key: "credit_limit", label: "授信", type: NUMBER }) { errors { __typename } }
              b: defineCustomField(input: { entity: ACCOUNT, key: "lines", label: "产线", type: MULTI_CHOICE, choices: ["光伏", "风电", "储能"] }) { errors { __typename } }
            }
            """);
        var province = AutomationFixture.UniqueProvince();
        (string Name, string? Limit, string[]? Lines)[] rows = [("A", "300", ["光伏"]), ("B", "-5.5", ["风电", "储能"]), ("C", null, ["储能"]), ("D", "12000", null)];
        foreach (var row in rows)
        {
            var values = new List<object>();
            if (row.Limit is { } limit)
            {
                values.Add(new { key = "credit_limit", number = limit });
            }

            if (row.Lines is { } lines)
            {
                values.Add(new { key = "lines", choices = lines });
            }

            await client.QueryAsync("mutation($input: CreateAccountInput!) { createAccount(input: $input) { errors { __typename } } }",
                new { input = new { name = $"PG自定义{row.Name}{province}", industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL", province, customFields = values } });
        }

        async Task<string> NamesAsync(object[] customFields, object? order = null)
        {
            var data = await client.QueryAsync("""
                query($where: AccountFilter, $order: CustomFieldOrder) { accounts(first: 10, where: $where, customFieldOrder: $order) { nodes { name } } }
                """, new { where = new { provinces = new[] { province }, customFields }, order });
            return string.Join("", data["accounts"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()["PG自定义".Length..("PG自定义".Length + 1)]));
        }

        Assert.Equal("AD", await NamesAsync([new { key = "credit_limit", atLeast = "0" }]));
        Assert.Equal("BC", await NamesAsync([new { key = "lines", anyOf = new[] { "储能" } }]));
        Assert.Equal("CBAD", await NamesAsync([], new { key = "credit_limit", direction = "ASC" }));
        Assert.Equal("DABC", await NamesAsync([], new { key = "credit_limit", direction = "DESC" }));
    }
}
