using HeadlessSales.Client;
using Microsoft.AspNetCore.Hosting;
using TypedSdk = global::HeadlessSales.Sdk;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>
/// A server that runs only an allow-list of documents, loaded with the SDK's <c>PersistedDocuments</c>
/// as an operator would, and the SDK in persisted mode sending ids instead of text.
/// </summary>
public sealed class PersistedDocumentsEndToEndTests(PersistedDocumentsEndToEndTests.AllowListServer server)
    : IClassFixture<PersistedDocumentsEndToEndTests.AllowListServer>
{
    // Subscriptions are left out: the server's graphql-transport-ws handler requires `query` in subscribe
    // and does not read `documentId` yet, so an allow-list server cannot serve them.
    [Fact]
    public async Task PersistedClient_RunsQueriesAndMutations()
    {
        var client = server.CreateSdkClient(out _, GraphQLDocumentMode.Persisted);

        var tenant = (await client.GetTenantAsync()).EnsureSuccess().Tenant;
        var created = (await client.CreateAccountAsync(new TypedSdk.CreateAccountInput
        {
            Name = "SDK 持久化文档测试有限公司",
            Industry = TypedSdk.Industry.Chemicals,
            Ownership = TypedSdk.OwnershipType.StateOwned,
            Size = Enum.GetValues<TypedSdk.CompanySize>()[0],
        })).EnsurePayload(data => data.CreateAccount);

        Assert.False(string.IsNullOrEmpty(tenant.Name));
        Assert.Equal("SDK 持久化文档测试有限公司", created.Account!.Name);
    }

    [Fact]
    public async Task FullTextRequest_IsRefusedByTheAllowList()
    {
        var client = server.CreateSdkClient(out _, GraphQLDocumentMode.Text);

        var result = await client.GetTenantAsync();

        Assert.False(result.IsSuccess);
        Assert.NotEmpty(result.Errors);
    }

    public sealed class AllowListServer : SdkServerFactory
    {
        private readonly string _documents = Directory.CreateTempSubdirectory("headlesssales-persisted-").FullName;

        public AllowListServer()
        {
            // What an operator does: store each of the SDK's documents in the server's persisted-documents folder.
            foreach (var document in TypedSdk.HeadlessSalesClient.PersistedDocuments)
            {
                File.WriteAllText(Path.Combine(_documents, document.OperationName + ".graphql"), document.Document);
            }
        }

        protected override void ConfigureServer(IWebHostBuilder builder)
        {
            builder.UseSetting("GraphQL:PersistedDocuments:Folder", _documents);
            builder.UseSetting("GraphQL:PersistedDocuments:AllowOnlyPersisted", "true");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);

            // The host disposes its factory once asynchronously and xunit once more: only the first deletes.
            if (Directory.Exists(_documents))
            {
                Directory.Delete(_documents, recursive: true);
            }
        }
    }
}
