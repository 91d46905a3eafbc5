using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HeadlessSales.Api.Tests.Infrastructure;

/// <summary>A plain GraphQL-over-HTTP client, as a front-end would use it: no SDK, just JSON.</summary>
public sealed partial class GraphQLTestClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<GraphQLResponse> PostAsync(string query, object? variables = null, string accept = "application/graphql-response+json", string? operationName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables, operationName }),
        };
        request.Headers.Accept.ParseAdd(accept);
        return await SendAsync(request);
    }

    public async Task<GraphQLResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType, body);
    }

    /// <summary>Posts and insists on success: HTTP 200 and no errors.</summary>
    public async Task<JsonNode> QueryAsync(string query, object? variables = null)
    {
        var response = await PostAsync(query, variables);
        Assert.True(response.Status == HttpStatusCode.OK && response.Errors is null, $"{response.Status}: {response.Body}");
        return response.Data!;
    }

    /// <summary>Global ids and timestamps vary between runs; snapshots keep only their shape.</summary>
    public static string Scrub(string json) => TimestampPattern().Replace(json, "\"<time>\"");

    [GeneratedRegex("\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z\"")]
    private static partial Regex TimestampPattern();
}

public sealed record GraphQLResponse(HttpStatusCode Status, MediaTypeHeaderValue? ContentType, string Body)
{
    private readonly JsonNode? _json = TryParse(Body);

    public JsonNode? Json => _json;

    public JsonNode? Data => _json?["data"];

    public JsonArray? Errors => _json?["errors"] as JsonArray;

    public bool HasData => _json is JsonObject obj && obj.ContainsKey("data");

    public string? FirstErrorCode => Errors?[0]?["extensions"]?["code"]?.GetValue<string>();

    public string Pretty() => _json?.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? Body;

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public static class HttpRequestFactory
{
    public static HttpRequestMessage Post(string body, string? contentType, string accept = "application/graphql-response+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    public static HttpRequestMessage Get(string query, string? variables = null, string accept = "application/graphql-response+json")
    {
        var url = "/graphql?query=" + Uri.EscapeDataString(query) + (variables is null ? string.Empty : "&variables=" + Uri.EscapeDataString(variables));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }
}
