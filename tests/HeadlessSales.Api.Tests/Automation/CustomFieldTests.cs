using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>Custom fields through the public API: defined by an admin, written by the create/update mutations and the CSV import, read, filtered and sorted.</summary>
public sealed class CustomFieldTests(AutomationFixture api) : IClassFixture<AutomationFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string Define = """
        mutation($input: DefineCustomFieldInput!) {
          defineCustomField(input: $input) {
            definition { entity key label type choices required }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on ReservedFieldKeyError { field key } ... on DuplicateError { field } }
          }
        }
        """;

    private const string CreateLead = """
        mutation($input: CreateLeadInput!) {
          createLead(input: $input) {
            lead { id customFields { key type text number date choice choices } }
            errors { __typename ... on UserError { code message } ... on CustomFieldError { field key problem expectedType } ... on ValidationError { field } }
          }
        }
        """;

    private async Task<JsonNode> DefineAsync(object input)
    {
        var data = await _client.QueryAsync(Define, new { input });
        Assert.Empty(data["defineCustomField"]!["errors"]!.AsArray());
        return data["defineCustomField"]!["definition"]!;
    }

    private static object Lead(string province, string name, params object[] customFields) =>
        new { name, industry = "NEW_ENERGY", source = "WEBSITE", province, phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}", customFields };

    [Fact]
    public async Task DefineCustomField_RefusesBuiltInNamesBadKeysAndChoicelessChoices()
    {
        var company = await _client.QueryAsync(Define, new { input = new { entity = "LEAD", key = "company", label = "公司", type = "TEXT" } });
        var products = await _client.QueryAsync(Define, new { input = new { entity = "LEAD", key = "product_interests", label = "产品", type = "TEXT" } });
        var stage = await _client.QueryAsync(Define, new { input = new { entity = "OPPORTUNITY", key = "stage", label = "阶段", type = "TEXT" } });
        var badKey = await _client.QueryAsync(Define, new { input = new { entity = "ACCOUNT", key = "Bad Key", label = "x", type = "TEXT" } });
        var noChoices = await _client.QueryAsync(Define, new { input = new { entity = "ACCOUNT", key = "tier", label = "等级", type = "CHOICE" } });
        var choicesOnText = await _client.QueryAsync(Define, new { input = new { entity = "ACCOUNT", key = "motto", label = "口号", type = "TEXT", choices = new[] { "a" } } });
        await DefineAsync(new { entity = "ACCOUNT", key = "region_code", label = "区域码", type = "TEXT" });
        var twice = await _client.QueryAsync(Define, new { input = new { entity = "ACCOUNT", key = "region_code", label = "区域码", type = "TEXT" } });

        static string Error(JsonNode data) => data["defineCustomField"]!["errors"]![0]!["__typename"]!.GetValue<string>() + ":" + data["defineCustomField"]!["errors"]![0]!["code"]!.GetValue<string>();
        Assert.Equal("ReservedFieldKeyError:RESERVED_KEY", Error(company));
        Assert.Equal("ReservedFieldKeyError:RESERVED_KEY", Error(products));
        Assert.Equal("ReservedFieldKeyError:RESERVED_KEY", Error(stage));
        Assert.Equal("ValidationError:VALIDATION_FAILED", Error(badKey));
        Assert.Equal("input.key", badKey["defineCustomField"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("input.choices", noChoices["defineCustomField"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("input.choices", choicesOnText["defineCustomField"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("DuplicateError:DUPLICATE", Error(twice));
        Assert.Null(company["defineCustomField"]!["definition"]);
    }

    [Fact]
    public async Task DefineCustomField_IsAnAdminSetting_RepsAreRefused()
    {
        var rep = await api.MemberAsync("rep", "sales:read sales:write org:admin");
        var response = await rep.PostAsync(Define, new { input = new { entity = "LEAD", key = "rep_field", label = "x", type = "TEXT" } });

        Assert.Equal("FORBIDDEN", response.FirstErrorCode);
    }

    [Fact]
    public async Task LeadValues_AreTypedChecked_AndEachMistakeIsReportedWithItsPath()
    {
        await DefineAsync(new { entity = "LEAD", key = "budget", label = "预算", type = "NUMBER" });
        await DefineAsync(new { entity = "LEAD", key = "decision_date", label = "决策日期", type = "DATE" });
        await DefineAsync(new { entity = "LEAD", key = "channel", label = "渠道", type = "CHOICE", choices = new[] { "展会", "官网", "转介绍" } });
        await DefineAsync(new { entity = "LEAD", key = "interests", label = "兴趣", type = "MULTI_CHOICE", choices = new[] { "储能", "光伏", "风电" } });
        var province = AutomationFixture.UniqueProvince();

        var good = await _client.QueryAsync(CreateLead, new
        {
            input = Lead(province, "类型正确", new { key = "budget", number = "1500.5" }, new { key = "decision_date", date = "2027-01-15" },
                new { key = "channel", choice = "展会" }, new { key = "interests", choices = new[] { "风电", "储能" } }),
        });
        var bad = await _client.QueryAsync(CreateLead, new
        {
            input = Lead(province, "类型错误", new { key = "budget", text = "很多" }, new { key = "channel", choice = "电话" },
                new { key = "interests", choices = new[] { "光伏", "氢能" } }, new { key = "colour", text = "红" }, new { key = "decision_date", date = "2027-01-15", number = "3" }),
        });

        var values = good["createLead"]!["lead"]!["customFields"]!.AsArray();
        Assert.Equal(["budget:NUMBER:1500.5", "decision_date:DATE:2027-01-15", "channel:CHOICE:展会", "interests:MULTI_CHOICE:储能,风电"],
            values.Select(v => $"{v!["key"]}:{v["type"]}:{v["number"] ?? v["date"] ?? v["choice"] ?? string.Join(",", v["choices"]!.AsArray().Select(c => c!.GetValue<string>()))}"));
        Assert.Null(bad["createLead"]!["lead"]);
        var errors = bad["createLead"]!["errors"]!.AsArray().Select(e => $"{e!["field"]}|{e["key"]}|{e["problem"]}|{e["expectedType"]}|{e["code"]}").ToList();
        Assert.Equal(
        [
            "input.customFields[0].text|budget|WRONG_TYPE|NUMBER|CUSTOM_FIELD_WRONG_TYPE",
            "input.customFields[1].choice|channel|NOT_A_CHOICE|CHOICE|CUSTOM_FIELD_NOT_A_CHOICE",
            "input.customFields[2].choices|interests|NOT_A_CHOICE|MULTI_CHOICE|CUSTOM_FIELD_NOT_A_CHOICE",
            "input.customFields[3].key|colour|UNKNOWN||CUSTOM_FIELD_UNKNOWN",
            "input.customFields[4].number|decision_date|WRONG_TYPE|DATE|CUSTOM_FIELD_WRONG_TYPE",
        ], errors);
        var leads = await _client.QueryAsync("query($p: [String!]) { leads(first: 10, where: { provinces: $p }) { totalCount } }", new { p = new[] { province } });
        Assert.Equal(1, leads["leads"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task RequiredField_MustBeGivenOnCreate_AndCannotBeCleared()
    {
        await DefineAsync(new { entity = "CONTACT", key = "wechat", label = "微信", type = "TEXT", required = true });
        var account = (await _client.QueryAsync("""
            mutation { createAccount(input: { name: "必填字段测试有限公司", industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL }) { account { id } } }
            """))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        const string create = """
            mutation($input: CreateContactInput!) { createContact(input: $input) {
              contact { id customField(key: "wechat") { text } }
              errors { __typename ... on CustomFieldError { field key problem } } } }
            """;
        const string update = """
            mutation($input: UpdateContactInput!) { updateContact(input: $input) {
              contact { customField(key: "wechat") { text } }
              errors { __typename ... on CustomFieldError { field key problem } } } }
            """;

        var missing = await _client.QueryAsync(create, new { input = new { accountId = account, name = "张三", decisionRole = "INFLUENCER" } });
        var created = await _client.QueryAsync(create, new { input = new { accountId = account, name = "张三", decisionRole = "INFLUENCER", customFields = new[] { new { key = "wechat", text = "zhangsan88" } } } });
        var id = created["createContact"]!["contact"]!["id"]!.GetValue<string>();
        var cleared = await _client.QueryAsync(update, new { input = new { id, customFields = new[] { new { key = "wechat", text = (string?)null } } } });
        var untouched = await _client.QueryAsync(update, new { input = new { id, title = "采购经理" } });

        Assert.Equal("input.customFields|wechat|REQUIRED", Describe(missing["createContact"]!["errors"]![0]!));
        Assert.Equal("zhangsan88", created["createContact"]!["contact"]!["customField"]!["text"]!.GetValue<string>());
        Assert.Equal("input.customFields[0]|wechat|REQUIRED", Describe(cleared["updateContact"]!["errors"]![0]!));
        Assert.Equal("zhangsan88", untouched["updateContact"]!["contact"]!["customField"]!["text"]!.GetValue<string>());
    }

    private static string Describe(JsonNode error) => $"{error["field"]}|{error["key"]}|{error["problem"]}";

    [Fact]
    public async Task Leads_FilterAndSortByCustomFields_InTheDatabase_WithKeysetPages()
    {
        await DefineAsync(new { entity = "LEAD", key = "capacity_mw", label = "装机容量", type = "NUMBER" });
        await DefineAsync(new { entity = "LEAD", key = "visit_on", label = "拜访日期", type = "DATE" });
        await DefineAsync(new { entity = "LEAD", key = "segments", label = "细分", type = "MULTI_CHOICE", choices = new[] { "储能", "光伏", "风电" } });
        var province = AutomationFixture.UniqueProvince();
        // name: capacity, visit date, segments (the expected answers below are worked out from this table).
        (string Name, string? Capacity, string? Visit, string[]? Segments)[] rows =
        [
            ("A", "500", "2027-03-01", ["光伏"]),
            ("B", "-20", "2027-01-10", ["风电", "储能"]),
            ("C", "1500.5", null, ["储能"]),
            ("D", null, "2027-02-20", null),
            ("E", "99.9999", "2026-12-31", ["光伏", "风电"]),
        ];
        foreach (var row in rows)
        {
            var values = new List<object>();
            if (row.Capacity is { } capacity)
            {
                values.Add(new { key = "capacity_mw", number = capacity });
            }

            if (row.Visit is { } visit)
            {
                values.Add(new { key = "visit_on", date = visit });
            }

            if (row.Segments is { } segments)
            {
                values.Add(new { key = "segments", choices = segments });
            }

            var created = await _client.QueryAsync(CreateLead, new { input = Lead(province, row.Name, [.. values]) });
            Assert.Empty(created["createLead"]!["errors"]!.AsArray());
        }

        async Task<string> NamesAsync(object where, object? order = null, int first = 10, string? after = null)
        {
            var data = await _client.QueryAsync("""
                query($where: LeadFilter, $order: CustomFieldOrder, $first: Int, $after: String) {
                  leads(first: $first, after: $after, where: $where, customFieldOrder: $order) { nodes { name } pageInfo { endCursor hasNextPage } } }
                """, new { where, order, first, after });
            return string.Join("", data["leads"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        }

        object Where(params object[] customFields) => new { provinces = new[] { province }, customFields };

        Assert.Equal("AC", await NamesAsync(Where(new { key = "capacity_mw", atLeast = "100" })));
        Assert.Equal("BE", await NamesAsync(Where(new { key = "capacity_mw", atLeast = "-20", atMost = "99.9999" })));
        Assert.Equal("BD", await NamesAsync(Where(new { key = "visit_on", from = "2027-01-01", to = "2027-02-28" })));
        Assert.Equal("BCE", await NamesAsync(Where(new { key = "segments", anyOf = new[] { "储能", "风电" } })));
        Assert.Equal("D", await NamesAsync(Where(new { key = "segments", hasValue = false })));
        Assert.Equal("E", await NamesAsync(Where(new { key = "segments", anyOf = new[] { "光伏" } }, new { key = "capacity_mw", atMost = "100" })));
        // Ascending: no value first, then -20 < 99.9999 < 500 < 1500.5.
        Assert.Equal("DBEAC", await NamesAsync(Where(), new { key = "capacity_mw", direction = "ASC" }));
        Assert.Equal("CAEBD", await NamesAsync(Where(), new { key = "capacity_mw", direction = "DESC" }));
        Assert.Equal("CEBDA", await NamesAsync(Where(), new { key = "visit_on", direction = "ASC" }));

        // Keyset pages over the custom order: two, then the rest after the cursor.
        var page = await _client.QueryAsync("""
            query($where: LeadFilter, $order: CustomFieldOrder) { leads(first: 2, where: $where, customFieldOrder: $order) { nodes { name } pageInfo { endCursor hasNextPage } } }
            """, new { where = Where(), order = new { key = "capacity_mw", direction = "ASC" } });
        Assert.True(page["leads"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var rest = await NamesAsync(Where(), new { key = "capacity_mw", direction = "ASC" }, first: 10, after: page["leads"]!["pageInfo"]!["endCursor"]!.GetValue<string>());
        Assert.Equal("DB", string.Join("", page["leads"]!["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>())));
        Assert.Equal("EAC", rest);
    }

    [Fact]
    public async Task Filters_ThatDoNotSuitTheFieldsType_AreRefused()
    {
        await DefineAsync(new { entity = "OPPORTUNITY", key = "win_reason", label = "赢单原因", type = "TEXT" });

        var numberOnText = await _client.PostAsync("{ opportunities(first: 1, where: { customFields: [{ key: \"win_reason\", atLeast: \"3\" }] }) { totalCount } }");
        var unknown = await _client.PostAsync("{ opportunities(first: 1, where: { customFields: [{ key: \"nope\", equals: \"x\" }] }) { totalCount } }");
        var unknownOrder = await _client.PostAsync("{ opportunities(first: 1, customFieldOrder: { key: \"nope\" }) { totalCount } }");

        Assert.Equal("INVALID_FILTER", numberOnText.FirstErrorCode);
        Assert.Equal("INVALID_FILTER", unknown.FirstErrorCode);
        Assert.Equal("INVALID_ORDER", unknownOrder.FirstErrorCode);
    }

    [Fact]
    public async Task AccountValues_AreSetChangedAndCleared_ThroughUpdate()
    {
        await DefineAsync(new { entity = "ACCOUNT", key = "credit_limit", label = "授信额度", type = "NUMBER" });
        await DefineAsync(new { entity = "ACCOUNT", key = "tier", label = "客户等级", type = "CHOICE", choices = new[] { "A", "B", "C" } });
        const string update = """
            mutation($input: UpdateAccountInput!) { updateAccount(input: $input) {
              account { customFields { key number choice } }
              errors { __typename ... on UserError { code } } } }
            """;
        var account = (await _client.QueryAsync("""
            mutation { createAccount(input: { name: "自定义字段客户有限公司", industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL,
              customFields: [{ key: "tier", choice: "B" }] }) { account { id } } }
            """))["createAccount"]!["account"]!["id"]!.GetValue<string>();

        var set = await _client.QueryAsync(update, new { input = new { id = account, customFields = new object[] { new { key = "credit_limit", number = "2000000" } } } });
        var changed = await _client.QueryAsync(update, new { input = new { id = account, customFields = new object[] { new { key = "tier", choice = "A" }, new { key = "credit_limit" } } } });

        Assert.Equal("credit_limit=2000000,tier=B", Values(set));
        Assert.Equal("tier=A", Values(changed));
        static string Values(JsonNode data) => string.Join(",", data["updateAccount"]!["account"]!["customFields"]!.AsArray().Select(v => $"{v!["key"]}={v["number"] ?? v["choice"]}"));
    }

    [Fact]
    public async Task CsvImport_ReadsCustomColumns_AndReportsBadCellsByColumn()
    {
        await DefineAsync(new { entity = "LEAD", key = "import_budget", label = "导入预算", type = "NUMBER" });
        await DefineAsync(new { entity = "LEAD", key = "import_source", label = "导入来源", type = "CHOICE", choices = new[] { "展会", "官网" } });
        var province = AutomationFixture.UniqueProvince();
        var csv = $"""
            name,industry,province,phone,custom.import_budget,custom.import_source
            好行,NEW_ENERGY,{province},13811110001,2500.75,展会
            坏数字,NEW_ENERGY,{province},13811110002,很多,官网
            坏选项,NEW_ENERGY,{province},13811110003,10,电话
            """;

        var data = await _client.QueryAsync("""
            mutation($csv: String!) { bulkImportLeads(input: { csv: $csv }) {
              import { importedCount invalidCount rows { line errors { __typename ... on CustomFieldError { field key problem } } } } } }
            """, new { csv });
        var leads = await _client.QueryAsync("""
            query($p: [String!]) { leads(first: 10, where: { provinces: $p, customFields: [{ key: "import_budget", atLeast: "2500" }] }) {
              nodes { name customField(key: "import_budget") { number } source: customField(key: "import_source") { choice } } } }
            """, new { p = new[] { province } });

        var import = data["bulkImportLeads"]!["import"]!;
        Assert.Equal(1, import["importedCount"]!.GetValue<int>());
        Assert.Equal(2, import["invalidCount"]!.GetValue<int>());
        var errors = import["rows"]!.AsArray().SelectMany(r => r!["errors"]!.AsArray().Select(e => $"{r["line"]}:{e!["field"]}|{e["key"]}|{e["problem"]}")).ToList();
        Assert.Equal(["3:custom.import_budget|import_budget|WRONG_TYPE", "4:custom.import_source|import_source|NOT_A_CHOICE"], errors);
        var lead = Assert.Single(leads["leads"]!["nodes"]!.AsArray())!;
        Assert.Equal("好行", lead["name"]!.GetValue<string>());
        Assert.Equal("2500.75", lead["customField"]!["number"]!.GetValue<string>());
        Assert.Equal("展会", lead["source"]!["choice"]!.GetValue<string>());
    }
}
