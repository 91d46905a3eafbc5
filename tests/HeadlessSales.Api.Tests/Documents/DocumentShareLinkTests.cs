using System.Net;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Documents;

/// <summary>Share links through the public API: made over GraphQL, opened by a customer over plain HTTP with no login.</summary>
public sealed class DocumentShareLinkTests(DocumentsFixture api) : IClassFixture<DocumentsFixture>
{
    private const string CreateLink = """
        mutation($input: CreateDocumentShareLinkInput!) {
          createDocumentShareLink(input: $input) {
            shareLink { id url status createdBy createdAt expiresAt revokedAt contact { id } document { id } }
            errors { __typename ... on UserError { code message } ... on NotFoundError { field } ... on ValidationError { field } }
          }
        }
        """;

    private const string Revoke = """
        mutation($id: ID!) { revokeDocumentShareLink(input: { id: $id }) { shareLink { id status revokedAt } errors { __typename ... on UserError { code message } ... on NotFoundError { field } } } }
        """;

    /// <summary>An account owned by a rep other than the one <c>MemberAsync("rep")</c> signs in as, a contact on it and a PDF on it.</summary>
    private async Task<(string Account, string Contact, string Document)> AccountWithContactAndPdfAsync(string fileName)
    {
        var signedIn = (await (await api.MemberAsync("rep")).QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var owner = (await api.Demo.QueryAsync("{ members(first: 20, where: { roles: [REP], active: true }) { nodes { id } } }"))["members"]!["nodes"]!.AsArray()
            .Select(m => m!["id"]!.GetValue<string>()).First(id => id != signedIn);
        var created = await api.Demo.QueryAsync("""
            mutation($o: ID, $n: String!) { createAccount(input: { name: $n, industry: NEW_ENERGY, ownership: PRIVATE, size: MEDIUM, ownerId: $o }) { account { id } errors { __typename ... on UserError { message } } } }
            """, new { o = owner, n = $"分享测试 {Path.GetFileNameWithoutExtension(fileName)}" });
        Assert.True(created["createAccount"]!["account"] is JsonObject, created.ToJsonString());
        var account = created["createAccount"]!["account"]!["id"]!.GetValue<string>();
        var contact = (await api.Demo.QueryAsync("""
            mutation($a: ID!) { createContact(input: { accountId: $a, name: "王工", title: "技术总监", decisionRole: INFLUENCER }) { contact { id } } }
            """, new { a = account }))["createContact"]!["contact"]!["id"]!.GetValue<string>();
        var uploaded = await api.Demo.SendAsync(MultipartRequest.ForDocument(new { subjectId = account, kindCode = "SOLUTION_PROPOSAL" },
            new FilePart("0", MultipartRequest.Pdf, fileName, "application/pdf")));
        var document = uploaded.Data!["uploadDocument"]!["document"]!["id"]!.GetValue<string>();
        return (account, contact, document);
    }

    private async Task<JsonNode> CreateLinkAsync(GraphQLTestClient client, object input) => (await client.QueryAsync(CreateLink, new { input }))["createDocumentShareLink"]!;

    private static async Task<(HttpStatusCode Status, byte[] Body, HttpResponseMessage Response)> OpenAsync(HttpClient anonymous, string path, string userAgent = "Mozilla/5.0 (Customer)")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.UserAgent.ParseAdd(userAgent);
        var response = await anonymous.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response);
    }

    private async Task<JsonNode> DocumentAsync(GraphQLTestClient client, string id) => (await client.QueryAsync("""
        query($id: ID!) { node(id: $id) { ... on Document { id
          shareLinks(first: 10) { totalCount nodes { id url status createdBy contact { id } } }
          views(first: 10) { totalCount nodes { viewedAt shareLinkId visitor userAgent } } } } }
        """, new { id }))["node"]!;

    [Fact]
    public async Task SharedLink_OpensWithoutLogin_RecordsEachView_AndJournalsIt()
    {
        var (_, contact, document) = await AccountWithContactAndPdfAsync("储能方案 v2.pdf");
        var created = await CreateLinkAsync(api.Demo, new { documentId = document, contactId = contact, expiresInDays = 7 });
        Assert.Empty(created["errors"]!.AsArray());
        var link = created["shareLink"]!;
        var url = link["url"]!.GetValue<string>();
        Assert.Matches("^/shared/[A-Za-z0-9_-]{43}$", url);
        Assert.Equal("ACTIVE", link["status"]!.GetValue<string>());
        Assert.Equal(contact, link["contact"]!["id"]!.GetValue<string>());
        Assert.Equal(DateTime.Parse(link["createdAt"]!.GetValue<string>()).AddDays(7), DateTime.Parse(link["expiresAt"]!.GetValue<string>()));

        var anonymous = api.CreateClient();
        var first = await OpenAsync(anonymous, url, "Mozilla/5.0 (Windows NT 10.0) Customer");
        var second = await OpenAsync(anonymous, url, "Mozilla/5.0 (iPhone) Customer");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(MultipartRequest.Pdf, first.Body);
        Assert.Equal("application/pdf", first.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", first.Response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("储能方案 v2.pdf", first.Response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", first.Response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", first.Response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, second.Status);

        // Two views, newest first; the token is never shown again, the address never kept.
        var seen = await DocumentAsync(api.Demo, document);
        var shared = Assert.Single(seen["shareLinks"]!["nodes"]!.AsArray())!;
        Assert.Null(shared["url"]);
        Assert.Equal(link["id"]!.GetValue<string>(), shared["id"]!.GetValue<string>());
        var views = seen["views"]!["nodes"]!.AsArray();
        Assert.Equal(2, seen["views"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(["Mozilla/5.0 (iPhone) Customer", "Mozilla/5.0 (Windows NT 10.0) Customer"], views.Select(v => v!["userAgent"]!.GetValue<string>()));
        Assert.All(views, v => Assert.Equal(link["id"]!.GetValue<string>(), v!["shareLinkId"]!.GetValue<string>()));
        // The in-memory test server gives no remote address: with nothing to hash, nothing is kept (DocumentView.VisitorHashOf).
        Assert.All(views, v => Assert.Null(v!["visitor"]));

        // Each view is a journaled event about the document: webhooks and the events feed carry it.
        var events = (await api.Demo.QueryAsync("""{ events(types: ["document.viewed"], first: 100) { nodes { type subjectId payload } } }"""))["events"]!["nodes"]!.AsArray()
            .Where(e => e!["subjectId"]!.GetValue<string>() == document).ToList();
        Assert.Equal(2, events.Count);
        var payload = JsonNode.Parse(events[0]!["payload"]!.GetValue<string>())!;
        Assert.Equal("SOLUTION_PROPOSAL", payload["kindCode"]!.GetValue<string>());
        Assert.Equal("储能方案 v2.pdf", payload["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpiredRevokedTamperedAndUnknownLinks_AllAnswerTheSame404_AndRecordNothing()
    {
        var (_, contact, document) = await AccountWithContactAndPdfAsync("报价说明.pdf");
        var shortLived = (await CreateLinkAsync(api.Demo, new { documentId = document, contactId = contact, expiresInDays = 1 }))["shareLink"]!;
        var toRevoke = (await CreateLinkAsync(api.Demo, new { documentId = document, contactId = contact }))["shareLink"]!;
        var good = (await CreateLinkAsync(api.Demo, new { documentId = document, contactId = contact }))["shareLink"]!["url"]!.GetValue<string>();
        var anonymous = api.CreateClient();

        var revoked = (await api.Demo.QueryAsync(Revoke, new { id = toRevoke["id"]!.GetValue<string>() }))["revokeDocumentShareLink"]!;
        Assert.Equal("REVOKED", revoked["shareLink"]!["status"]!.GetValue<string>());
        var revokedAgain = (await api.Demo.QueryAsync(Revoke, new { id = toRevoke["id"]!.GetValue<string>() }))["revokeDocumentShareLink"]!;
        Assert.Equal(revoked["shareLink"]!["revokedAt"]!.GetValue<string>(), revokedAgain["shareLink"]!["revokedAt"]!.GetValue<string>());

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var tampered = good[..^1] + (good[^1] == 'A' ? 'B' : 'A');
        var answers = new[]
        {
            await OpenAsync(anonymous, shortLived["url"]!.GetValue<string>()),
            await OpenAsync(anonymous, toRevoke["url"]!.GetValue<string>()),
            await OpenAsync(anonymous, tampered),
            await OpenAsync(anonymous, "/shared/" + new string('x', 43)),
            await OpenAsync(anonymous, "/shared/not-a-token"),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.Status));
        Assert.Single(answers.Select(a => Convert.ToBase64String(a.Body)).Distinct());
        Assert.Single(answers.Select(a => a.Response.Content.Headers.ContentType!.ToString()).Distinct());
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(anonymous, good)).Status);

        var seen = await DocumentAsync(api.Demo, document);
        Assert.Equal(1, seen["views"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(["ACTIVE", "EXPIRED", "REVOKED"], seen["shareLinks"]!["nodes"]!.AsArray().Select(l => l!["status"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task AnotherTenant_OrAMemberWhoCannotSeeTheDocument_FindsNothingToShareRevokeOrList()
    {
        var (_, contact, document) = await AccountWithContactAndPdfAsync("竞品对比.pdf");
        var link = (await CreateLinkAsync(api.Demo, new { documentId = document, contactId = contact }))["shareLink"]!["id"]!.GetValue<string>();
        var rep = await api.MemberAsync("rep");
        var missingDocument = document[..^2] + (document[^2] == 'A' ? "BA" : "AA");

        foreach (var outsider in new[] { api.Rival, rep })
        {
            var share = await CreateLinkAsync(outsider, new { documentId = document, contactId = contact });
            var shareMissing = await CreateLinkAsync(outsider, new { documentId = missingDocument, contactId = contact });
            Assert.Null(share["shareLink"]);
            Assert.Equal("NotFoundError", share["errors"]![0]!["__typename"]!.GetValue<string>());
            Assert.Equal("input.documentId", share["errors"]![0]!["field"]!.GetValue<string>());
            Assert.Equal(shareMissing["errors"]![0]!["message"]!.GetValue<string>().Replace(missingDocument, "<id>"), share["errors"]![0]!["message"]!.GetValue<string>().Replace(document, "<id>"));

            var revoke = (await outsider.QueryAsync(Revoke, new { id = link }))["revokeDocumentShareLink"]!;
            Assert.Null(revoke["shareLink"]);
            Assert.Equal("NotFoundError", revoke["errors"]![0]!["__typename"]!.GetValue<string>());
            Assert.Null((await outsider.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = document }))["node"]);
        }

        // A contact of another tenant cannot be given a link to this tenant's document either.
        var rivalRep = (await api.Rival.QueryAsync("{ members(first: 1, where: { roles: [REP] }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var rivalAccount = (await api.Rival.QueryAsync("""
            mutation($o: ID) { createAccount(input: { name: "对手客户", industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL, ownerId: $o }) { account { id } } }
            """, new { o = rivalRep }))["createAccount"]!["account"]!["id"]!.GetValue<string>();
        var rivalContact = (await api.Rival.QueryAsync("""
            mutation($a: ID!) { createContact(input: { accountId: $a, name: "李工", decisionRole: INFLUENCER }) { contact { id } } }
            """, new { a = rivalAccount }))["createContact"]!["contact"]!["id"]!.GetValue<string>();
        var crossed = await CreateLinkAsync(api.Demo, new { documentId = document, contactId = rivalContact });
        Assert.Equal("input.contactId", crossed["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await DocumentAsync(api.Demo, document))["shareLinks"]!["nodes"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lifetime_OutOfRange_IsAValidationErrorOnTheField()
    {
        var (_, contact, document) = await AccountWithContactAndPdfAsync("合同草案.pdf");
        foreach (var days in new[] { 0, 91 })
        {
            var refused = await CreateLinkAsync(api.Demo, new { documentId = document, contactId = contact, expiresInDays = days });
            Assert.Null(refused["shareLink"]);
            Assert.Equal("input.expiresInDays", refused["errors"]![0]!["field"]!.GetValue<string>());
        }

        Assert.Equal(0, (await DocumentAsync(api.Demo, document))["shareLinks"]!["totalCount"]!.GetValue<int>());
    }
}

/// <summary>What a view keeps of its visitor: a short hash that tells repeat visits of one link apart, and no address.</summary>
public sealed class DocumentViewVisitorTests
{
    [Fact]
    public void VisitorHash_IsStablePerLinkAndAddress_DiffersAcrossLinks_AndHoldsNoAddress()
    {
        var first = Api.Features.Documents.DocumentView.VisitorHashOf(7, "203.0.113.9");

        Assert.Matches("^[0-9a-f]{16}$", first);
        Assert.DoesNotContain("203.0.113.9", first);
        Assert.Equal(first, Api.Features.Documents.DocumentView.VisitorHashOf(7, "203.0.113.9"));
        Assert.NotEqual(first, Api.Features.Documents.DocumentView.VisitorHashOf(8, "203.0.113.9"));
        Assert.NotEqual(first, Api.Features.Documents.DocumentView.VisitorHashOf(7, "203.0.113.10"));
        Assert.Null(Api.Features.Documents.DocumentView.VisitorHashOf(7, null));
    }
}
