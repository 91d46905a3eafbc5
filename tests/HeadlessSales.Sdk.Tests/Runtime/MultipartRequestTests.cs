using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HeadlessSales.Client;
using HeadlessSales.Client.Http;
using HeadlessSales.Client.WebSockets;
using HeadlessSales.Sdk.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Sdk.Tests.Runtime;

// Inside the namespace: HeadlessSales.Sdk (the typed SDK, an enclosing namespace) declares types of the same names.
using HeadlessSales.Sdk.Tests.Generated;

/// <summary>
/// Variables holding <see cref="GraphQLFile"/>s go as a GraphQL multipart request: <c>operations</c> with null where
/// each file goes, <c>map</c> from part name to its variable paths, then the file parts; everything else stays JSON.
/// </summary>
public sealed class MultipartRequestTests
{
    private const string Ok = """{"data":{"createLead":{"lead":null,"errors":[]}}}""";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StubHttpHandler _http = new();

    private HttpGraphQLTransport Transport() => new(_http.CreateClient(), FixtureClientSerialization.CreateOptions());

    [Fact]
    public async Task SingleFile_InAVariable_IsMappedToThatVariable()
    {
        _http.RespondGraphQL(Ok);

        await Transport().ExecuteAsync<JsonElement>(new GraphQLRequest("mutation($file: Upload!) { attach(file: $file) }", Variables: new Dictionary<string, object?>
        {
            ["file"] = GraphQLFile.FromBytes("名片"u8.ToArray(), "名片.txt", "text/plain"),
            ["note"] = "kept",
        }));

        var body = await ReadAsync(Assert.Single(_http.Requests));
        Assert.Equal("""{"file":null,"note":"kept"}""", body.Operations["variables"]!.ToJsonString(Readable));
        Assert.Equal("""{"0":["variables.file"]}""", body.Map.ToJsonString(Readable));
        var part = Assert.Single(body.Files);
        Assert.Equal(("0", "名片.txt", "text/plain", "名片"), (part.Name, part.FileName, part.ContentType, part.Text));
        Assert.Contains("GraphQL-Require-Preflight: 1", Assert.Single(_http.Requests).Headers);
    }

    [Fact]
    public async Task ListOfFiles_InAGeneratedInput_MapsEachItemByIndex()
    {
        _http.RespondGraphQL(Ok);
        var client = new FixtureClient(Transport());

        await client.CreateLeadAsync(new CreateLeadInput
        {
            Name = "王芳",
            Attachments = new[]
            {
                new GraphQLFile(new MemoryStream(Encoding.UTF8.GetBytes("front")), "front.png", "image/png"),
                GraphQLFile.FromBytes("back"u8.ToArray(), "back.png", "image/png"),
            },
        });

        var body = await ReadAsync(Assert.Single(_http.Requests));
        Assert.Equal("CreateLead", body.Operations["operationName"]!.GetValue<string>());
        Assert.Equal("""{"name":"王芳","attachments":[null,null]}""", body.Operations["variables"]!["input"]!.ToJsonString(Readable));
        Assert.Equal("""{"0":["variables.input.attachments.0"],"1":["variables.input.attachments.1"]}""", body.Map.ToJsonString(Readable));
        Assert.Equal([("0", "front.png", "front"), ("1", "back.png", "back")], body.Files.Select(f => (f.Name, f.FileName, f.Text)));
    }

    [Fact]
    public async Task NestedInput_AndOneFileUsedTwice_GiveDeepPaths_AndOnePartPerFile()
    {
        _http.RespondGraphQL(Ok);
        var contract = GraphQLFile.FromBytes("%PDF"u8.ToArray(), "合同.pdf", "application/pdf");
        var looksLikeAMarker = "\u0001graphql-file:0"; // a caller's string is never taken for a file

        await Transport().ExecuteAsync<JsonElement>(new GraphQLRequest("mutation($input: X!) { x(input: $input) }", Variables: new Dictionary<string, object?>
        {
            ["input"] = new Dictionary<string, object?>
            {
                ["documents"] = new object?[]
                {
                    new Dictionary<string, object?> { ["kind"] = "CONTRACT", ["file"] = contract, ["note"] = looksLikeAMarker },
                    new Dictionary<string, object?> { ["kind"] = "COPY", ["file"] = contract },
                },
                ["cover"] = new Dictionary<string, object?> { ["scan"] = GraphQLFile.FromBytes("scan"u8.ToArray(), "scan.jpg", "image/jpeg") },
            },
        }));

        var body = await ReadAsync(Assert.Single(_http.Requests));
        Assert.Equal(
            """{"documents":[{"kind":"CONTRACT","file":null,"note":"\u0001graphql-file:0"},{"kind":"COPY","file":null}],"cover":{"scan":null}}""",
            body.Operations["variables"]!["input"]!.ToJsonString(Readable));
        Assert.Equal(
            """{"0":["variables.input.documents.0.file","variables.input.documents.1.file"],"1":["variables.input.cover.scan"]}""",
            body.Map.ToJsonString(Readable));
        Assert.Equal([("0", "合同.pdf", "%PDF"), ("1", "scan.jpg", "scan")], body.Files.Select(f => (f.Name, f.FileName, f.Text)));
    }

    [Fact]
    public async Task WithoutFiles_TheRequestStaysJson_WithoutThePreflightHeader()
    {
        _http.RespondGraphQL(Ok);

        await new FixtureClient(Transport()).CreateLeadAsync(new CreateLeadInput { Name = "王芳", Attachments = null });

        var request = Assert.Single(_http.Requests);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.DoesNotContain("GraphQL-Require-Preflight", request.Headers);
        Assert.Contains("\"attachments\":null", request.Body);
    }

    [Fact]
    public async Task WebSocketTransport_RefusesFiles_BeforeConnecting()
    {
        var connected = false;
        await using var transport = new WebSocketGraphQLTransport(
            new GraphQLWebSocketOptions
            {
                Endpoint = new Uri("ws://sales.test/graphql"),
                Connect = (_, _) => { connected = true; throw new InvalidOperationException("must not connect"); },
            },
            FixtureClientSerialization.CreateOptions());
        var request = new GraphQLRequest("subscription($file: Upload) { x(file: $file) }", Variables: new Dictionary<string, object?>
        {
            ["input"] = new CreateLeadInput { Name = "王芳", Attachments = new[] { GraphQLFile.FromBytes("x"u8.ToArray(), "card.png", "image/png") } },
        });

        var refused = await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (var _ in transport.SubscribeAsync<JsonElement>(request))
            {
            }
        });

        Assert.Contains("card.png", refused.Message);
        Assert.Contains("multipart", refused.Message);
        Assert.False(connected);
    }

    [Fact]
    public void FileOutsideATransport_HasNoJsonForm()
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            JsonSerializer.Serialize(GraphQLFile.FromBytes("x"u8.ToArray(), "card.png", "image/png"), FixtureClientSerialization.CreateOptions()));

        Assert.Contains("multipart", refused.Message);
        Assert.Throws<ArgumentException>(() => GraphQLFile.FromBytes("x"u8.ToArray(), "card.png", "not a media type"));
    }

    private static async Task<MultipartBody> ReadAsync(RecordedRequest request)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        Assert.StartsWith("multipart/form-data", request.ContentType);
        var reader = new MultipartReader(boundary, new MemoryStream(Encoding.UTF8.GetBytes(request.Body!)));
        var parts = new List<(string Name, string? FileName, string? ContentType, string Text)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            using var text = new StreamReader(section.Body, Encoding.UTF8);
            parts.Add((HeaderUtilities.RemoveQuotes(disposition.Name).Value!, fileName, section.ContentType, await text.ReadToEndAsync()));
        }

        // The spec fixes the order, so a server can stream: operations, map, then the files.
        Assert.Equal(["operations", "map"], parts.Take(2).Select(p => p.Name));
        return new MultipartBody(JsonNode.Parse(parts[0].Text)!, JsonNode.Parse(parts[1].Text)!, parts.Skip(2).ToList());
    }

    private sealed record MultipartBody(JsonNode Operations, JsonNode Map, List<(string Name, string? FileName, string? ContentType, string Text)> Files);
}
