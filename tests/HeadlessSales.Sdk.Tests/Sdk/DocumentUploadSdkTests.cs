using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessSales.Client;
using HeadlessSales.Client.Http;
using TypedSdk = global::HeadlessSales.Sdk;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>The HTTP transport uploads files with the GraphQL multipart request spec, using a generated operation's document and result type.</summary>
public sealed class DocumentUploadSdkTests(SdkServerFactory server) : IClassFixture<SdkServerFactory>
{
    [Fact]
    public async Task ExecuteWithFiles_UploadsADocument_AndReadsTheTypedPayload()
    {
        var http = server.CreateClient();
        http.BaseAddress = new Uri(server.Server.BaseAddress, "/graphql");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        var transport = new HttpGraphQLTransport(http, TypedSdk.HeadlessSalesClientSerialization.CreateOptions());
        var client = server.CreateSdkClient(out _);
        var account = (await client.ListAccountsAsync(first: 1)).EnsureSuccess().Accounts.Nodes[0].Id;
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n");
        var request = new GraphQLRequest(TypedSdk.UploadDocumentOperation.Document, TypedSdk.UploadDocumentOperation.Name,
            new Dictionary<string, object?> { ["input"] = new Dictionary<string, object?> { ["subjectId"] = account, ["kindCode"] = "QUOTATION", ["file"] = null } },
            TypedSdk.UploadDocumentOperation.DocumentId);

        var result = await transport.ExecuteWithFilesAsync<TypedSdk.UploadDocumentResult>(request, [new GraphQLFile("input.file", new MemoryStream(pdf), "报价单.pdf", "application/pdf")]);

        var document = result.EnsurePayload(data => data.UploadDocument).Document!;
        Assert.Equal("报价单.pdf", document.FileName);
        Assert.Equal(pdf.Length, document.SizeBytes);
        Assert.Equal("QUOTATION", document.Kind.Code);
    }

    private async Task<string> TokenAsync()
    {
        using var http = server.CreateClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = SdkServerFactory.DemoClientId,
            ["client_secret"] = SdkServerFactory.DemoClientSecret,
        }));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
    }
}
