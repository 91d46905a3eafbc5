using System.Net;
using System.Text;
using HeadlessSales.Api.Tests.Documents;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>
/// A lead file larger than a JSON request may be (256 KB by default) goes up as a file part of a multipart request,
/// on a host with the default limits.
/// </summary>
public sealed class LeadImportUploadTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Import = """
        mutation($input: BulkImportLeadsInput!) { bulkImportLeads(input: $input) {
          import { importedCount invalidCount rows(onlyProblems: true) { line } }
          errors { __typename ... on UserError { code message } ... on ValidationError { field } } } }
        """;

    [Fact]
    public async Task ImportFile_LargerThanAJsonRequestMayBe_IsImportedFromAnUpload()
    {
        var csv = Csv(3_000, "上传");
        Assert.True(Encoding.UTF8.GetByteCount(csv) > 256 * 1024);
        var client = api.CreateGraphQLClient();

        var asJson = await client.PostAsync(Import, new { input = new { csv } });
        var asFile = await client.SendAsync(WithToken(MultipartRequest.Create(Import, new { input = new { file = (string?)null } },
            new Dictionary<string, string[]> { ["0"] = ["variables.input.file"] }, [new FilePart("0", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)], "leads.csv", "text/csv")])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, asJson.Status);
        Assert.True(asFile.Status == HttpStatusCode.OK && asFile.Errors is null, asFile.Body);
        Assert.Equal(3_000, asFile.Data!["bulkImportLeads"]!["import"]!["importedCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ImportFile_NotUtf8_OrGivenTogetherWithText_IsRefused()
    {
        var client = api.CreateGraphQLClient();
        var latin1 = Encoding.Latin1.GetBytes("name,phone,industry\nJosé,13700000000,OTHER\n");

        var notUtf8 = await client.SendAsync(WithToken(MultipartRequest.Create(Import, new { input = new { file = (string?)null } },
            new Dictionary<string, string[]> { ["0"] = ["variables.input.file"] }, [new FilePart("0", latin1, "leads.csv", "text/csv")])));
        var both = await client.SendAsync(WithToken(MultipartRequest.Create(Import, new { input = new { csv = Csv(1, "两者"), file = (string?)null } },
            new Dictionary<string, string[]> { ["0"] = ["variables.input.file"] }, [new FilePart("0", Encoding.UTF8.GetBytes(Csv(1, "两者")), "leads.csv", "text/csv")])));
        var neither = await client.PostAsync(Import, new { input = new { onInvalidRows = "REJECT_ALL" } });

        Assert.Equal("input.file", Error(notUtf8.Data!)["field"]!.GetValue<string>());
        Assert.Contains("UTF-8", Error(notUtf8.Data!)["message"]!.GetValue<string>());
        Assert.Equal("input.file", Error(both.Data!)["field"]!.GetValue<string>());
        Assert.Equal("input.csv", Error(neither.Data!)["field"]!.GetValue<string>());
    }

    private HttpRequestMessage WithToken(HttpRequestMessage request)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.IntegrationToken());
        return request;
    }

    private static System.Text.Json.Nodes.JsonNode Error(System.Text.Json.Nodes.JsonNode data) => data["bulkImportLeads"]!["errors"]![0]!;

    private static string Csv(int rows, string tag)
    {
        var csv = new StringBuilder("name,company,phone,email,industry,province,source,products\n");
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"联系人{i},{tag}{run}有限公司{i},,{tag}.{run}.{i}@example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT,PLC-S7\n");
        }

        return csv.ToString();
    }
}
