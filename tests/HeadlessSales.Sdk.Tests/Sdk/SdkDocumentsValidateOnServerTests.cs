using System.Net.Http.Json;
using System.Text.Json;
using TypedSdk = global::HeadlessSales.Sdk;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>
/// Every document of the typed SDK passes the server's own validation. The generator checks fields,
/// arguments and shapes, but the server is the authority; this catches whatever the generator misses.
/// </summary>
public sealed class SdkDocumentsValidateOnServerTests(SdkServerFactory server) : IClassFixture<SdkServerFactory>
{
    public static TheoryData<string> Operations() => new(TypedSdk.HeadlessSalesClient.PersistedDocuments
        .Where(document => !document.Document.TrimStart().StartsWith("subscription", StringComparison.Ordinal))
        .Select(document => document.OperationName));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Document_IsValidForTheServer(string operationName)
    {
        var document = TypedSdk.HeadlessSalesClient.PersistedDocuments.Single(d => d.OperationName == operationName);
        // The platform operator's fields refuse every tenant's token, so their documents are checked with an operator's.
        var token = PlatformOperatorFields.Contains(RootField(document.Document)) ? await server.GetOperatorTokenAsync() : await server.GetDemoTokenAsync();
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            // No variables: an operation with required ones stops at variable coercion, after validation
            // and before it runs, so no mutation takes effect.
            Content = JsonContent.Create(new { query = document.Document, operationName }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var errors = body.RootElement.TryGetProperty("errors", out var list) ? list.EnumerateArray().ToList() : [];
        var codes = errors.Select(error => error.GetProperty("extensions").GetProperty("code").GetString()).ToList();
        if (HasRequiredVariables(document.Document))
        {
            // Reaching variable coercion means the document passed validation.
            Assert.NotEmpty(codes);
            Assert.All(codes, code => Assert.Equal("INVALID_VALUE", code));
        }
        else
        {
            Assert.Empty(codes);
        }
    }

    private static readonly HashSet<string> PlatformOperatorFields = ["createTenant", "suspendTenant", "resumeTenant", "platformTenants"];

    private static string RootField(string document) =>
        GraphQLParser.Parser.Parse(document).Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().Single()
            .SelectionSet.Selections.OfType<GraphQLParser.AST.GraphQLField>().First().Name.StringValue;

    private static bool HasRequiredVariables(string document)
    {
        var operation = GraphQLParser.Parser.Parse(document).Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().Single();
        return (operation.Variables?.Items ?? []).Any(v => v.Type is GraphQLParser.AST.GraphQLNonNullType && v.DefaultValue is null);
    }
}
