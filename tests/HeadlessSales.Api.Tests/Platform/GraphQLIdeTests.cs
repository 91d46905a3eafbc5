using System.Net;
using System.Text.RegularExpressions;
using HeadlessSales.Api.GraphQL.Ide;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>The test server's own address as the IDE's sign-in return, as an operator configures their public one.</summary>
public sealed class GraphQLIdeFixture : ApiFactory
{
    public const string RedirectUri = "http://localhost" + GraphQLIde.SignedInPath;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:Ide:RedirectUris:0"] = RedirectUri,
    };
}

public sealed class GraphQLIdeDisabledFixture : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:Ide:Enabled"] = "false",
        ["GraphQL:Ide:RedirectUris:0"] = GraphQLIdeFixture.RedirectUri,
    };
}

/// <summary>GraphiQL at /graphql for browsers: the page, its bundled assets, its sign-in client, and nothing else of the disk.</summary>
public sealed partial class GraphQLIdeTests(GraphQLIdeFixture api) : IClassFixture<GraphQLIdeFixture>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    [Fact]
    public async Task Browser_OpeningTheEndpoint_GetsTheIdePage_ThatLoadsOnlyAssetsOfThisServer()
    {
        using var page = await GetAsync("/graphql", BrowserAccept);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var references = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("/graphql/ide/ide.js", references);
        Assert.Contains("/graphql/ide/ide.css", references);
        Assert.All(references, reference => Assert.StartsWith(GraphQLIde.AssetsPath + "/", reference));
    }

    [Theory]
    [InlineData("ide.js", "text/javascript")]
    [InlineData("ide.css", "text/css")]
    public async Task Assets_AreServedWithTheirContentType_AndNoSniffing(string file, string contentType)
    {
        using var asset = await GetAsync($"{GraphQLIde.AssetsPath}/{file}", "*/*");

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal(contentType, asset.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", asset.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }

    [Fact]
    public async Task TheSignInReturn_IsThePageToo()
    {
        using var page = await GetAsync(GraphQLIde.SignedInPath + "?code=abc&state=xyz", BrowserAccept);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/graphql/ide/ide.js", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/graphql-response+json")]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("text/html, application/json")]
    public async Task GraphQLClients_KeepGettingGraphQL(string accept)
    {
        using var response = await GetAsync("/graphql?query=%7B__typename%7D", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"__typename\":\"Query\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/graphql/ide/../../appsettings.json")]
    [InlineData("/graphql/ide/../../../../../../etc/passwd")]
    [InlineData("/graphql/../appsettings.json")]
    [InlineData("/graphql/ide/%2e%2e/%2e%2e/appsettings.json")]
    [InlineData("/graphql/ide/..%2F..%2Fappsettings.json")]
    [InlineData("/graphql/ide/..%5C..%5Cappsettings.json")]
    [InlineData("/graphql/ide/..\\..\\appsettings.json")]
    [InlineData("/graphql/ide//etc/passwd")]
    [InlineData("/graphql/ide/%2Fetc%2Fpasswd")]
    [InlineData("/graphql/ide/../package.json")]
    [InlineData("/graphql/ide/.built")]
    public async Task PathsOutsideTheAssets_AreNotFound_WhateverTheEncoding(string rawPath)
    {
        // Set on the request as sent, below HttpClient, which would resolve the dot segments itself.
        var context = await api.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = PathString.FromUriComponent(rawPath);
            http.Request.Headers.Accept = "*/*";
        });
        using var body = new StreamReader(context.Response.Body);
        var content = await body.ReadToEndAsync();

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.DoesNotContain("LogLevel", content);
        Assert.DoesNotContain("root:", content);
        Assert.DoesNotContain("graphiql", content);
    }

    [Fact]
    public async Task TheIdeClient_SignsAMemberIn_WithPkce_AtItsRegisteredReturnAddress()
    {
        var token = await new TokenClient(api).SignInAsync("teamlead@demo.example.com", Identity.DemoIdentity.Password, "openid sales:read",
            clientId: GraphQLIde.ClientId, redirectUri: GraphQLIdeFixture.RedirectUri);

        var viewer = await api.CreateGraphQLClient(token["access_token"]!.GetValue<string>()).QueryAsync("{ viewer { kind member { email } } }");
        Assert.Equal("teamlead@demo.example.com", viewer["viewer"]!["member"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheIdeClient_RefusesAnotherReturnAddress()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => new TokenClient(api).SignInAsync("teamlead@demo.example.com", Identity.DemoIdentity.Password, "openid sales:read",
            clientId: GraphQLIde.ClientId, redirectUri: "https://evil.example" + GraphQLIde.SignedInPath));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await api.CreateClient().SendAsync(request);
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex AssetReference();
}

/// <summary>An operator who switches the IDE off: no page, no assets, no sign-in client.</summary>
public sealed class GraphQLIdeDisabledTests(GraphQLIdeDisabledFixture api) : IClassFixture<GraphQLIdeDisabledFixture>
{
    [Fact]
    public async Task SwitchedOff_NoPage_NoAssets_NoSignInClient()
    {
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        pageRequest.Headers.TryAddWithoutValidation("Accept", "text/html");
        using var page = await api.CreateClient().SendAsync(pageRequest);
        using var asset = await api.CreateClient().GetAsync(GraphQLIde.AssetsPath + "/ide.js");
        using var signedIn = await api.CreateClient().GetAsync(GraphQLIde.SignedInPath);

        Assert.NotEqual("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, asset.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signedIn.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => new TokenClient(api).SignInAsync("teamlead@demo.example.com", Identity.DemoIdentity.Password, "openid sales:read",
            clientId: GraphQLIde.ClientId, redirectUri: GraphQLIdeFixture.RedirectUri));
    }
}
