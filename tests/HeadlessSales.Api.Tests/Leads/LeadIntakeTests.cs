using System.Text;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Leads;

public sealed class LeadIntakeTests(LeadsFixture api, ITestOutputHelper output) : IClassFixture<LeadsFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    internal const string CreateLead = """
        mutation($input: CreateLeadInput!) {
          createLead(input: $input) {
            lead { id name company phone email industry province source productInterests products { code } estimatedSize status duplicateOfId duplicateMatchedOn }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on UnknownCodeError { field value } ... on IdempotencyKeyReusedError { key } }
          }
        }
        """;

    private const string BulkImport = """
        mutation($input: BulkImportLeadsInput!) {
          bulkImportLeads(input: $input) {
            import { importedCount invalidCount duplicateCount rows(onlyProblems: true) { line lead { id duplicateOfId duplicateMatchedOn }
              errors { __typename ... on UserError { code } ... on ValidationError { field } ... on UnknownCodeError { field value } } } }
            errors { __typename ... on UserError { code message } ... on ImportRejectedError { invalidRows { line errors { __typename } } } }
          }
        }
        """;

    [Fact]
    public async Task CreateLead_RetriedWithTheSameKey_ReturnsTheSameLead_ButAnotherPayloadIsRefused()
    {
        var input = new { idempotencyKey = Guid.NewGuid().ToString(), name = "周先生", company = api.UniqueName("幂等测试"), phone = api.UniquePhone(), industry = "NEW_ENERGY", source = "WEBSITE", productInterests = new[] { "pv-inverter" } };

        var first = await _client.QueryAsync(CreateLead, new { input });
        var retry = await _client.QueryAsync(CreateLead, new { input });
        var reused = await _client.QueryAsync(CreateLead, new { input = input with { name = "别人" } });

        var id = first["createLead"]!["lead"]!["id"]!.GetValue<string>();
        Assert.Equal(id, retry["createLead"]!["lead"]!["id"]!.GetValue<string>());
        Assert.Equal(["PV-INVERTER"], first["createLead"]!["lead"]!["productInterests"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(reused["createLead"]!["lead"]);
        Assert.Equal("IdempotencyKeyReusedError", reused["createLead"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync(input.company));
    }

    [Fact]
    public async Task CreateLead_ConcurrentRetriesWithOneKey_StoreOneLead()
    {
        var input = new { idempotencyKey = Guid.NewGuid().ToString(), name = "并发重试", company = api.UniqueName("并发幂等"), email = $"{Guid.NewGuid():N}@example.com", industry = "LOGISTICS", source = "PARTNER" };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.CreateGraphQLClient().QueryAsync(CreateLead, new { input })));

        Assert.Single(results.Select(r => r["createLead"]!["lead"]!["id"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, await CountAsync(input.company));
    }

    [Fact]
    public async Task CreateLead_WithBadInput_ReportsEveryProblem()
    {
        var response = await _client.PostAsync(CreateLead, new
        {
            input = new { name = " ", phone = "call me maybe", email = "not-an-email", industry = "MEDICAL_DEVICES", source = "PHONE", productInterests = new[] { "CT-SCAN", "TIME-MACHINE" } },
        });

        response.MatchResponseSnapshot();
    }

    [Fact]
    public async Task CreateLead_WithoutPhoneOrEmail_IsRefused()
    {
        var data = await _client.QueryAsync(CreateLead, new { input = new { name = "无联系方式", industry = "OTHER", source = "OTHER" } });

        var error = data["createLead"]!["errors"]![0]!;
        Assert.Equal("input.phone", error["field"]!.GetValue<string>());
        Assert.Null(data["createLead"]!["lead"]);
    }

    [Fact]
    public async Task CreateLead_SharingPhoneEmailOrCompany_IsLinkedToTheEarliestLeadAndNeverMerged()
    {
        var phone = api.UniquePhone();
        var email = $"{Guid.NewGuid():N}@example.com";
        var company = api.UniqueName("重复检测");
        var original = await CreateAsync(new { name = "原始线索", phone, industry = "AUTOMOTIVE", source = "WEBSITE" });
        var samePhone = await CreateAsync(new { name = "同号码", phone = $"+86 {phone[..3]}-{phone[3..7]}-{phone[7..]}", email, industry = "AUTOMOTIVE", source = "PHONE" });
        var sameEmailAndCompany = await CreateAsync(new { name = "同邮箱", email = email.ToUpperInvariant(), company = $" {company} ", industry = "AUTOMOTIVE", source = "TRADE_SHOW" });
        var sameCompany = await CreateAsync(new { name = "同公司", phone = api.UniquePhone(), company = company.Replace("-", " - "), industry = "AUTOMOTIVE", source = "REFERRAL" });
        var unrelated = await CreateAsync(new { name = "无关", phone = api.UniquePhone(), industry = "AUTOMOTIVE", source = "REFERRAL" });

        var originalId = original["id"]!.GetValue<string>();
        Assert.Null(original["duplicateOfId"]);
        Assert.Equal(originalId, samePhone["duplicateOfId"]!.GetValue<string>());
        Assert.Equal(["PHONE"], Matched(samePhone));
        Assert.Equal(originalId, sameEmailAndCompany["duplicateOfId"]!.GetValue<string>());
        Assert.Equal(["EMAIL"], Matched(sameEmailAndCompany));
        Assert.Equal(originalId, sameCompany["duplicateOfId"]!.GetValue<string>());
        Assert.Equal(["COMPANY"], Matched(sameCompany));
        Assert.Null(unrelated["duplicateOfId"]);
        Assert.Equal(5, new[] { original, samePhone, sameEmailAndCompany, sameCompany, unrelated }.Select(l => l["id"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task BulkImport_ReportsEachBadRowByLine_AndImportsTheGoodOnes()
    {
        var phone = api.UniquePhone();
        var csv = new StringBuilder()
            .AppendLine("name,company,phone,email,industry,province,source,products,estimatedSize")
            .AppendLine($"好线索,\"{api.UniqueName("导入, 有逗号")}\",{phone},,NEW_ENERGY,江苏,TRADE_SHOW,PV-INVERTER;ESS-CABINET,LARGE")
            .AppendLine($"坏电话,,12ab,,NEW_ENERGY,,,,")
            .AppendLine($"坏行业,,{api.UniquePhone()},,MINING,,,,")
            .AppendLine($"\"多行\n备注\",,{api.UniquePhone()},bad@,CHEMICALS,,,UNKNOWN-PRODUCT,")
            .AppendLine($"同号码,,{phone},,NEW_ENERGY,浙江,WEBSITE,,")
            .ToString();

        var data = await _client.QueryAsync(BulkImport, new { input = new { csv } });

        var import = data["bulkImportLeads"]!["import"]!;
        Assert.Empty(data["bulkImportLeads"]!["errors"]!.AsArray());
        Assert.Equal(2, import["importedCount"]!.GetValue<int>());
        Assert.Equal(3, import["invalidCount"]!.GetValue<int>());
        Assert.Equal(1, import["duplicateCount"]!.GetValue<int>());
        var problems = import["rows"]!.AsArray().ToDictionary(r => r!["line"]!.GetValue<int>());
        Assert.Equal([3, 4, 5, 7], problems.Keys.Order());
        Assert.Equal(["phone"], Fields(problems[3]!));
        Assert.Equal(["UnknownCodeError:industry:MINING"], problems[4]!["errors"]!.AsArray().Select(e => $"{e!["__typename"]}:{e["field"]}:{e["value"]}"));
        Assert.Equal(["email", "products"], Fields(problems[5]!));
        Assert.Equal(["PHONE"], Matched(problems[7]!["lead"]!));
    }

    [Fact]
    public async Task CreateLeadAndBulkImport_ApplyTheSameContactDetailRules()
    {
        // Accepted once by the lead rule (a dot somewhere) and the contact rule (no digit count): refused by both paths now.
        var company = api.UniqueName("同一规则");
        var created = await _client.QueryAsync(CreateLead, new { input = new { name = "主机邮箱", company, email = "li.lei@localhost", industry = "OTHER", source = "OTHER" } });
        var csv = $"name,company,phone,email,industry\n主机邮箱,{company},,li.lei@localhost,OTHER\n短号码,{company},12-34,,OTHER\n";
        var imported = await _client.QueryAsync(BulkImport, new { input = new { csv } });

        Assert.Equal(["input.email"], created["createLead"]!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        Assert.Null(created["createLead"]!["lead"]);
        var rows = imported["bulkImportLeads"]!["import"]!["rows"]!.AsArray().ToDictionary(r => r!["line"]!.GetValue<int>());
        Assert.Equal(["email"], Fields(rows[2]!));
        Assert.Equal(["phone"], Fields(rows[3]!));
        Assert.Equal(0, imported["bulkImportLeads"]!["import"]!["importedCount"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync(company));
    }

    [Fact]
    public async Task BulkImport_RejectAll_ImportsNothingAndNamesTheBadRows()
    {
        var company = api.UniqueName("全部拒绝");
        var csv = $"name,company,phone,industry\n好,{company},{api.UniquePhone()},OTHER\n坏,{company},x,OTHER\n";

        var data = await _client.QueryAsync(BulkImport, new { input = new { csv, onInvalidRows = "REJECT_ALL" } });

        Assert.Null(data["bulkImportLeads"]!["import"]);
        var error = data["bulkImportLeads"]!["errors"]![0]!;
        Assert.Equal("IMPORT_REJECTED", error["code"]!.GetValue<string>());
        Assert.Equal([3], error["invalidRows"]!.AsArray().Select(r => r!["line"]!.GetValue<int>()));
        Assert.Equal(0, await CountAsync(company));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("name,industry,favouriteColour\nx,OTHER,blue\n", "Unknown column")]
    [InlineData("company,phone\nx,13900000000\n", "required")]
    public async Task BulkImport_WithAnUnreadableFile_IsAValidationError(string csv, string expected)
    {
        var data = await _client.QueryAsync(BulkImport, new { input = new { csv } });

        var error = data["bulkImportLeads"]!["errors"]![0]!;
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.Contains(expected, error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BulkImport_TenThousandRowsInOneRequest_AreAllStoredWithDuplicatesLinked()
    {
        var prefix = api.UniqueName("万行");
        var csv = new StringBuilder("name,company,phone,email,industry,province,source,products\n");
        for (var i = 0; i < 10_000; i++)
        {
            // Every hundredth row repeats the company of the row before: 100 duplicates within the file.
            var company = i % 100 == 99 ? $"{prefix}-{i - 1}" : $"{prefix}-{i}";
            csv.Append($"联系人{i},{company},,{prefix}.{i}@example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT,PLC-S7\n");
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var data = await _client.QueryAsync(
            "mutation($input: BulkImportLeadsInput!) { bulkImportLeads(input: $input) { import { importedCount invalidCount duplicateCount } errors { __typename } } }",
            new { input = new { csv = csv.ToString() } });
        started.Stop();

        var import = data["bulkImportLeads"]!["import"]!;
        Assert.Equal(10_000, import["importedCount"]!.GetValue<int>());
        Assert.Equal(0, import["invalidCount"]!.GetValue<int>());
        Assert.Equal(100, import["duplicateCount"]!.GetValue<int>());
        Assert.Equal(10_000, await CountAsync(prefix));
        output.WriteLine($"10,000 leads imported in {started.Elapsed.TotalSeconds:F1} s ({10_000 / started.Elapsed.TotalSeconds:F0} leads/s).");
    }

    private async Task<JsonNode> CreateAsync(object input)
    {
        var data = await _client.QueryAsync(CreateLead, new { input });
        Assert.Empty(data["createLead"]!["errors"]!.AsArray());
        return data["createLead"]!["lead"]!;
    }

    private async Task<int> CountAsync(string search) =>
        (await _client.QueryAsync("query($s: String) { leads(where: { search: $s }) { totalCount } }", new { s = search }))["leads"]!["totalCount"]!.GetValue<int>();

    private static string[] Matched(JsonNode lead) => lead["duplicateMatchedOn"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();

    private static string[] Fields(JsonNode row) => row["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToArray();
}
