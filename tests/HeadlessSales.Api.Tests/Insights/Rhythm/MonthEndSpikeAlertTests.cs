using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Insights.Rhythm;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>The rhythm fixture with the daily month-end spike judge on (its first firing: Saturday 28 Nov 2026, 09:00 in Shanghai).</summary>
public sealed class MonthEndSpikeFixture : RhythmFixture
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Insights:Rhythm:ScheduleMonthEndSpikeChecks"] = "true" };
}

/// <summary>The month-end spike alert: judged every day at 09:00 local by a durable timer, raised once per month, on the event path.</summary>
public sealed class MonthEndSpikeAlertTests(MonthEndSpikeFixture api) : IClassFixture<MonthEndSpikeFixture>
{
    /// <summary>09:00 in Shanghai on a December 2026 day.</summary>
    private static DateTime Dec(int day) => new(2026, 12, day, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// December 2026 has 31 days: its last 3 are the 29th to the 31st. On 1 Dec the ready-to-sign forecast is one opportunity
    /// (signalled, expected 10 Dec): 0 of 1 late, nothing raised. Then three more are signalled, expected on the 29th, 30th and
    /// 31st: 3 of 4 late = 0.75 ≥ 0.3, so the judge of 2 Dec raises it (two pollers racing: one row, one event), the judge of 3 Dec
    /// raises nothing new, and January (no forecast) raises none.
    /// </summary>
    [Fact]
    public async Task ForecastClusteringLate_RaisesTheAlertOnce_OnTheFirstJudgingDayAfter_ToWholeTenantReadersOnly()
    {
        var at = new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);
        var account = await api.AccountAsync(api.A, Industry.NewEnergy, "节奏-月末扎堆客户", at);
        var early = await api.OpportunityAsync(api.A, account, "节奏-月中", at, expectedClose: new DateOnly(2026, 12, 10));
        DecisionSignalDefinition definition;
        await using (var db = api.Pool.Rent(api.TenantId))
        {
            definition = db.DecisionSignalDefinitions.Add(new DecisionSignalDefinition
            {
                TenantId = api.TenantId, Code = "SPIKE_SAMPLE_PASSED", Name = "样品测试通过", Source = DecisionSignalSource.Api, Weight = 30, CreatedAt = at,
            }).Entity;
            await db.SaveChangesAsync();
            db.DecisionSignals.Add(DecisionSignal.Of(definition, early, api.A, at));
            await db.SaveChangesAsync();
        }

        var bus = api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, await new TokenClient(api).MemberTokenAsync("salesops"));
        await socket.SubscribeAsync("spike", "subscription { onMonthEndSpikeAlert { year month scope readyToSign lateReadyToSign lateShare } }");
        while (bus.SubscriberCount < before + 1)
        {
            await Task.Yield();
        }

        // 1 Dec: the forecast does not cluster (0 of 1 late).
        api.Clock.SetUtcNow(Dec(1));
        await api.Timers.RunDueTimersAsync();
        var salesOps = await api.MemberAsync("salesops");
        const string Alerts = "query($y: Int!, $m: Int!) { monthEndSpikeAlerts(year: $y, month: $m) { id year month scope readyToSign lateReadyToSign lateShare message raisedAt } }";
        Assert.Empty((await salesOps.QueryAsync(Alerts, new { y = 2026, m = 12 }))["monthEndSpikeAlerts"]!.AsArray());

        // Three more, expected in the last 3 days (one of them B's: the tenant-wide forecast counts every rep).
        await using (var db = api.Pool.Rent(api.TenantId))
        {
            foreach (var (owner, day) in new[] { (api.A, 29), (api.A, 30), (api.B, 31) })
            {
                var late = await api.OpportunityAsync(owner, account, $"节奏-月末{day}", at, expectedClose: new DateOnly(2026, 12, day));
                db.DecisionSignals.Add(DecisionSignal.Of(definition, late, owner, Dec(1).AddHours(3)));
            }

            await db.SaveChangesAsync();
        }

        // 2 Dec 09:00: two nodes race on the due judge; one alert, one event.
        api.Clock.SetUtcNow(Dec(2));
        var otherNode = ActivatorUtilities.CreateInstance<DurableTimerService>(api.Services,
            Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.Zero, NodeName = "other" }));
        await Task.WhenAll(api.Timers.RunDueTimersAsync(), otherNode.RunDueTimersAsync());
        await api.Timers.RunDueTimersAsync();

        var pushed = (await socket.ReceiveAsync())!["payload"]!["data"]!["onMonthEndSpikeAlert"]!;
        Assert.Equal((2026, 12, "TENANT", 4, 3, 0.75),
            (pushed["year"]!.GetValue<int>(), pushed["month"]!.GetValue<int>(), pushed["scope"]!.GetValue<string>(), pushed["readyToSign"]!.GetValue<int>(),
                pushed["lateReadyToSign"]!.GetValue<int>(), pushed["lateShare"]!.GetValue<double>()));

        var alert = Assert.Single((await salesOps.QueryAsync(Alerts, new { y = 2026, m = 12 }))["monthEndSpikeAlerts"]!.AsArray())!;
        Assert.Equal((4, 3, 0.75, "2026-12-02T01:00:00Z"),
            (alert["readyToSign"]!.GetValue<int>(), alert["lateReadyToSign"]!.GetValue<int>(), alert["lateShare"]!.GetValue<double>(), alert["raisedAt"]!.GetValue<string>()));
        Assert.StartsWith("月末签约扎堆预警: 3 of 4 ready-to-sign deals expect to close in the last 3 days (75", alert["message"]!.GetValue<string>());

        // On the journal once, for webhooks and rules (read before January: the journal keeps 30 days).
        await using (var db = api.Pool.Rent(api.TenantId))
        {
            var journaled = await db.JournalEntries.AsNoTracking().Where(e => e.Type == "month-end-spike.raised").ToListAsync();
            Assert.Equal(alert["id"]!.GetValue<string>(), Assert.Single(journaled).SubjectId);
        }

        // A rep's view holds no tenant-wide alert: the same answer as a month without one.
        var rep = await api.MemberAsync("rep");
        Assert.Empty((await rep.QueryAsync(Alerts, new { y = 2026, m = 12 }))["monthEndSpikeAlerts"]!.AsArray());

        // 3 Dec: still clustering, already alerted this month: nothing new.
        api.Clock.SetUtcNow(Dec(3));
        await api.Timers.RunDueTimersAsync();
        Assert.Single((await salesOps.QueryAsync(Alerts, new { y = 2026, m = 12 }))["monthEndSpikeAlerts"]!.AsArray());

        // January: its forecast is empty, nothing is raised.
        api.Clock.SetUtcNow(new DateTime(2027, 1, 5, 1, 0, 0, DateTimeKind.Utc));
        await api.Timers.RunDueTimersAsync();
        // (A token of today's: the first one has outlived its 30 days.)
        salesOps = await api.MemberAsync("salesops");
        Assert.Empty((await salesOps.QueryAsync(Alerts, new { y = 2027, m = 1 }))["monthEndSpikeAlerts"]!.AsArray());

        await using (var db = api.Pool.Rent(api.TenantId))
        {
            Assert.Equal(1, await db.MonthEndSpikeAlerts.CountAsync());
            var pending = await db.ScheduledTimers.AsNoTracking().Where(t => t.Kind == MonthEndSpikeJob.Kind && t.FiredAt == null).ToListAsync();
            Assert.Equal(new DateTime(2027, 1, 6, 1, 0, 0, DateTimeKind.Utc), Assert.Single(pending).DueAt);
        }
    }
}
