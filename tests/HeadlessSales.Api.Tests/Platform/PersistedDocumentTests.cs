using System.Net;
using System.Net.Http.Json;
using HeadlessSales.Api.GraphQL.Execution;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>An operator's allow-list: only the documents in the persisted-documents folder run.</summary>
public sealed class AllowListApiFactory : ApiFactory
{
    public const string Document = "query TenantName { tenant { name } }";

    public AllowListApiFactory()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "TenantName.graphql"), Document);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "headlesssales-persisted", Guid.NewGuid().ToString("N"));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:PersistedDocuments:Folder"] = Folder,
        ["GraphQL:PersistedDocuments:AllowOnlyPersisted"] = "true",
    };
}

public sealed class PersistedDocumentTests(AllowListApiFactory api) : IClassFixture<AllowListApiFactory>
{
    [Fact]
    public async Task PersistedDocument_RunsBySha256Id()
    {
        var id = "sha256:" + PersistedDocumentStore.Hash(AllowListApiFactory.Document);

        var response = await PostAsync(new { documentId = id });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("示范销售有限公司 Demo Sales Co.", response.Data!["tenant"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PersistedDocument_RunsOverGetToo()
    {
        var id = "sha256:" + PersistedDocumentStore.Hash(AllowListApiFactory.Document);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?documentId=" + Uri.EscapeDataString(id));
        request.Headers.Accept.ParseAdd("application/graphql-response+json");

        var response = await api.CreateGraphQLClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task PersistedDocument_RunsOverTheWebSocketToo()
    {
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        await socket.SendAsync(new { id = "p1", type = "subscribe", payload = new { documentId = "sha256:" + PersistedDocumentStore.Hash(AllowListApiFactory.Document) } });

        var next = await socket.ReceiveAsync();
        var complete = await socket.ReceiveAsync();

        Assert.Equal("示范销售有限公司 Demo Sales Co.", next!["payload"]!["data"]!["tenant"]!["name"]!.GetValue<string>());
        Assert.Equal("complete", complete!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdHocQuery_IsRefusedInAllowListMode()
    {
        var response = await PostAsync(new { query = AllowListApiFactory.Document });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
        Assert.Equal("DOCUMENT_ID_MISSING", response.FirstErrorCode);
    }

    [Theory]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000", "DOCUMENT_NOT_FOUND")]
    [InlineData("sha256:xyz", "DOCUMENT_ID_INVALID")]
    [InlineData("md5:abc", "DOCUMENT_ID_INVALID")]
    public async Task UnknownOrMalformedDocumentId_IsRefused(string id, string code)
    {
        var response = await PostAsync(new { documentId = id });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.FirstErrorCode);
    }

    private async Task<GraphQLResponse> PostAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(body) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        return await api.CreateGraphQLClient().SendAsync(request);
    }
}
