using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>
/// A host of its own for the lead tests, so that assignment counts and timers are not disturbed by other
/// suites; a 10,000-row import fits in one request, and bursts of concurrent intake are not rate limited.
/// </summary>
public sealed class LeadsFixture : ApiFactory
{
    private int _sequence;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:MaxRequestBytes"] = (4 * 1024 * 1024).ToString(),
        ["RateLimiting:PermitsPerWindow"] = "100000",
        // The 10,000-row import shares a busy test machine; the throughput goal is measured by the benchmark, not by a timeout.
        ["GraphQL:ExecutionTimeout"] = "00:03:00",
        // Tests fire due timers themselves, after moving the clock, so that nothing fires between a move and an assertion.
        ["DurableTimers:PollInterval"] = "00:00:00",
        // An SOP test moves the clock across a weekend with its tokens and sockets open; each test takes fresh tokens first.
        ["Identity:AccessTokenLifetime"] = "10.00:00:00",
    };

    /// <summary>A phone number no other test uses, so duplicate detection only links what a test means to link.</summary>
    public string UniquePhone() => $"1390{Interlocked.Increment(ref _sequence):D7}";

    public string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>A province no other test routes on, so a test's rule matches only that test's leads.</summary>
    public string UniqueProvince() => UniqueName("测试省");

    /// <summary>A client with a token issued now: after the clock has moved, the fixture's first token may have expired.</summary>
    public async Task<GraphQLTestClient> FreshClientAsync() =>
        CreateGraphQLClient(await new TokenClient(this).ClientCredentialsAsync(Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret));


    /// <summary>The id of a demo team no other test of this fixture routes to, and its active reps.</summary>
    public async Task<(string TeamId, string[] RepIds)> TakeTeamAsync()
    {
        var index = Interlocked.Increment(ref _teams);
        var client = await FreshClientAsync();
        var data = await client.QueryAsync("{ teams(first: 50) { nodes { id } } }");
        var teamId = data["teams"]!["nodes"]![index]!["id"]!.GetValue<string>();
        var reps = await client.QueryAsync(
            "query($t: [ID!]) { members(first: 50, where: { teamIds: $t, roles: [REP], active: true }) { nodes { id } } }", new { t = new[] { teamId } });
        return (teamId, reps["members"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToArray());
    }

    private int _teams;

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();

    /// <summary>Moves the clock forward to the next time <paramref name="localTime"/> on <paramref name="day"/> in Shanghai, the demo calendar's zone.</summary>
    public void MoveClockToNext(DayOfWeek day, TimeOnly localTime)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), zone);
        var target = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(localTime), zone.BaseUtcOffset);
        while (target <= local || target.DayOfWeek != day)
        {
            target = target.AddDays(1);
        }

        Clock.SetUtcNow(target.ToUniversalTime());
    }

    /// <summary>Waits until the host has <paramref name="count"/> more live subscribers than <paramref name="before"/>.</summary>
    public async Task WaitForSubscribersAsync(int before, int count)
    {
        var bus = Services.GetRequiredService<HeadlessSales.Api.Infrastructure.Events.IEventBus>();
        for (var waited = 0; bus.SubscriberCount < before + count; waited += 10)
        {
            Assert.True(waited < 5_000, "The subscriptions did not start.");
            await Task.Delay(10);
        }
    }

    public async Task<string> CreateRuleAsync(object input)
    {
        var data = await (await FreshClientAsync()).QueryAsync(
            "mutation($input: CreateAssignmentRuleInput!) { createAssignmentRule(input: $input) { assignmentRule { id } errors { __typename ... on UserError { message } } } }",
            new { input });
        Assert.Empty(data["createAssignmentRule"]!["errors"]!.AsArray());
        return data["createAssignmentRule"]!["assignmentRule"]!["id"]!.GetValue<string>();
    }
}
