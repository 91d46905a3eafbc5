using System.Net;
using System.Text;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// Requests built to break or stall the server are refused before execution, as a client error with a
/// GraphQL error, never a 500: bad encodings, documents past the parser's limits, and documents whose
/// work (aliases, fragment fan-out, page sizes, expensive fields) is over the cost budget.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLimitTests(ApiFactory api)
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    [Fact]
    public async Task InvalidUtf8InTheBody_Is400()
    {
        var body = Concat("""{"query":"query($s: String) { __typename }","variables":{"s":" """, [0xC3, 0x28, 0xFF], "\"}}");

        var response = await SendBytesAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.FirstErrorCode);
    }

    [Fact]
    public async Task InvalidUtf8InTheQuery_Is400()
    {
        var body = Concat("""{"query":"{ __typename """, [0xED, 0xA0, 0x80], " }\"}");

        var response = await SendBytesAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.FirstErrorCode);
    }

    [Theory]
    [InlineData("""{"query":"query($s: String) { __typename }","variables":{"s":"\ud800"}}""")]
    [InlineData("""{"query":"query($s: String) { __typename }","variables":{"s":"a\udc00b"}}""")]
    [InlineData("""{"query":"{ __typename }","operationName":"\ud83d"}""")]
    [InlineData("""{"query":"{ __typename }","extensions":{"x":["\udfff"]}}""")]
    public async Task LoneSurrogate_Is400(string body)
    {
        var response = await SendBytesAsync(Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_UNICODE", response.FirstErrorCode);
    }

    [Fact]
    public async Task LoneSurrogateInGetVariables_Is400()
    {
        var response = await _client.SendAsync(HttpRequestFactory.Get("query($s: String) { __typename }", """{"s":"\ud800"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_UNICODE", response.FirstErrorCode);
    }

    [Fact]
    public async Task SelectionHundredLevelsDeep_Is400WithAGraphQLError()
    {
        var query = string.Concat(Enumerable.Repeat("{ members { nodes { team ", 50)) + "{ name }" + new string('}', 150);

        var response = await _client.PostAsync(query);

        AssertRefused(response);
    }

    [Fact]
    public async Task ListLiteralFiveThousandLevelsDeep_Is400WithAGraphQLError()
    {
        var query = "{ members(where: " + new string('[', 5000) + new string(']', 5000) + ") { totalCount } }";

        var response = await _client.PostAsync(query);

        AssertRefused(response);
        Assert.Equal("PARSER_LIMIT", response.FirstErrorCode);
    }

    [Fact]
    public async Task ObjectLiteralDeeplyNested_Is400WithAGraphQLError()
    {
        var query = "{ members(where: " + string.Concat(Enumerable.Repeat("{ a: ", 3000)) + "1" + new string('}', 3000) + ") { totalCount } }";

        var response = await _client.PostAsync(query);

        AssertRefused(response);
        Assert.Equal("PARSER_LIMIT", response.FirstErrorCode);
    }

    [Fact]
    public async Task DocumentOverTheTokenLimit_Is400()
    {
        var query = "{ " + string.Concat(Enumerable.Repeat("a ", 60_000)) + "}";

        var response = await _client.PostAsync(query);

        AssertRefused(response);
        Assert.Equal("PARSER_LIMIT", response.FirstErrorCode);
    }

    [Fact]
    public async Task TwoThousandAliasesOfProcessHealth_AreRefusedBeforeExecution()
    {
        var response = await _client.PostAsync(ProcessHealthAliases(2_000), ProcessHealthVariables);

        AssertRefused(response);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
        Assert.Contains("complexity", response.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AFewProcessHealthAliases_StillRun()
    {
        var response = await _client.PostAsync(ProcessHealthAliases(3), ProcessHealthVariables);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Null(response.Errors);
    }

    [Fact]
    public async Task FragmentFanOut_IsRefusedBeforeExecution()
    {
        var response = await _client.PostAsync(FragmentFanOut(levels: 30));

        AssertRefused(response);
        Assert.Equal("QUERY_TOO_COMPLEX", response.FirstErrorCode);
    }

    [Fact]
    public async Task PageSizesMultiplyTheCost()
    {
        var small = await _client.PostAsync("{ accounts(first: 5) { nodes { contacts(first: 5) { nodes { account { contacts(first: 5) { nodes { name } } } } } } } }");
        var large = await _client.PostAsync("{ accounts(first: $n) { nodes { contacts(first: $n) { nodes { account { contacts(first: $n) { nodes { name } } } } } } } }".Replace("{ accounts", "query($n: Int) { accounts"), new { n = 100 });

        Assert.Equal(HttpStatusCode.OK, small.Status);
        Assert.Null(small.Errors);
        AssertRefused(large);
        Assert.Equal("QUERY_TOO_COMPLEX", large.FirstErrorCode);
    }

    /// <summary>Aliases of the costliest read, each a full process-health computation when executed.</summary>
    public static string ProcessHealthAliases(int count) =>
        "query($p: PeriodInput!, $s: ProcessHealthScopeInput!) { "
        + string.Concat(Enumerable.Range(0, count).Select(i => $"h{i}: processHealth(period: $p, scope: $s) {{ __typename }} "))
        + "}";

    public static readonly object ProcessHealthVariables = new
    {
        p = new { from = "2026-10-01T00:00:00Z", to = "2026-11-01T00:00:00Z" },
        s = new { tenant = true },
    };

    /// <summary>Each fragment spreads the next one twice: 2^levels fields once expanded.</summary>
    public static string FragmentFanOut(int levels)
    {
        var builder = new StringBuilder("query { ...F0 }\n");
        for (var level = 0; level < levels; level++)
        {
            builder.Append($"fragment F{level} on Query {{ ...F{level + 1} ...F{level + 1} }}\n");
        }

        builder.Append($"fragment F{levels} on Query {{ tenant {{ name }} }}\n");
        return builder.ToString();
    }

    private static void AssertRefused(GraphQLResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{response.Status}: {Truncate(response.Body)}");
        Assert.NotNull(response.Errors);
        Assert.NotEqual("INTERNAL_SERVER_ERROR", response.FirstErrorCode);
        Assert.False(response.HasData && response.Data is not null);
    }

    private static string Truncate(string text) => text.Length > 500 ? text[..500] : text;

    private Task<GraphQLResponse> SendBytesAsync(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        return _client.SendAsync(request);
    }

    private static byte[] Concat(string before, byte[] bytes, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. bytes, .. Encoding.UTF8.GetBytes(after)];
}
