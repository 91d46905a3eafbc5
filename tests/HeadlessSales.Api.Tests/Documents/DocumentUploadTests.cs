using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Documents;

/// <summary>Uploads over HTTP with the GraphQL multipart request spec, and downloads through the authenticated endpoint.</summary>
public sealed class DocumentUploadTests(DocumentsFixture api) : IClassFixture<DocumentsFixture>
{
    [Fact]
    public async Task Upload_OnAccount_StoresVerifiedFile_AndOwnerDownloadsTheSameBytes()
    {
        var account = await FirstAccountAsync(api.Demo);

        var response = await api.Demo.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = account, kindCode = "competitor_analysis", note = "对手报价低 8%" },
            new FilePart("0", MultipartRequest.Pdf, "竞品分析 v1.pdf", "application/pdf")));

        Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        var payload = response.Data!["uploadDocument"]!;
        Assert.Empty(payload["errors"]!.AsArray());
        var document = payload["document"]!;
        Assert.Equal("竞品分析 v1.pdf", document["fileName"]!.GetValue<string>());
        Assert.Equal("application/pdf", document["contentType"]!.GetValue<string>());
        Assert.Equal(MultipartRequest.Pdf.Length, document["sizeBytes"]!.GetValue<int>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(MultipartRequest.Pdf)), document["sha256"]!.GetValue<string>());
        Assert.Equal("COMPETITOR_ANALYSIS", document["kind"]!["code"]!.GetValue<string>());
        Assert.Equal(account, document["account"]!["id"]!.GetValue<string>());
        Assert.Equal(account, document["subjectId"]!.GetValue<string>());
        Assert.Null(document["lead"]);

        using var download = await api.Demo.Http.GetAsync(document["downloadPath"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(MultipartRequest.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("竞品分析 v1.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal($"\"{document["sha256"]!.GetValue<string>()}\"", download.Headers.ETag!.Tag);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var listed = await api.Demo.QueryAsync("query($s: [ID!]) { documents(where: { subjectIds: $s, kindCodes: [\"COMPETITOR_ANALYSIS\"] }) { totalCount nodes { id } } }", new { s = new[] { account } });
        Assert.Contains(listed["documents"]!["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == document["id"]!.GetValue<string>());
        Assert.Equal(0, api.FilesOnDisk().Spooled);
    }

    [Fact]
    public async Task Upload_OnLead_BySalesRep_RecordsTheUploader()
    {
        var rep = await api.MemberAsync("rep");
        var lead = await CreateLeadOwnedByAsync(rep);
        var csv = Encoding.UTF8.GetBytes("客户,需求\n常州光伏,逆变器 200 台\n");

        var response = await rep.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = lead, kindCode = "REQUIREMENT_CONFIRMATION", customerSignedOn = "2026-11-20" },
            new FilePart("file", csv, "需求确认书.csv", "text/csv; charset=utf-8")));

        var document = response.Data!["uploadDocument"]!["document"]!;
        Assert.Equal(lead, document["lead"]!["id"]!.GetValue<string>());
        Assert.Equal("text/csv", document["contentType"]!.GetValue<string>());
        Assert.Equal("2026-11-20", document["customerSignedOn"]!.GetValue<string>());
        var uploader = await rep.QueryAsync("query($id: ID!) { node(id: $id) { ... on Document { uploadedBy { email } } } }", new { id = document["id"]!.GetValue<string>() });
        Assert.Equal("rep@demo.example.com", uploader["node"]!["uploadedBy"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_OnOpportunity_IsEvidenceForItsGates_AndSeenOnlyByThoseWhoSeeTheOpportunity()
    {
        var rep = await api.MemberAsync("rep");
        var me = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var all = await api.Demo.QueryAsync("{ opportunities(first: 100) { nodes { id owner { id } } } }");
        var peerOpportunity = all["opportunities"]!["nodes"]!.AsArray().First(o => o!["owner"]!["id"]!.GetValue<string>() != me)!["id"]!.GetValue<string>();

        var response = await api.Demo.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = peerOpportunity, kindCode = "COMPETITOR_ANALYSIS" }, new FilePart("0", MultipartRequest.Pdf, "竞品.pdf", "application/pdf")));
        var document = response.Data!["uploadDocument"]!["document"]!;
        var byRep = await rep.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = peerOpportunity, kindCode = "QUOTATION" }, new FilePart("0", MultipartRequest.Pdf, "报价.pdf", "application/pdf")));
        using var repDownload = await rep.Http.GetAsync(document["downloadPath"]!.GetValue<string>());
        var listed = await rep.QueryAsync("query($s: [ID!]) { documents(where: { subjectIds: $s }) { totalCount } }", new { s = new[] { peerOpportunity } });

        Assert.Equal(peerOpportunity, document["subjectId"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", byRep.Data!["uploadDocument"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, repDownload.StatusCode);
        Assert.Equal(0, listed["documents"]!["totalCount"]!.GetValue<int>());
        Assert.Contains("COMPETITOR_ANALYSIS", await api.KindsOnOpportunityAsync(GlobalId.TryDecode(peerOpportunity, "Opportunity")!.Value));
    }

    [Fact]
    public async Task Multipart_WithoutPreflightHeader_Is400_AndStoresNothing()
    {
        var account = await FirstAccountAsync(api.Demo);
        var before = await CountDocumentsAsync();

        var response = await api.Demo.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = account, kindCode = "QUOTATION" }, new FilePart("0", MultipartRequest.Pdf, "q.pdf", "application/pdf"), preflight: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("PREFLIGHT_REQUIRED", response.FirstErrorCode);
        Assert.Contains("GraphQL-Require-Preflight", response.Errors![0]!["message"]!.GetValue<string>());
        Assert.False(response.HasData);
        Assert.Equal(before, await CountDocumentsAsync());
    }

    [Fact]
    public async Task Multipart_WithoutToken_Is401()
    {
        var response = await api.CreateAnonymousClient().SendAsync(MultipartRequest.ForDocument(
            new { subjectId = GlobalId.Encode("Account", 1), kindCode = "QUOTATION" }, new FilePart("0", MultipartRequest.Pdf, "q.pdf", "application/pdf")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Fact]
    public async Task FileOverTheLimit_Is413_AndNothingIsStoredOrLeftBehind()
    {
        var account = await FirstAccountAsync(api.Demo);
        var before = await CountDocumentsAsync();
        var storedBefore = api.FilesOnDisk().Stored;
        var big = new byte[DocumentsFixture.MaxFileBytes + 1];
        MultipartRequest.Pdf.CopyTo(big, 0);

        var response = await api.Demo.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = account, kindCode = "QUOTATION" }, new FilePart("0", big, "big.pdf", "application/pdf")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("FILE_TOO_LARGE", response.FirstErrorCode);
        Assert.Contains(DocumentsFixture.MaxFileBytes.ToString(), response.Errors![0]!["message"]!.GetValue<string>());
        Assert.Equal(before, await CountDocumentsAsync());
        Assert.Equal((storedBefore, 0), api.FilesOnDisk());
    }

    [Fact]
    public async Task FilesTogetherOverTheRequestLimit_Are413()
    {
        var account = await FirstAccountAsync(api.Demo);
        var before = await CountDocumentsAsync();
        var part = new byte[DocumentsFixture.MaxFileBytes - 10];
        MultipartRequest.Pdf.CopyTo(part, 0);

        // Each file is under the per-file limit; together they pass the request limit.
        var response = await api.Demo.SendAsync(MultipartRequest.Create(
            "mutation($a: UploadDocumentInput!, $b: UploadDocumentInput!) { a: uploadDocument(input: $a) { document { id } } b: uploadDocument(input: $b) { document { id } } }",
            new { a = new { subjectId = account, kindCode = "QUOTATION", file = (string?)null }, b = new { subjectId = account, kindCode = "QUOTATION", file = (string?)null } },
            new Dictionary<string, string[]> { ["0"] = ["variables.a.file"], ["1"] = ["variables.b.file"] },
            [new FilePart("0", part, "a.pdf", "application/pdf"), new FilePart("1", part, "b.pdf", "application/pdf")]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("REQUEST_TOO_LARGE", response.FirstErrorCode);
        Assert.Equal(before, await CountDocumentsAsync());
        Assert.Equal(0, api.FilesOnDisk().Spooled);
    }

    [Theory]
    [InlineData("application/pdf", "MZ", "application/x-msdownload")]
    [InlineData("application/x-msdownload", "MZ", "application/x-msdownload")]
    [InlineData("image/png", "%PDF-", "application/pdf")]
    [InlineData(null, "%PDF-", "application/pdf")]
    public async Task DisallowedOrMislabelledType_IsRefused_AndNothingIsStored(string? declared, string leadingBytes, string detected)
    {
        var account = await FirstAccountAsync(api.Demo);
        var before = await CountDocumentsAsync();
        var storedBefore = api.FilesOnDisk().Stored;
        var content = Encoding.ASCII.GetBytes(leadingBytes).Concat(new byte[] { 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 }).ToArray();

        var response = await api.Demo.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = account, kindCode = "QUOTATION" }, new FilePart("0", content, "报价单.pdf", declared)));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var error = response.Data!["uploadDocument"]!["errors"]![0]!;
        Assert.Equal("UNSUPPORTED_FILE_TYPE", error["code"]!.GetValue<string>());
        Assert.Equal(detected, error["detectedContentType"]!.GetValue<string>());
        Assert.Contains("application/pdf", error["allowedContentTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(response.Data["uploadDocument"]!["document"]);
        Assert.Equal(before, await CountDocumentsAsync());
        Assert.Equal(storedBefore, api.FilesOnDisk().Stored);
    }

    [Fact]
    public async Task UploadToAnotherTenantsRecord_ReadsAsNotFound_LikeAMissingOne_AndStoresNothing()
    {
        var demoAccount = await FirstAccountAsync(api.Demo);
        var missing = GlobalId.Encode("Account", 9_999_999);
        var before = await CountDocumentsAsync();
        var storedBefore = api.FilesOnDisk().Stored;
        var file = new FilePart("0", MultipartRequest.Pdf, "steal.pdf", "application/pdf");

        var foreign = await api.Rival.SendAsync(MultipartRequest.ForDocument(new { subjectId = demoAccount, kindCode = "QUOTATION" }, file));
        var nothing = await api.Rival.SendAsync(MultipartRequest.ForDocument(new { subjectId = missing, kindCode = "QUOTATION" }, file));

        Assert.Equal("NOT_FOUND", foreign.Data!["uploadDocument"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(nothing.Body.Replace(missing, "<id>"), foreign.Body.Replace(demoAccount, "<id>"));
        Assert.Equal(before, await CountDocumentsAsync());
        Assert.Equal(storedBefore, api.FilesOnDisk().Stored);
    }

    [Fact]
    public async Task Download_OnlyForThoseWhoSeeTheRecord_OthersGetTheSame404AsAMissingDocument()
    {
        var rep = await api.MemberAsync("rep");
        var me = (await rep.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var accounts = await api.Demo.QueryAsync("{ accounts(first: 100) { nodes { id owner { id } } } }");
        var peerAccount = accounts["accounts"]!["nodes"]!.AsArray().First(a => a!["owner"]?["id"]?.GetValue<string>() is { } owner && owner != me)!["id"]!.GetValue<string>();
        var ownAccount = (await rep.QueryAsync("{ accounts(first: 1) { nodes { id } } }"))["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var peerDocument = await UploadPdfAsync(api.Demo, peerAccount);
        var ownDocument = await UploadPdfAsync(api.Demo, ownAccount);
        var missingPath = $"/documents/{GlobalId.Encode("Document", 9_999_999)}/content";

        using var own = await rep.Http.GetAsync(ownDocument);
        using var peers = await rep.Http.GetAsync(peerDocument);
        using var rivals = await api.Rival.Http.GetAsync(peerDocument);
        using var missing = await rep.Http.GetAsync(missingPath);
        using var garbage = await rep.Http.GetAsync("/documents/not-an-id/content");
        using var anonymous = await api.CreateAnonymousClient().Http.GetAsync(peerDocument);
        var node = await rep.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = peerDocument.Split('/')[2] });

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(MultipartRequest.Pdf, await own.Content.ReadAsByteArrayAsync());
        var notFound = await missing.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var refused in new[] { peers, rivals, garbage })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal(notFound, await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(node["node"]);
    }

    [Fact]
    public async Task UploadVariable_SentAsJsonText_IsRefusedAsAnInvalidVariable()
    {
        var account = await FirstAccountAsync(api.Demo);

        var response = await api.Demo.PostAsync(MultipartRequest.UploadDocument,
            new { input = new { subjectId = account, kindCode = "QUOTATION", file = "JVBERi0xLjcK" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("Upload", response.Errors![0]!["message"]!.GetValue<string>());
        Assert.False(response.HasData);
    }

    [Theory]
    [InlineData("""{"0":["variables.input.nothere"]}""", "does not lead to a null variable")]
    [InlineData("""{"0":["input.file"]}""", "`map` must be")]
    [InlineData("""{"0":["variables.input.file"],"1":["variables.input.note"]}""", "no such file part")]
    public async Task MalformedMap_Is400_WithAClearMessage(string map, string expected)
    {
        var account = await FirstAccountAsync(api.Demo);
        var request = MultipartRequest.ForDocument(new { subjectId = account, kindCode = "QUOTATION", note = (string?)null }, new FilePart("0", MultipartRequest.Pdf, "q.pdf", "application/pdf"));
        var content = (MultipartFormDataContent)request.Content!;
        var rebuilt = new MultipartFormDataContent();
        foreach (var part in content)
        {
            var name = part.Headers.ContentDisposition!.Name!.Trim('"');
            rebuilt.Add(name == "map" ? new StringContent(map, Encoding.UTF8) : part, name, part.Headers.ContentDisposition.FileName?.Trim('"') ?? name);
        }

        request.Content = rebuilt;
        var response = await api.Demo.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_MULTIPART_REQUEST", response.FirstErrorCode);
        Assert.Contains(expected, response.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownOrRetiredKind_IsRefused()
    {
        var account = await FirstAccountAsync(api.Demo);
        var admin = await api.MemberAsync("admin", "sales:read sales:write org:admin");
        var created = await admin.QueryAsync("""
            mutation { createDocumentKind(input: { code: "SITE_SURVEY", name: "现场勘查报告", englishName: "Site survey" }) { documentKind { id code active } errors { __typename } } }
            """);
        var kindId = created["createDocumentKind"]!["documentKind"]!["id"]!.GetValue<string>();
        await admin.QueryAsync("mutation($id: ID!) { updateDocumentKind(input: { id: $id, active: false }) { documentKind { active } } }", new { id = kindId });
        var file = new FilePart("0", MultipartRequest.Pdf, "a.pdf", "application/pdf");

        var unknown = await api.Demo.SendAsync(MultipartRequest.ForDocument(new { subjectId = account, kindCode = "NO_SUCH_KIND" }, file));
        var retired = await api.Demo.SendAsync(MultipartRequest.ForDocument(new { subjectId = account, kindCode = "SITE_SURVEY" }, file));

        Assert.Equal("UNKNOWN_CODE", unknown.Data!["uploadDocument"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", retired.Data!["uploadDocument"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("filename=\"报价 v2.pdf\"", "报价 v2.pdf")]
    [InlineData("filename=\"../../etc/报价.pdf\"", "报价.pdf")]
    [InlineData("filename=\"C:\\fakepath\\offer.pdf\"", "offer.pdf")]
    [InlineData("filename*=UTF-8''%E6%8A%A5%E4%BB%B7%0D%0A%E2%80%AEfdp.pdf", "报价fdp.pdf")]
    [InlineData("filename=\"ignored.pdf\"; filename*=UTF-8''%E7%AB%9E%E5%93%81.pdf", "竞品.pdf")]
    public async Task RawBrowserMultipart_FileNameFromEitherParameter_KeepsOnlyASafeLastSegment(string fileNameParameters, string stored)
    {
        var account = await FirstAccountAsync(api.Demo);

        var response = await api.Demo.SendAsync(RawUpload(account, fileNameParameters));

        Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        Assert.Equal(stored, response.Data!["uploadDocument"]!["document"]!["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task RawBrowserMultipart_A300CharacterName_IsShortenedTo255_KeepingItsExtension()
    {
        var account = await FirstAccountAsync(api.Demo);

        var response = await api.Demo.SendAsync(RawUpload(account, $"filename=\"{new string('长', 296)}.pdf\""));

        var fileName = response.Data!["uploadDocument"]!["document"]!["fileName"]!.GetValue<string>();
        Assert.Equal(255, fileName.Length);
        Assert.EndsWith("长.pdf", fileName);
    }

    /// <summary>
    /// A multipart body written out byte for byte as Chromium and curl send it: <c>filename=</c> with the raw UTF-8
    /// name and no <c>filename*=</c>, which .NET's own MultipartFormDataContent always adds.
    /// </summary>
    private static HttpRequestMessage RawUpload(string accountId, string fileNameParameters)
    {
        const string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
        var operations = JsonSerializer.Serialize(new
        {
            query = MultipartRequest.UploadDocument,
            variables = new { input = new { subjectId = accountId, kindCode = "QUOTATION", file = (string?)null } },
        });
        var head = string.Join("\r\n",
            $"--{boundary}", "Content-Disposition: form-data; name=\"operations\"", "", operations,
            $"--{boundary}", "Content-Disposition: form-data; name=\"map\"", "", "{\"1\":[\"variables.input.file\"]}",
            $"--{boundary}", $"Content-Disposition: form-data; name=\"1\"; {fileNameParameters}", "Content-Type: application/pdf", "", "");
        var body = Encoding.UTF8.GetBytes(head).Concat(MultipartRequest.Pdf).Concat(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n")).ToArray();
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        request.Headers.Add("GraphQL-Require-Preflight", "1");
        return request;
    }

    private static async Task<string> UploadPdfAsync(GraphQLTestClient client, string subjectId)
    {
        var response = await client.SendAsync(MultipartRequest.ForDocument(new { subjectId, kindCode = "QUOTATION" }, new FilePart("0", MultipartRequest.Pdf, "报价单.pdf", "application/pdf")));
        Assert.True(response.Data?["uploadDocument"]?["document"] is JsonObject, response.Body);
        return response.Data!["uploadDocument"]!["document"]!["downloadPath"]!.GetValue<string>();
    }

    private static async Task<string> FirstAccountAsync(GraphQLTestClient client) =>
        (await client.QueryAsync("{ accounts(first: 1) { nodes { id } } }"))["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>();

    /// <summary>A new lead, given to the member behind <paramref name="owner"/> whatever the routing rules say.</summary>
    private async Task<string> CreateLeadOwnedByAsync(GraphQLTestClient owner)
    {
        var me = (await owner.QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var created = await api.Demo.QueryAsync("""
            mutation { createLead(input: { name: "王工", company: "常州测试光伏", phone: "13800000001", industry: NEW_ENERGY, source: WEBSITE }) { lead { id } } }
            """);
        var lead = created["createLead"]!["lead"]!["id"]!.GetValue<string>();
        await api.Demo.QueryAsync("mutation($lead: ID!, $me: ID!) { reassignLead(input: { leadId: $lead, ownerId: $me, reason: \"测试\" }) { errors { __typename } } }", new { lead, me });
        return lead;
    }

    private async Task<int> CountDocumentsAsync() =>
        (await api.Demo.QueryAsync("{ documents { totalCount } }"))["documents"]!["totalCount"]!.GetValue<int>();
}
