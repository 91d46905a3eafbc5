using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Documents;

/// <summary>The demo tenant, a rival tenant to attack it from, and small upload limits so over-limit files stay small.</summary>
public sealed class DocumentsFixture : ApiFactory, IAsyncLifetime
{
    public const long MaxFileBytes = 64 * 1024;
    public const long MaxRequestBytes = 100 * 1024;
    private const string RivalClientId = "rival-documents";
    private const string RivalSecret = "rival-documents-secret";

    public GraphQLTestClient Demo { get; private set; } = null!;

    public GraphQLTestClient Rival { get; private set; } = null!;

    /// <summary>Where uploads are written while a request runs, so tests can see that none is left behind.</summary>
    public string SpoolFolder => Path.Combine(DataFolder, "spool");

    public string StorageFolder => Path.Combine(DataFolder, "documents");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:Uploads:MaxFileBytes"] = MaxFileBytes.ToString(),
        ["GraphQL:Uploads:MaxRequestBytes"] = MaxRequestBytes.ToString(),
        ["GraphQL:Uploads:MaxFiles"] = "3",
        ["GraphQL:Uploads:SpoolFolder"] = SpoolFolder,
        // Share-link tests move the clock past a link's expiry (days): the clients' tokens outlive that.
        ["Identity:AccessTokenLifetime"] = "30.00:00:00",
    };

    public async Task InitializeAsync()
    {
        Demo = CreateGraphQLClient();
        var pool = Services.GetRequiredService<ISalesDbContextPool>();
        var rivalTenant = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 1, TeamsPerRegion = 1, RepsPerTeam = 1, Accounts = 2 }, null, CancellationToken.None, "rival", "Rival Co.");
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationClientService>()
            .CreateAsync(rivalTenant, "Rival", Scopes.All, CancellationToken.None, RivalClientId, RivalSecret);
        Rival = CreateGraphQLClient(await new TokenClient(this).ClientCredentialsAsync(RivalClientId, RivalSecret));
    }

    /// <summary>What <see cref="Features.Documents.DocumentEvidence"/> tells a stage gate about an opportunity of the demo tenant.</summary>
    public async Task<IReadOnlySet<string>> KindsOnOpportunityAsync(long opportunityId)
    {
        var pool = Services.GetRequiredService<ISalesDbContextPool>();
        await using var db = pool.Rent(await DemoTenantIdAsync());
        return await Features.Documents.DocumentEvidence.KindsPresentAsync(db, opportunityId, CancellationToken.None);
    }

    public async Task<long> DemoTenantIdAsync()
    {
        await using var db = Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        return await db.Tenants.Where(t => t.Slug == DemoDataSeeder.DemoTenantSlug).Select(t => t.Id).SingleAsync();
    }

    /// <summary>Files in the document storage, in the spool folder (should be none once a request is over).</summary>
    public (int Stored, int Spooled) FilesOnDisk() =>
        (Directory.Exists(StorageFolder) ? Directory.GetFiles(StorageFolder, "*", SearchOption.AllDirectories).Length : 0,
         Directory.Exists(SpoolFolder) ? Directory.GetFiles(SpoolFolder).Length : 0);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>A file part of a multipart GraphQL request.</summary>
public sealed record FilePart(string Name, byte[] Content, string FileName, string? ContentType);

/// <summary>Builds requests of the GraphQL multipart request spec by hand, as a browser or curl would send them.</summary>
public static class MultipartRequest
{
    public const string UploadDocument = """
        mutation($input: UploadDocumentInput!) {
          uploadDocument(input: $input) {
            document { id fileName contentType sizeBytes sha256 note customerSignedOn downloadPath subjectId kind { code } lead { id } account { id } opportunity { id } }
            errors { __typename ... on UserError { code message } ... on UnsupportedFileTypeError { declaredContentType detectedContentType allowedContentTypes } ... on NotFoundError { field } ... on ValidationError { field } }
          }
        }
        """;

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>Uploads a small PDF of <paramref name="kindCode"/> onto a record and insists it was stored.</summary>
    public static async Task UploadPdfAsync(GraphQLTestClient client, string subjectId, string kindCode, string? customerSignedOn)
    {
        var response = await client.SendAsync(ForDocument(new { subjectId, kindCode, customerSignedOn }, new FilePart("0", Pdf, $"{kindCode}.pdf", "application/pdf")));
        Assert.True(response.Data?["uploadDocument"]?["document"] is JsonObject, response.Body);
    }

    /// <summary>A request that uploads one file into <c>$input.file</c>.</summary>
    public static HttpRequestMessage ForDocument(object inputWithoutFile, FilePart file, bool preflight = true) =>
        Create(UploadDocument, new Dictionary<string, object?> { ["input"] = WithFileSlot(inputWithoutFile) },
            new Dictionary<string, string[]> { [file.Name] = ["variables.input.file"] }, [file], preflight);

    public static HttpRequestMessage Create(string query, object variables, IDictionary<string, string[]> map, IEnumerable<FilePart> files, bool preflight = true, string? operationsOverride = null)
    {
        var content = new MultipartFormDataContent();
        content.Add(new StringContent(operationsOverride ?? JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8), "operations");
        content.Add(new StringContent(JsonSerializer.Serialize(map), Encoding.UTF8), "map");
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            if (file.ContentType is not null)
            {
                part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            }

            content.Add(part, file.Name, file.FileName);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        if (preflight)
        {
            request.Headers.Add("GraphQL-Require-Preflight", "1");
        }

        return request;
    }

    private static Dictionary<string, object?> WithFileSlot(object input)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(input))!;
        fields["file"] = null;
        return fields;
    }
}
