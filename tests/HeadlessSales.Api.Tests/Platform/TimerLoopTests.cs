using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>
/// The timer loop of an idle node sleeps until the next due time instead of polling (issue 22), and a timer
/// written on the node wakes it. A loop of the test's own, with a handler of a kind nothing else uses, on a host
/// whose own loop is off; the fake clock is the host's.
/// </summary>
public sealed class TimerLoopTests(TimerLoopTests.Host api) : IClassFixture<TimerLoopTests.Host>
{
    private const string Kind = "test.timer-loop";

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DurableTimers:PollInterval"] = "00:00:00" };
    }

    [Fact]
    public async Task IdleLoop_SendsNoCommandsUntilATimerIsDue_AndAWrittenTimerWakesIt()
    {
        var pool = api.Services.GetRequiredService<ISalesDbContextPool>();
        await using (var db = pool.RentAcrossTenants())
        {
            // Only this test's timers: the demo's own would set the loop's next look.
            await db.ScheduledTimers.IgnoreQueryFilters().Where(t => t.FiredAt == null).ExecuteDeleteAsync();
        }

        var handler = new RecordingHandler();
        var loop = new DurableTimerService(pool, [handler], api.Services.GetRequiredService<IEventBus>(), api.Clock,
            Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.FromHours(1), NodeName = "loop-test" }),
            NullLogger<DurableTimerService>.Instance, api.Services.GetRequiredService<TimerWakeups>());
        using var stop = new CancellationTokenSource();
        var dueAt = DateTime.MinValue;
        string State() => $"now {api.Clock.GetUtcNow():O}, next look {loop.NextLookAt:O}, timer due {dueAt:O}, fired {handler.Fired}";
        await loop.StartAsync(stop.Token);
        try
        {
            await WaitUntilAsync(() => loop.NextLookAt is not null, State);
            var firstLook = loop.NextLookAt;

            api.Commands.Start();
            for (var minute = 0; minute < 30; minute++)
            {
                api.Clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Yield();
            }

            var idle = api.Commands.Stop();
            dueAt = api.Clock.GetUtcNow().UtcDateTime.AddMinutes(10);
            await using (var db = pool.Rent(await DemoTenantAsync(pool)))
            {
                db.ScheduledTimers.Add(new ScheduledTimer { TenantId = db.CurrentTenantId, Kind = Kind, SubjectId = 1, DueAt = dueAt });
                await db.SaveChangesAsync();
            }

            // Due before the loop's next look (the hour's end): the commit wakes it to sleep until the timer instead.
            await WaitUntilAsync(() => loop.NextLookAt?.UtcDateTime == dueAt, State);
            api.Clock.Advance(TimeSpan.FromMinutes(9));
            var firedEarly = handler.Fired;
            api.Clock.Advance(TimeSpan.FromMinutes(1));
            await WaitUntilAsync(() => handler.Fired == 1, State);

            Assert.Equal(api.Clock.GetUtcNow().AddMinutes(-40), firstLook!.Value.AddHours(-1));
            Assert.Empty(idle);
            Assert.Equal(0, firedEarly);
        }
        finally
        {
            await stop.CancelAsync();
            await loop.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<long> DemoTenantAsync(ISalesDbContextPool pool)
    {
        await using var db = pool.RentAcrossTenants();
        return await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> state)
    {
        // A safety net against a hung test: the condition is met as soon as the loop has done its work.
        var timeout = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < timeout, $"Timed out; {state()}");
            await Task.Delay(5);
        }
    }

    private sealed class RecordingHandler : ITimerHandler
    {
        private int _fired;

        public int Fired => Volatile.Read(ref _fired);

        public IReadOnlyCollection<string> Kinds => [Kind];

        public Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _fired);
            return Task.FromResult<Action<IEventBus>?>(null);
        }
    }
}
