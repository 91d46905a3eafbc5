using System.Text;
using HeadlessSales.Client;
using TypedSdk = global::HeadlessSales.Sdk;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>
/// Files through the typed client: an <c>Upload</c> input field takes a <see cref="GraphQLFile"/>, and the HTTP
/// transport turns the operation into a GraphQL multipart request the server accepts.
/// </summary>
public sealed class DocumentUploadSdkTests(SdkServerFactory server) : IClassFixture<SdkServerFactory>
{
    [Fact]
    public async Task UploadDocument_SendsTheFile_AndReadsTheTypedPayload()
    {
        var client = server.CreateSdkClient(out _);
        var account = (await client.ListAccountsAsync(first: 1)).EnsureSuccess().Accounts.Nodes[0].Id;
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n");
        using var stream = new MemoryStream(pdf);

        var result = await client.UploadDocumentAsync(new TypedSdk.UploadDocumentInput
        {
            SubjectId = account,
            KindCode = "QUOTATION",
            File = new GraphQLFile(stream, "报价单.pdf", "application/pdf"),
        });

        var document = result.EnsurePayload(data => data.UploadDocument).Document!;
        Assert.Equal(("报价单.pdf", pdf.Length, "QUOTATION"), (document.FileName, document.SizeBytes, document.Kind.Code));
        Assert.True(stream.CanRead, "the caller's stream is left open");
    }

    [Fact]
    public async Task BulkImportLeads_FromACsvFile_ImportsEveryRow()
    {
        var client = server.CreateSdkClient(out _);
        var run = Guid.NewGuid().ToString("N")[..8];
        var csv = "name,company,phone,email,industry,province,source,products\n"
            + $"王芳,SDK上传{run}有限公司,,wang.{run}@example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT,PLC-S7\n"
            + $"李强,SDK上传{run}科技,,li.{run}@example.com,INDUSTRIAL_AUTOMATION,江苏,IMPORT,PLC-S7\n"
            + $"无行业,SDK上传{run}贸易,,none.{run}@example.com,,江苏,IMPORT,\n";

        var result = await client.BulkImportLeadsAsync(new TypedSdk.BulkImportLeadsInput
        {
            File = GraphQLFile.FromBytes(Encoding.UTF8.GetBytes(csv), "leads.csv", "text/csv"),
        });

        var import = result.EnsurePayload(data => data.BulkImportLeads).Import!;
        Assert.Equal((2, 1), (import.ImportedCount, import.InvalidCount));
        Assert.Equal(4, Assert.Single(import.Rows).Line); // the header is line 1
    }
}
