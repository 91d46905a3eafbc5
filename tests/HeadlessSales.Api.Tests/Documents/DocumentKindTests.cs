using System.Net;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Documents;

/// <summary>The tenant's catalog of document kinds, and the evidence query stage gates use.</summary>
public sealed class DocumentKindTests(DocumentsFixture api) : IClassFixture<DocumentsFixture>
{
    [Fact]
    public async Task EveryTenant_StartsWithTheDefaultCatalog()
    {
        var demo = await api.Demo.QueryAsync("{ documentKinds(first: 50) { nodes { code name englishName requiresCustomerSignature active } } }");
        var rival = await api.Rival.QueryAsync("{ documentKinds(first: 50, where: { active: true }) { nodes { code } } }");

        var codes = demo["documentKinds"]!["nodes"]!.AsArray().Select(k => k!["code"]!.GetValue<string>()).ToList();
        Assert.Superset(DocumentKindCatalog.Defaults.Select(d => d.Code).ToHashSet(), codes.ToHashSet());
        var confirmation = demo["documentKinds"]!["nodes"]!.AsArray().Single(k => k!["code"]!.GetValue<string>() == "REQUIREMENT_CONFIRMATION")!;
        Assert.Equal("需求确认书", confirmation["name"]!.GetValue<string>());
        Assert.True(confirmation["requiresCustomerSignature"]!.GetValue<bool>());
        Assert.Superset(DocumentKindCatalog.Defaults.Select(d => d.Code).ToHashSet(), rival["documentKinds"]!["nodes"]!.AsArray().Select(k => k!["code"]!.GetValue<string>()).ToHashSet());
    }

    [Fact]
    public async Task CreateDocumentKind_AdminsOnly_CodesUniqueAndWellFormed()
    {
        var admin = await api.MemberAsync("admin", "sales:read sales:write org:admin");
        var rep = await api.MemberAsync("rep");
        const string create = """
            mutation($code: String!) { createDocumentKind(input: { code: $code, name: "招标文件", englishName: "Tender documents" }) {
              documentKind { code name englishName active } errors { __typename ... on UserError { code } ... on ValidationError { field } } } }
            """;

        var created = await admin.QueryAsync(create, new { code = "TENDER" });
        var duplicate = await admin.QueryAsync(create, new { code = "TENDER" });
        var badCode = await admin.QueryAsync(create, new { code = "tender docs" });
        var byRep = await rep.PostAsync(create, new { code = "REP_KIND" });
        var sameCodeElsewhere = await api.Rival.QueryAsync(create, new { code = "TENDER" });

        Assert.Equal("TENDER", created["createDocumentKind"]!["documentKind"]!["code"]!.GetValue<string>());
        Assert.Equal("DUPLICATE", duplicate["createDocumentKind"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("input.code", badCode["createDocumentKind"]!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, byRep.Status);
        Assert.Empty(sameCodeElsewhere["createDocumentKind"]!["errors"]!.AsArray());
    }

    [Fact]
    public async Task UpdateDocumentKind_OfAnotherTenant_IsNotFound()
    {
        var rivalKind = (await api.Rival.QueryAsync("{ documentKinds(first: 1) { nodes { id } } }"))["documentKinds"]!["nodes"]![0]!["id"]!.GetValue<string>();

        var data = await api.Demo.QueryAsync("mutation($id: ID!) { updateDocumentKind(input: { id: $id, name: \"x\" }) { documentKind { id } errors { ... on UserError { code } } } }", new { id = rivalKind });

        Assert.Equal("NOT_FOUND", data["updateDocumentKind"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evidence_CountsAKindThatNeedsASignature_OnlyOnceSigned()
    {
        var accounts = (await api.Demo.QueryAsync("{ accounts(first: 30) { nodes { id } } }"))["accounts"]!["nodes"]!.AsArray();
        var account = accounts[^1]!["id"]!.GetValue<string>();
        var accountKey = GlobalId.TryDecode(account, "Account")!.Value;

        await UploadAsync(account, "REQUIREMENT_CONFIRMATION", signedOn: null);
        await UploadAsync(account, "COMPETITOR_ANALYSIS", signedOn: null);
        var unsigned = await KindsOnAccountAsync(accountKey);
        await UploadAsync(account, "REQUIREMENT_CONFIRMATION", signedOn: "2026-11-26");
        var signed = await KindsOnAccountAsync(accountKey);

        Assert.Equal(["COMPETITOR_ANALYSIS"], unsigned.Order());
        Assert.Equal(["COMPETITOR_ANALYSIS", "REQUIREMENT_CONFIRMATION"], signed.Order());
    }

    [Fact]
    public async Task CustomerSignedOn_InTheFuture_IsRefused()
    {
        var account = (await api.Demo.QueryAsync("{ accounts(first: 1) { nodes { id } } }"))["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>();

        var response = await api.Demo.SendAsync(MultipartRequest.ForDocument(
            new { subjectId = account, kindCode = "REQUIREMENT_CONFIRMATION", customerSignedOn = "2027-01-01" },
            new FilePart("0", MultipartRequest.Pdf, "a.pdf", "application/pdf")));

        Assert.Equal("input.customerSignedOn", response.Data!["uploadDocument"]!["errors"]![0]!["field"]!.GetValue<string>());
    }

    private async Task UploadAsync(string subjectId, string kindCode, string? signedOn)
    {
        var response = await api.Demo.SendAsync(MultipartRequest.ForDocument(
            new { subjectId, kindCode, customerSignedOn = signedOn }, new FilePart("0", MultipartRequest.Pdf, "e.pdf", "application/pdf")));
        Assert.True(response.Data?["uploadDocument"]?["document"] is not null, response.Body);
    }

    private async Task<IReadOnlySet<string>> KindsOnAccountAsync(long accountId)
    {
        var pool = api.Services.GetRequiredService<ISalesDbContextPool>();
        var tenantId = await api.DemoTenantIdAsync();
        await using var db = pool.Rent(tenantId);
        return await DocumentEvidence.KindsPresentOnAccountAsync(db, accountId, CancellationToken.None);
    }
}
