using System.Net;
using System.Text;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>GraphQL over HTTP as the spec gives it: media types, methods and status codes.</summary>
[Collection(ApiCollection.Name)]
public sealed class HttpTransportTests(ApiFactory api)
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    [Theory]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/json", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json;q=0.5, application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/graphql-response+json;q=0.2, application/json", "application/json")]
    public async Task Post_AnswersInTheNegotiatedMediaType(string accept, string expected)
    {
        var response = await _client.PostAsync("{ __typename }", accept: accept);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(expected, response.ContentType?.MediaType);
        Assert.Equal("utf-8", response.ContentType?.CharSet);
        Assert.Equal("Query", response.Data!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_WithoutAcceptHeader_AnswersJson()
    {
        using var request = HttpRequestFactory.Post("""{"query":"{ __typename }"}""", "application/json");
        request.Headers.Accept.Clear();
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_AcceptingNeitherMediaType_Is406()
    {
        var response = await _client.SendAsync(HttpRequestFactory.Post("""{"query":"{ __typename }"}""", "application/json", accept: "text/html"));

        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
        Assert.Equal("NOT_ACCEPTABLE", response.FirstErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task Post_WithoutJsonContentType_Is415(string? contentType)
    {
        var response = await _client.SendAsync(HttpRequestFactory.Post("""{"query":"{ __typename }"}""", contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", response.FirstErrorCode);
    }

    [Theory]
    [InlineData("{ \"query\": ", "JSON_PARSE_ERROR")]
    [InlineData("[]", "INVALID_REQUEST")]
    [InlineData("{ \"query\": 1 }", "INVALID_REQUEST")]
    [InlineData("{ \"query\": \"{ __typename }\", \"variables\": \"x\" }", "INVALID_REQUEST")]
    [InlineData("{ \"query\": \"{ __typename }\", \"operationName\": [] }", "INVALID_REQUEST")]
    [InlineData("{ \"query\": \"{ __typename }\", \"extensions\": 7 }", "INVALID_REQUEST")]
    [InlineData("{ }", "INVALID_REQUEST")]
    public async Task Post_MalformedRequest_Is400WithCode(string body, string code)
    {
        foreach (var accept in new[] { "application/graphql-response+json", "application/json" })
        {
            var response = await _client.SendAsync(HttpRequestFactory.Post(body, "application/json", accept));

            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal(code, response.FirstErrorCode);
            Assert.False(response.HasData);
        }
    }

    [Theory]
    [InlineData("{ __typename", "SYNTAX_ERROR")]
    [InlineData("{ noSuchField }", "FIELDS_ON_CORRECT_TYPE")]
    public async Task DocumentErrors_Are400ForGraphQLMediaTypeAnd200ForJson(string query, string code)
    {
        var graphQLResponse = await _client.PostAsync(query);
        var jsonResponse = await _client.PostAsync(query, accept: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, graphQLResponse.Status);
        Assert.Equal(HttpStatusCode.OK, jsonResponse.Status);
        Assert.False(graphQLResponse.HasData);
        Assert.False(jsonResponse.HasData);
        Assert.Equal(code, graphQLResponse.FirstErrorCode);
        Assert.Equal(code, jsonResponse.FirstErrorCode);
    }

    [Fact]
    public async Task VariableOfWrongType_IsRefusedBeforeExecution()
    {
        var response = await _client.PostAsync("query($first: Int) { members(first: $first) { totalCount } }", new { first = "ten" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_VALUE", response.FirstErrorCode);
    }

    [Fact]
    public async Task UnknownOperationName_IsRefused()
    {
        var response = await _client.PostAsync("query A { __typename } query B { __typename }", operationName: "C");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.FirstErrorCode);
    }

    [Fact]
    public async Task Get_RunsQueries()
    {
        var response = await _client.SendAsync(HttpRequestFactory.Get("query($n: Int) { members(first: $n) { nodes { name } } }", """{"n":2}"""));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(2, response.Data!["members"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task Get_RefusesMutationsWith405()
    {
        var response = await _client.SendAsync(HttpRequestFactory.Get("mutation { createRegion(input: { code: \"GET\", name: \"x\" }) { region { id } } }"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("METHOD_NOT_ALLOWED", response.FirstErrorCode);
        var regions = await _client.QueryAsync("{ regions(where: { search: \"GET\" }) { totalCount } }");
        Assert.Equal(0, regions["regions"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_RefusesCachedMutationDocumentToo()
    {
        const string mutation = "mutation { updateRegion(input: { id: \"bm9wZTox\" }) { region { id } } }";
        await _client.PostAsync(mutation);

        var response = await _client.SendAsync(HttpRequestFactory.Get(mutation));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }

    [Fact]
    public async Task OtherMethods_Are405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/graphql") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var body = "{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + new string('x', 300_000) + "\"}}";
        var response = await _client.SendAsync(HttpRequestFactory.Post(body, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("REQUEST_TOO_LARGE", response.FirstErrorCode);
    }

    [Fact]
    public async Task TooDeepDocument_IsRefused()
    {
        var deep = "{ members { nodes { team { region { manager { team { region { manager { team { region { manager { team { name } } } } } } } } } } } } }";
        var response = await _client.PostAsync(deep);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("depth", response.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(response.FirstErrorCode);
    }

    [Fact]
    public async Task TooComplexDocument_IsRefused()
    {
        var response = await _client.PostAsync("""
            { a: accounts(first: 100) { nodes { contacts(first: 100) { nodes { account { contacts(first: 100) { nodes { name } } } } } } } }
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("complexity", response.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Errors_NeverCarryStackTraces()
    {
        var response = await _client.PostAsync("{ node(id: \"%%%\") { id } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("INVALID_ID", response.FirstErrorCode);
        Assert.DoesNotContain("   at ", response.Body);
        Assert.DoesNotContain("stack", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("exception", response.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HealthEndpoint_ReportsHealthyDatabase()
    {
        var response = await _client.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
