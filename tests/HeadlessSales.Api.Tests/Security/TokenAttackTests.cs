using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Infrastructure.Auditing;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>Tokens that must not work: tampered, unsigned, for another audience, short of a scope, or of a revoked client.</summary>
public sealed class TokenAttackTests(SecurityFixture api) : IClassFixture<SecurityFixture>
{
    private const string Members = "{ members(first: 1) { totalCount } }";

    [Fact]
    public async Task TamperedPayload_IsRefused()
    {
        var parts = api.RivalToken.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
        payload["tenant"] = "1";
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        await AssertRefusedAsync(forged);
    }

    [Fact]
    public async Task UnsignedToken_IsRefused()
    {
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(api.RivalToken.Split('.')[1]))!;
        var unsigned = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""")}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.";

        await AssertRefusedAsync(unsigned);
    }

    [Fact]
    public async Task TokenSignedWithTheServersKey_ForAnotherAudience_IsRefused()
    {
        var accepted = await api.CreateGraphQLClient(Mint("urn:headlesssales:api")).PostAsync(Members);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);

        await AssertRefusedAsync(Mint("urn:someone-else"));
    }

    [Fact]
    public async Task TokenFromAnotherIssuer_IsRefused()
    {
        using var stranger = RSA.Create(2048);
        await AssertRefusedAsync(Mint("urn:headlesssales:api", new RsaSecurityKey(stranger) { KeyId = "stranger" }));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Basic ZGVtbzpkZW1v")]
    [InlineData("Bearer not.a.token")]
    public async Task MalformedAuthorization_Is401WithChallenge(string header)
    {
        using var request = HttpRequestFactory.Post("""{"query":"{ __typename }"}""", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task MissingScope_IsForbiddenAndAudited()
    {
        var readOnly = await new TokenClient(api).ClientCredentialsAsync(SecurityFixture.RivalClientId, SecurityFixture.RivalSecret, scope: "sales:read");

        var response = await api.CreateGraphQLClient(readOnly).PostAsync("mutation { createAccount(input: { name: \"只读\", industry: OTHER, ownership: PRIVATE, size: SMALL }) { account { id } } }");
        var audit = await api.Rival.QueryAsync("{ auditLog(where: { outcomes: [REFUSED] }) { nodes { actor operation outcome errorCodes } } }");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("FORBIDDEN", response.FirstErrorCode);
        var entry = audit["auditLog"]!["nodes"]!.AsArray().First(e => e!["operation"]!.GetValue<string>() == "createAccount")!;
        Assert.Equal($"client:{SecurityFixture.RivalClientId}", entry["actor"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", entry["errorCodes"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ScopeTheClientWasNotGiven_CannotBeRequested()
    {
        var admin = api.Rival;
        var created = await admin.QueryAsync("""
            mutation { createIntegrationClient(input: { name: "只读脚本", scopes: ["sales:read"] }) { integrationClient { clientId } clientSecret } }
            """);
        var clientId = created["createIntegrationClient"]!["integrationClient"]!["clientId"]!.GetValue<string>();
        var secret = created["createIntegrationClient"]!["clientSecret"]!.GetValue<string>();

        var response = await new TokenClient(api).RequestTokenAsync(clientId, secret, "sales:read sales:write");

        // OpenIddict refuses a scope outside the client's permissions before our grant handler runs.
        Assert.Null(response["access_token"]);
        Assert.Contains(response["error"]!.GetValue<string>(), new[] { "invalid_scope", "invalid_request" });
    }

    [Fact]
    public async Task RevokedClient_LosesItsTokensAndGetsNoNewOnes()
    {
        var created = await api.Rival.QueryAsync("""
            mutation { createIntegrationClient(input: { name: "呼叫中心", scopes: ["sales:read"] }) { integrationClient { id clientId } clientSecret errors { __typename } } }
            """);
        var client = created["createIntegrationClient"]!["integrationClient"]!;
        var secret = created["createIntegrationClient"]!["clientSecret"]!.GetValue<string>();
        var token = await new TokenClient(api).ClientCredentialsAsync(client["clientId"]!.GetValue<string>(), secret);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateGraphQLClient(token).PostAsync(Members)).Status);

        var revoked = await api.Rival.QueryAsync("mutation($id: ID!) { revokeIntegrationClient(input: { id: $id }) { integrationClient { revokedAt } errors { __typename } } }",
            new { id = client["id"]!.GetValue<string>() });
        var again = await new TokenClient(api).RequestTokenAsync(client["clientId"]!.GetValue<string>(), secret);

        Assert.NotNull(revoked["revokeIntegrationClient"]!["integrationClient"]!["revokedAt"]);
        await AssertRefusedAsync(token);
        Assert.Equal("invalid_client", again["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task RotatedSecret_ReplacesTheOldOne()
    {
        var created = await api.Rival.QueryAsync("""
            mutation { createIntegrationClient(input: { name: "电子签章", scopes: ["sales:read"] }) { integrationClient { id clientId } clientSecret } }
            """);
        var client = created["createIntegrationClient"]!["integrationClient"]!;
        var oldSecret = created["createIntegrationClient"]!["clientSecret"]!.GetValue<string>();

        var rotated = await api.Rival.QueryAsync("mutation($id: ID!) { rotateIntegrationClientSecret(input: { id: $id }) { clientSecret } }", new { id = client["id"]!.GetValue<string>() });
        var newSecret = rotated["rotateIntegrationClientSecret"]!["clientSecret"]!.GetValue<string>();
        var withOld = await new TokenClient(api).RequestTokenAsync(client["clientId"]!.GetValue<string>(), oldSecret);
        var withNew = await new TokenClient(api).RequestTokenAsync(client["clientId"]!.GetValue<string>(), newSecret);

        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal("invalid_client", withOld["error"]!.GetValue<string>());
        Assert.NotNull(withNew["access_token"]);
        var listed = await api.Rival.QueryAsync("{ integrationClients { nodes { clientId name } } }");
        Assert.DoesNotContain(newSecret, listed.ToJsonString());
    }

    [Fact]
    public async Task BadTokenOnTheWebSocket_Closes4403()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(api);
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer forged.token.value" } });

        Assert.Equal(4403, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task AnonymousWebSocket_CanConnectButNotSubscribe()
    {
        await using var socket = await WebSocketTestClient.ConnectAsync(api);
        await socket.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());

        await socket.SubscribeAsync("s", "subscription { onAccountChanged(id: \"QWNjb3VudDox\") { kind } }");
        var error = await socket.ReceiveAsync();

        Assert.Equal("error", error!["type"]!.GetValue<string>());
        Assert.Equal("UNAUTHENTICATED", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task LoginForm_WithoutAntiforgeryToken_IsRefused()
    {
        using var http = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tenant"] = "demo", ["email"] = "admin@demo.example.com", ["password"] = Identity.DemoIdentity.Password, ["returnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("hs.login")));
    }

    [Fact]
    public async Task SuccessfulAndFailedMutations_AreAudited()
    {
        await api.Rival.QueryAsync("""
            mutation { ok: createAccount(input: { name: "审计成功", industry: OTHER, ownership: PRIVATE, size: SMALL }) { account { id } }
                       bad: createAccount(input: { name: "", industry: OTHER, ownership: PRIVATE, size: SMALL }) { account { id } } }
            """);

        var log = await api.Rival.QueryAsync("{ auditLog(first: 10, where: { operations: [\"createAccount\"] }) { nodes { actor outcome targetIds errorCodes occurredAt } } }");

        var entries = log["auditLog"]!["nodes"]!.AsArray();
        var succeeded = entries.First(e => e!["outcome"]!.GetValue<string>() == nameof(AuditOutcome.Succeeded).ToUpperInvariant())!;
        var failed = entries.First(e => e!["outcome"]!.GetValue<string>() == "FAILED")!;
        Assert.Single(succeeded["targetIds"]!.AsArray());
        Assert.Equal("VALIDATION_FAILED", failed["errorCodes"]![0]!.GetValue<string>());
        Assert.Equal("2026-11-27T01:30:00Z", succeeded["occurredAt"]!.GetValue<string>());
    }

    private async Task AssertRefusedAsync(string token)
    {
        var response = await api.CreateGraphQLClient(token).PostAsync(Members);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("INVALID_TOKEN", response.FirstErrorCode);
        Assert.False(response.HasData);
    }

    /// <summary>A token for the rival tenant's integration client, signed with the server's own key unless another is given.</summary>
    private string Mint(string audience, SecurityKey? key = null)
    {
        if (key is null)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(Path.Combine(api.DataFolder, "keys", "signing.pem")));
            key = new RsaSecurityKey(rsa);
        }

        var now = api.Clock.GetUtcNow().UtcDateTime;
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(api.RivalToken.Split('.')[1]))!.AsObject();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = claims["iss"]!.GetValue<string>(),
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([
                new Claim("sub", claims["sub"]!.GetValue<string>()),
                new Claim("tenant", claims["tenant"]!.GetValue<string>()),
                new Claim("integration_client", claims["integration_client"]!.GetValue<string>()),
                new Claim("scope", "sales:read"),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
