using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Onboarding;

/// <summary><c>seed --tenant X --process-history</c>: the new tenant is reachable with the ways in it prints, and carries the demo's history.</summary>
public sealed class SeedTenantTests
{
    [Fact]
    public async Task SeededTenant_WithProcessHistory_IsReachableByItsAdminAndIntegration_AndHasTheHistory()
    {
        await using var api = new ApiFactory();
        var scale = new DataScale(Regions: 2, TeamsPerRegion: 2, RepsPerTeam: 2, Accounts: 40, ContactsPerAccount: 1);
        var (_, waysIn) = await SeedCommand.SeedAsync(api.Services, "beta", scale, api.Clock.GetUtcNow().UtcDateTime, progress: null);
        Assert.Equal("admin@beta.example.com", waysIn.AdminEmail);

        var tokens = new TokenClient(api);
        var admin = api.CreateGraphQLClient((await tokens.SignInAsync(waysIn.AdminEmail, waysIn.Password, "sales:read org:admin", tenant: "beta"))["access_token"]!.GetValue<string>());
        var integration = api.CreateGraphQLClient(await tokens.ClientCredentialsAsync(waysIn.ClientId, waysIn.Secret));
        const string history = "{ assignmentRules(first: 50) { totalCount } leads(first: 1) { totalCount } opportunities(first: 1) { totalCount } }";
        var seenByAdmin = await admin.QueryAsync(history);
        var seenByIntegration = await integration.QueryAsync(history);
        Assert.Equal(seenByAdmin.ToJsonString(), seenByIntegration.ToJsonString());
        // A rule per team and the catch-all; eight weeks of leads (three a week per rep) and their opportunities.
        Assert.Equal(scale.Regions * scale.TeamsPerRegion + 1, seenByAdmin["assignmentRules"]!["totalCount"]!.GetValue<int>());
        // The clock stands on Friday 2026-11-27 01:30 UTC: the eight weeks from Friday 2026-10-02 hold eight Mondays, Wednesdays
        // and Fridays before today, and today's leads (09:30 Shanghai on) are not due yet: 24 leads for each of the 8 reps.
        Assert.Equal(8 * 24, seenByAdmin["leads"]!["totalCount"]!.GetValue<int>());
        Assert.True(seenByAdmin["opportunities"]!["totalCount"]!.GetValue<int>() > 0);
    }
}
