using System.Net;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Execution;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>Concurrency, the document cache and the handling of unexpected failures.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExecutionTests(ApiFactory api)
{
    private const string NestedQuery = """
        query($first: Int) {
          members(first: $first, order: { field: NAME }) { nodes { id name team { name region { name } lead { name } } } }
          accounts(first: $first) { nodes { name owner { name } contacts(first: 2) { totalCount nodes { name } } } }
          tenant { name }
        }
        """;

    /// <summary>
    /// GraphQL.NET resolves sibling fields in parallel. Each resolver and each DataLoader batch rents
    /// its own DbContext, so 48 concurrent requests of parallel nested fields all answer the same data.
    /// </summary>
    [Fact]
    public async Task ConcurrentRequests_AllAnswerCorrectly()
    {
        var client = api.CreateGraphQLClient();
        var expected = (await client.QueryAsync(NestedQuery, new { first = 30 })).ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => client.PostAsync(NestedQuery, new { first = 30 })));

        Assert.All(responses, response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Null(response.Errors);
            Assert.Equal(expected, response.Data!.ToJsonString());
        });
    }

    [Fact]
    public async Task RepeatedDocument_IsParsedAndValidatedOnce()
    {
        var cache = api.Services.GetRequiredService<ValidatedDocumentCache>();
        var client = api.CreateGraphQLClient();
        var query = "query CacheProbe($n: Int) { regions(first: $n) { totalCount } }";

        await client.QueryAsync(query, new { n = 1 });
        var afterFirst = cache.Count;
        await client.QueryAsync(query, new { n = 2 });
        await client.QueryAsync(query, new { n = 3 });

        Assert.Equal(afterFirst, cache.Count);
        var invalid = await client.PostAsync("{ regions { noSuchField } }");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(afterFirst, cache.Count);
    }
}

/// <summary>A host with one field that fails unexpectedly, to see what a client is told.</summary>
public sealed class FailingFieldApiFactory : ApiFactory
{
    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IQueryFields, FailingField>();

    private sealed class FailingField : IQueryFields
    {
        public void AddTo(ObjectGraphType query) =>
            query.Field<StringGraphType>("failing").Resolve(_ => throw new InvalidOperationException("secret connection string: Password=hunter2"));
    }
}

public sealed class UnexpectedErrorTests(FailingFieldApiFactory api) : IClassFixture<FailingFieldApiFactory>
{
    [Fact]
    public async Task UnexpectedException_IsReportedWithCodeAndTraceIdOnly()
    {
        var response = await api.CreateGraphQLClient().PostAsync("{ failing tenant { slug } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("demo", response.Data!["tenant"]!["slug"]!.GetValue<string>());
        var error = response.Errors![0]!;
        Assert.Equal("INTERNAL_SERVER_ERROR", error["extensions"]!["code"]!.GetValue<string>());
        var traceId = error["extensions"]!["traceId"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Contains(traceId, error["message"]!.GetValue<string>());
        Assert.DoesNotContain("hunter2", response.Body);
        Assert.DoesNotContain("InvalidOperationException", response.Body);
    }
}
