using System.Text.Json.Nodes;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Activities;

/// <summary>
/// A host of its own for the follow-up tests: the demo tenant, a rival tenant, member tokens that outlive
/// the clock moves, and a routing rule that gives this fixture's leads to the demo rep.
/// </summary>
public sealed class ActivitiesFixture : ApiFactory, IAsyncLifetime
{
    private readonly Dictionary<string, string> _tokens = [];
    private int _sequence;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerWindow"] = "100000",
        ["DurableTimers:PollInterval"] = "00:00:00",
        // Tests move the clock by days with their tokens in hand.
        ["Identity:AccessTokenLifetime"] = "20.00:00:00",
    };

    public GraphQLTestClient Integration { get; private set; } = null!;

    public GraphQLTestClient Rival { get; private set; } = null!;

    /// <summary>rep@demo: the first rep of the first team, whose lead is teamlead@demo and whose region manager is regionmanager@demo.</summary>
    public string RepId { get; private set; } = null!;

    public string RepTeamId { get; private set; } = null!;

    /// <summary>A team of another region than the rep's.</summary>
    public string FarTeamId { get; private set; } = null!;

    public string RivalAccountId { get; private set; } = null!;

    private string _province = null!;

    public async Task InitializeAsync()
    {
        Integration = CreateGraphQLClient(IntegrationToken());
        var pool = Services.GetRequiredService<ISalesDbContextPool>();
        var rivalTenant = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 1, TeamsPerRegion = 1, RepsPerTeam = 2, Accounts = 5 }, null, CancellationToken.None, "rival", "Rival Co.");
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IntegrationClientService>()
                .CreateAsync(rivalTenant, "Rival", Scopes.All, CancellationToken.None, "rival-activities", "rival-activities-secret");
        }

        Rival = CreateGraphQLClient(await new TokenClient(this).ClientCredentialsAsync("rival-activities", "rival-activities-secret"));
        RivalAccountId = (await Rival.QueryAsync("{ accounts(first: 1) { nodes { id } } }"))["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>();

        var viewer = (await As("rep").QueryAsync("{ viewer { member { id team { id region { id } } } } }"))["viewer"]!["member"]!;
        RepId = viewer["id"]!.GetValue<string>();
        RepTeamId = viewer["team"]!["id"]!.GetValue<string>();
        var regionId = viewer["team"]!["region"]!["id"]!.GetValue<string>();
        var teams = (await Integration.QueryAsync("{ teams(first: 50) { nodes { id region { id } } } }"))["teams"]!["nodes"]!.AsArray();
        FarTeamId = teams.First(t => t!["region"]!["id"]!.GetValue<string>() != regionId)!["id"]!.GetValue<string>();

        _province = "跟进测试省";
        var rule = await Integration.QueryAsync(
            "mutation($input: CreateAssignmentRuleInput!) { createAssignmentRule(input: $input) { errors { __typename } } }",
            new { input = new { name = "跟进测试给演示销售", position = 0, provinces = new[] { _province }, strategy = "NAMED_MEMBER", memberId = RepId } });
        Assert.Empty(rule["createAssignmentRule"]!["errors"]!.AsArray());
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>A client signed in as the demo login of <paramref name="role"/> (rep, teamlead, regionmanager, salesops, admin).</summary>
    public GraphQLTestClient As(string role) => CreateGraphQLClient(Token(role));

    public string Token(string role)
    {
        lock (_tokens)
        {
            if (_tokens.TryGetValue(role, out var token))
            {
                return token;
            }
        }

        var scope = role is "admin" or "salesops" ? "sales:read sales:write org:admin" : "sales:read sales:write";
        var issued = new TokenClient(this).MemberTokenAsync(role, scope).GetAwaiter().GetResult();
        lock (_tokens)
        {
            _tokens[role] = issued;
        }

        return issued;
    }

    /// <summary>A new lead, assigned to the demo rep now (by the clock).</summary>
    public async Task<string> CreateRepLeadAsync(string company)
    {
        var n = Interlocked.Increment(ref _sequence);
        var data = await Integration.QueryAsync(
            "mutation($input: CreateLeadInput!) { createLead(input: $input) { lead { id owner { id } } errors { __typename } } }",
            new { input = new { name = $"跟进联系人{n}", company = $"{company}{n}", phone = $"1377{n:D7}", industry = "NEW_ENERGY", source = "WEBSITE", province = _province } });
        var lead = data["createLead"]!["lead"]!;
        Assert.Equal(RepId, lead["owner"]!["id"]!.GetValue<string>());
        return lead["id"]!.GetValue<string>();
    }

    public async Task<string> RepAccountIdAsync(int index = 0) =>
        (await As("rep").QueryAsync("{ accounts(first: 10) { nodes { id } } }"))["accounts"]!["nodes"]![index]!["id"]!.GetValue<string>();

    /// <summary>An account of another rep, which the demo rep cannot see.</summary>
    public async Task<string> OtherRepsAccountIdAsync()
    {
        var accounts = (await Integration.QueryAsync("{ accounts(first: 50) { nodes { id owner { id } } } }"))["accounts"]!["nodes"]!.AsArray();
        return accounts.First(a => a!["owner"]?["id"]?.GetValue<string>() is { } owner && owner != RepId)!["id"]!.GetValue<string>();
    }

    public const string LogActivity = """
        mutation($input: LogActivityInput!) {
          logActivity(input: $input) {
            activity { id kind subjectId subject { __typename ... on Lead { name } ... on Account { name } } member { email } team { id }
              occurredAt durationMinutes outcome notes tagCodes tags { code nameZh nameEn } concerns nextStep nextStepDueOn summary }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on NotFoundError { field id } ... on UntaggedFollowUpError { field } ... on UnknownCodeError { field value } }
          }
        }
        """;

    public async Task<JsonNode> LogAsync(GraphQLTestClient client, object input) =>
        (await client.QueryAsync(LogActivity, new { input }))["logActivity"]!;

    /// <summary>Logs and insists it succeeded; returns the activity.</summary>
    public async Task<JsonNode> LogOkAsync(GraphQLTestClient client, object input)
    {
        var payload = await LogAsync(client, input);
        Assert.True(payload["errors"]!.AsArray().Count == 0, payload.ToJsonString());
        return payload["activity"]!;
    }

    public string Now(TimeSpan offset = default) => (Clock.GetUtcNow() + offset).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>Waits until the host has <paramref name="count"/> more live subscribers than <paramref name="before"/>.</summary>
    public async Task WaitForSubscribersAsync(int before, int count)
    {
        var bus = Services.GetRequiredService<IEventBus>();
        for (var waited = 0; bus.SubscriberCount < before + count; waited += 10)
        {
            Assert.True(waited < 5_000, "The subscriptions did not start.");
            await Task.Delay(10);
        }
    }
}
