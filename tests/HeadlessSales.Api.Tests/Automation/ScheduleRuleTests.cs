using System.Text.Json.Nodes;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>Schedule triggers through the public API: the local time of the tenant, one run with two pollers, the next firing, bad schedules refused.</summary>
public sealed class ScheduleRuleTests(AutomationFixture api) : IClassFixture<AutomationFixture>
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string CreateRule = """
        mutation($input: CreateAutomationRuleInput!) {
          createAutomationRule(input: $input) {
            rule { id triggerKind eventType schedule { weekdays time nextRunAt } }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } }
          }
        }
        """;

    private async Task<JsonNode> CreateAsync(object input) => (await _client.QueryAsync(CreateRule, new { input }))["createAutomationRule"]!;

    private async Task<string> MemberIdAsync() =>
        (await _client.QueryAsync("{ members(first: 100, where: { active: true }) { nodes { id role } } }"))["members"]!["nodes"]!.AsArray()
            .First(n => n!["role"]!.GetValue<string>() == "TEAM_LEAD")!["id"]!.GetValue<string>();

    private async Task<List<(string Message, string Recipient)>> NoticesAsync(string ruleId) =>
        (await _client.QueryAsync("{ automationNotices(first: 100) { nodes { message recipient { id } rule { id } } } }"))["automationNotices"]!["nodes"]!.AsArray()
            .Where(n => n!["rule"]?["id"]?.GetValue<string>() == ruleId)
            .Select(n => (n!["message"]!.GetValue<string>(), n["recipient"]!["id"]!.GetValue<string>())).ToList();

    private async Task<DateTimeOffset?> NextRunAtAsync(string ruleId) =>
        (await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on AutomationRule { schedule { nextRunAt } } } }", new { id = ruleId }))["node"]!["schedule"]!["nextRunAt"]?.GetValue<DateTimeOffset>();

    /// <summary>A second poller over the same database, as another node runs: the claim lets one of them fire each timer.</summary>
    private DurableTimerService SecondNode() => new(
        api.Services.GetRequiredService<ISalesDbContextPool>(), api.Services.GetServices<ITimerHandler>(), api.Services.GetRequiredService<IEventBus>(), api.Clock,
        Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.Zero, NodeName = "node-b" }), NullLogger<DurableTimerService>.Instance, api.Services.GetRequiredService<TimerWakeups>());

    [Fact]
    public async Task ASchedule_FiresAtTheTenantsLocalTime_OnceWithTwoPollers_AndSetsTheNextFiring()
    {
        var member = await MemberIdAsync();
        // The fixture's clock starts on Friday 27 November 2026, 01:30 UTC = 09:30 in the tenant's zone (Asia/Shanghai, UTC+8).
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 1, 30, 0, TimeSpan.Zero), api.Clock.GetUtcNow());
        var created = await CreateAsync(new
        {
            name = "周一周四例会提醒",
            trigger = new { schedule = new { weekdays = new[] { "MONDAY", "THURSDAY" }, time = "09:00" } },
            actions = new object[] { new { kind = "NOTIFY_MEMBER", recipient = "MEMBER", memberId = member, message = "例会: {event.weekday} {event.time}" } },
        });
        Assert.Empty(created["errors"]!.AsArray());
        var rule = created["rule"]!;
        var ruleId = rule["id"]!.GetValue<string>();
        Assert.Equal(("SCHEDULE", "schedule.fired", "MONDAY,THURSDAY", "09:00"), (rule["triggerKind"]!.GetValue<string>(), rule["eventType"]!.GetValue<string>(),
            string.Join(",", rule["schedule"]!["weekdays"]!.AsArray().Select(d => d!.GetValue<string>())), rule["schedule"]!["time"]!.GetValue<string>()));
        // Monday 30 November 09:00 in Shanghai is 01:00 UTC (not 09:00 UTC).
        var monday = new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(monday, rule["schedule"]!["nextRunAt"]!.GetValue<DateTimeOffset>());

        var first = api.Services.GetRequiredService<DurableTimerService>();
        var second = SecondNode();
        api.Clock.SetUtcNow(monday.AddMinutes(-1));
        await Task.WhenAll(first.RunDueTimersAsync(), second.RunDueTimersAsync());
        Assert.Empty(await NoticesAsync(ruleId));

        api.Clock.SetUtcNow(monday);
        await Task.WhenAll(first.RunDueTimersAsync(), second.RunDueTimersAsync());
        await Task.WhenAll(first.RunDueTimersAsync(), second.RunDueTimersAsync());
        Assert.Equal([("例会: MONDAY 09:00", member)], await NoticesAsync(ruleId));
        var runs = (await _client.QueryAsync("query($r: ID) { ruleExecutions(first: 10, ruleId: $r) { nodes { outcome } } }", new { r = ruleId }))["ruleExecutions"]!["nodes"]!.AsArray();
        Assert.Equal("SUCCEEDED", Assert.Single(runs)!["outcome"]!.GetValue<string>());

        // The firing wrote the next one: Thursday 3 December, 09:00 local.
        var thursday = new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(thursday, await NextRunAtAsync(ruleId));
        api.Clock.SetUtcNow(thursday);
        await Task.WhenAll(first.RunDueTimersAsync(), second.RunDueTimersAsync());
        Assert.Equal([("例会: MONDAY 09:00", member), ("例会: THURSDAY 09:00", member)], (await NoticesAsync(ruleId)).OrderBy(n => n.Message, StringComparer.Ordinal).ToList());
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), await NextRunAtAsync(ruleId));

        // Changed to Wednesdays: the pending Monday firing is replaced, not kept beside the new one.
        var updated = await _client.QueryAsync("""
            mutation($id: ID!) { updateAutomationRule(input: { id: $id, trigger: { schedule: { weekdays: [WEDNESDAY], time: "18:30" } } }) { rule { schedule { nextRunAt } } errors { __typename } } }
            """, new { id = ruleId });
        Assert.Equal(new DateTimeOffset(2026, 12, 9, 10, 30, 0, TimeSpan.Zero), updated["updateAutomationRule"]!["rule"]!["schedule"]!["nextRunAt"]!.GetValue<DateTimeOffset>());
        api.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        await first.RunDueTimersAsync();
        Assert.Equal(2, (await NoticesAsync(ruleId)).Count);
    }

    [Fact]
    public async Task ABadSchedule_IsRefused_PointingAtTheOffendingPart()
    {
        var member = await MemberIdAsync();
        object Notify(string recipient = "MEMBER") => new { kind = "NOTIFY_MEMBER", recipient, memberId = member, message = "提醒" };
        async Task<List<string>> ErrorsAsync(object trigger, object action)
        {
            var created = await CreateAsync(new { name = "坏的定时规则", trigger, actions = new[] { action } });
            Assert.Null(created["rule"]);
            return created["errors"]!.AsArray().Select(e => $"{e!["code"]!.GetValue<string>()} {e["field"]?.GetValue<string>()}").ToList();
        }

        Assert.Equal(["VALIDATION_FAILED input.trigger.schedule.weekdays"], await ErrorsAsync(new { schedule = new { weekdays = Array.Empty<string>(), time = "09:00" } }, Notify()));
        Assert.Equal(["VALIDATION_FAILED input.trigger.schedule.time"], await ErrorsAsync(new { schedule = new { weekdays = new[] { "MONDAY" }, time = "25:00" } }, Notify()));
        Assert.Equal(["VALIDATION_FAILED input.trigger.schedule"], await ErrorsAsync(new { @event = "lead.assigned", schedule = new { weekdays = new[] { "MONDAY" }, time = "09:00" } }, Notify()));
        // A schedule names no record: no owner to notify, nothing to escalate.
        Assert.Equal(["VALIDATION_FAILED input.actions[0].recipient"], await ErrorsAsync(new { schedule = new { weekdays = new[] { "MONDAY" }, time = "09:00" } }, Notify("OWNER")));
        Assert.Equal(["VALIDATION_FAILED input.actions[0].kind"], await ErrorsAsync(new { schedule = new { weekdays = new[] { "FRIDAY" }, time = "17:00" } }, new { kind = "ESCALATE" }));
        // schedule.fired is not an event a rule can wait for by name.
        Assert.Equal(["VALIDATION_FAILED input.trigger.event"], await ErrorsAsync(new { @event = "schedule.fired" }, Notify()));
        Assert.Equal(["VALIDATION_FAILED input.trigger.event"], await ErrorsAsync(new { delayMinutes = 5 }, Notify()));
    }
}
