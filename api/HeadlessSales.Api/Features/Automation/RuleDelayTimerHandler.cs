using System.Text.Json;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// The end of a delayed rule's wait: unless the "unless" event cancelled it, the rule runs for the starting event. The
/// run claims its own log row, so a timer fired twice (a node died after running it) still runs the rule once.
/// </summary>
public sealed class RuleDelayTimerHandler(RuleEngine engine) : ITimerHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [RuleDelay.TimerKind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        var delay = await db.RuleDelays.AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == timer.SubjectId && d.TenantId == timer.TenantId, cancellationToken);
        if (delay is null || delay.CancelledAt is not null)
        {
            return null;
        }

        var data = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(delay.EventData, AutomationRule.JsonOptions) ?? [];
        var e = new RuleEvent(delay.EventKey, delay.TenantId, delay.EventType, delay.SubjectKind, delay.SubjectId, delay.StartedAt,
            data.ToDictionary(p => p.Key, p => Plain(p.Value)), delay.Depth);
        // What the run journals is written and published by the timer's save and commit.
        await engine.RunInTransactionAsync(db, delay.RuleId, e, cancellationToken);
        return null;
    }

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };
}
