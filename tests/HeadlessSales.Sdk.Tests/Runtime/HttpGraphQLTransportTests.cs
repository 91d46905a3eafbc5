using System.Net;
using System.Text.Json;
using HeadlessSales.Client;
using HeadlessSales.Client.Http;
using HeadlessSales.Client.Serialization;
using HeadlessSales.Sdk.Tests.Infrastructure;

namespace HeadlessSales.Sdk.Tests.Runtime;

public sealed class HttpGraphQLTransportTests
{
    private readonly StubHttpHandler _http = new();

    private Task<OperationResult<JsonElement>> ExecuteAsync() =>
        new HttpGraphQLTransport(_http.CreateClient(), GraphQLJson.CreateOptions())
            .ExecuteAsync<JsonElement>(new GraphQLRequest("{ tenant { name } }"));

    [Fact]
    public async Task Request_IsAJsonPost_PreferringTheGraphQLResponseMediaType()
    {
        _http.RespondGraphQL("""{"data":{"tenant":{"name":"Acme"}}}""");

        await ExecuteAsync();

        var request = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://sales.test/graphql", request.Uri!.ToString());
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Contains("Accept: application/graphql-response+json, application/json; q=0.9", request.Headers);
        Assert.Equal("""{"query":"{ tenant { name } }"}""", request.Body);
    }

    [Fact]
    public async Task Response_CarriesDataErrorsAndExtensions()
    {
        _http.RespondGraphQL("""{"data":{"tenant":null},"errors":[{"message":"Forbidden","path":["tenant"],"extensions":{"code":"ACCESS_DENIED"}}],"extensions":{"cost":12}}""");

        var result = await ExecuteAsync();

        Assert.Equal(JsonValueKind.Null, result.Data.GetProperty("tenant").ValueKind);
        Assert.Equal("ACCESS_DENIED", Assert.Single(result.Errors).Code);
        Assert.Equal(12, result.Extensions!["cost"].GetInt32());
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public async Task LegacyJson_WithAnErrorStatus_IsStillReadWhenItIsAGraphQLResponse()
    {
        _http.Respond(HttpStatusCode.InternalServerError, "application/json", """{"errors":[{"message":"boom"}]}""");

        var result = await ExecuteAsync();

        Assert.Equal("boom", Assert.Single(result.Errors).Message);
        Assert.Equal(HttpStatusCode.InternalServerError, result.StatusCode);
    }

    [Fact]
    public async Task LegacyJson_WithAnErrorStatus_AndAnotherShape_IsATransportError()
    {
        _http.Respond(HttpStatusCode.BadGateway, "application/json", """{"error":"upstream timeout"}""");

        var exception = await Assert.ThrowsAsync<GraphQLTransportException>(ExecuteAsync);

        Assert.Equal(HttpStatusCode.BadGateway, exception.StatusCode);
    }

    [Fact]
    public async Task NonJsonAnswer_IsATransportError_QuotingTheBody()
    {
        _http.Respond(HttpStatusCode.ServiceUnavailable, "text/html", "<h1>Maintenance</h1>");

        var exception = await Assert.ThrowsAsync<GraphQLTransportException>(ExecuteAsync);

        Assert.Contains("503", exception.Message);
        Assert.Contains("<h1>Maintenance</h1>", exception.Message);
    }
}
