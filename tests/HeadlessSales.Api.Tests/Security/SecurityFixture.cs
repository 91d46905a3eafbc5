using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>The demo tenant plus a hostile second tenant, "rival", with an integration client of its own.</summary>
public sealed class SecurityFixture : ApiFactory, IAsyncLifetime
{
    public const string RivalClientId = "rival-integration";
    public const string RivalSecret = "rival-secret";

    public GraphQLTestClient Demo { get; private set; } = null!;

    public GraphQLTestClient Rival { get; private set; } = null!;

    public string RivalToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Demo = CreateGraphQLClient();
        var pool = Services.GetRequiredService<ISalesDbContextPool>();
        var rivalTenant = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 1, TeamsPerRegion = 1, RepsPerTeam = 2, Accounts = 5 }, null, CancellationToken.None, "rival", "Rival Co.");
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationClientService>()
            .CreateAsync(rivalTenant, "Rival", Scopes.All, CancellationToken.None, RivalClientId, RivalSecret);
        RivalToken = await new TokenClient(this).ClientCredentialsAsync(RivalClientId, RivalSecret);
        Rival = CreateGraphQLClient(RivalToken);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
