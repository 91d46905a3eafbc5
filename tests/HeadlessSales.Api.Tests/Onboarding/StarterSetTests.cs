using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary>A tenant created with an industry starts configured: the gated pipeline, document kinds, tags and approval chains.</summary>
public sealed class StarterSetTests
{
    private const string CreateTenant = """
        mutation($slug: String!, $industry: String) { createTenant(input: { slug: $slug, name: "工业品公司", timeZone: "Asia/Shanghai", adminName: "管理员", adminEmail: "boss@gamma.example.com", industry: $industry }) {
          tenant { slug } errors { __typename ... on UserError { code message } } } }
        """;

    [Fact]
    public async Task Manufacturing_GivesTheQuotationGateWithItsTwoDocuments_UnknownIndustryIsRefused()
    {
        await using var api = new ApiFactory();
        var tokens = new TokenClient(api);
        var platform = await OnboardingEndToEndTests.OperatorAsync(api, tokens);

        var unknown = await platform.QueryAsync(CreateTenant, new { slug = "gamma", industry = "alchemy" });
        Assert.Equal("VALIDATION_FAILED", unknown["createTenant"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("manufacturing", unknown["createTenant"]!["errors"]![0]!["message"]!.GetValue<string>());

        await platform.QueryAsync(CreateTenant, new { slug = "gamma", industry = "manufacturing" });
        await api.CreateAnonymousClient().QueryAsync(
            "mutation($token: String!) { acceptInvitation(input: { token: $token, password: \"Gamma-admin-2026\" }) { errors { __typename } } }",
            new { token = OnboardingEndToEndTests.InvitationToken(api, "boss@gamma.example.com") });
        var admin = api.CreateGraphQLClient((await tokens.SignInAsync("boss@gamma.example.com", "Gamma-admin-2026", "sales:read org:admin", tenant: "gamma"))["access_token"]!.GetValue<string>());

        var configured = await admin.QueryAsync("""
            { pipelines(first: 5) { nodes { code stages { code name requiredDocumentKinds } } }
              documentKinds(first: 20) { totalCount } activityTags(first: 50) { totalCount } approvalPolicies(first: 10) { totalCount } }
            """);
        var quotation = configured["pipelines"]!["nodes"]![0]!["stages"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == "QUOTATION")!;
        Assert.Equal("方案报价", quotation["name"]!.GetValue<string>());
        Assert.Equal(["REQUIREMENT_CONFIRMATION", "COMPETITOR_ANALYSIS"], quotation["requiredDocumentKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.True(configured["documentKinds"]!["totalCount"]!.GetValue<int>() >= 2);
        Assert.True(configured["activityTags"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.Equal(3, configured["approvalPolicies"]!["totalCount"]!.GetValue<int>());
    }
}
