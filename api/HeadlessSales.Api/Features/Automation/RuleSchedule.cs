using System.Globalization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>A schedule trigger: on these weekdays at this local time of the tenant's time zone.</summary>
public sealed record RuleSchedule(IReadOnlyList<DayOfWeek> Weekdays, string Time);

/// <summary>
/// Schedule triggers. A schedule acts on the tenant, not on records: its run is a <c>schedule.fired</c> event with no
/// record, so only actions that need none are allowed (NOTIFY_MEMBER or CREATE_TASK to a named MEMBER, CALL_WEBHOOK,
/// AWARD to a named member); the rule's checks for a record-less event refuse the others. Each firing is one durable
/// timer: claimed by one node, kept across restarts, and the next firing is written in the same transaction as the run.
/// </summary>
public static class RuleScheduling
{
    public const string TimerKind = "automation.rule-schedule";
    public const string EventType = "schedule.fired";

    public static readonly RuleEventCatalog.EventShape Shape = new(EventType, null,
        new Dictionary<string, RuleValueType> { ["weekday"] = RuleValueType.Text, ["time"] = RuleValueType.Text },
        "A schedule trigger fired (weekday e.g. MONDAY, time HH:mm, in the tenant's time zone); it names no record. Only for `trigger: { schedule }`.");

    /// <summary>Minutes after local midnight, for a time written HH:mm (00:00 to 23:59); null when it is not one.</summary>
    public static int? MinuteOfDay(string time) =>
        TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? (parsed.Hour * 60) + parsed.Minute : null;

    public static int Mask(IEnumerable<DayOfWeek> weekdays) => weekdays.Aggregate(0, (mask, day) => mask | (1 << (int)day));

    public static IReadOnlyList<DayOfWeek> Days(int mask) => Enum.GetValues<DayOfWeek>().Where(d => (mask & (1 << (int)d)) != 0).ToList();

    public static IEnumerable<UserError> Check(RuleSchedule schedule, Func<string, string> pathOf)
    {
        if (schedule.Weekdays.Count == 0)
        {
            yield return new ValidationError(pathOf("trigger.schedule.weekdays"), "Name at least one weekday.");
        }

        if (MinuteOfDay(schedule.Time) is null)
        {
            yield return new ValidationError(pathOf("trigger.schedule.time"), $"'{schedule.Time}' is not a time of day written HH:mm (00:00 to 23:59).");
        }
    }

    /// <summary>The first firing strictly after <paramref name="afterUtc"/>: a chosen weekday at the local time, in <paramref name="zone"/>.</summary>
    public static DateTime NextFiring(int weekdayMask, int minuteOfDay, TimeZoneInfo zone, DateTime afterUtc)
    {
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(afterUtc, zone);
        for (var day = 0; day <= 7; day++)
        {
            var date = localNow.Date.AddDays(day);
            if ((weekdayMask & (1 << (int)date.DayOfWeek)) == 0)
            {
                continue;
            }

            var local = DateTime.SpecifyKind(date.AddMinutes(minuteOfDay), DateTimeKind.Unspecified);
            // A local time skipped by a daylight-saving change fires at the first valid minute after it.
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(30);
            }

            var utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
            if (utc > afterUtc)
            {
                return utc;
            }
        }

        throw new InvalidOperationException("A schedule names at least one weekday.");
    }

    public static async Task<TimeZoneInfo> ZoneAsync(SalesDbContext db, long tenantId, CancellationToken cancellationToken)
    {
        var id = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.TimeZone).FirstAsync(cancellationToken);
        return TimeZoneInfo.FindSystemTimeZoneById(id);
    }

    /// <summary>
    /// After a rule is saved: its unfired firings are dropped and, for a schedule rule, the next one written. A poller
    /// holding a dropped firing cannot complete it (its claim no longer exists), so its run rolls back.
    /// </summary>
    public static async Task PlanAsync(SalesDbContext db, AutomationRule rule, DateTime now, CancellationToken cancellationToken)
    {
        await db.ScheduledTimers.Where(t => t.Kind == TimerKind && t.SubjectId == rule.Id && t.FiredAt == null).ExecuteDeleteAsync(cancellationToken);
        if (rule.TriggerKind == RuleTriggerKind.Schedule && rule.ScheduleWeekdays is { } mask && rule.ScheduleMinuteOfDay is { } minute)
        {
            var zone = await ZoneAsync(db, rule.TenantId, cancellationToken);
            db.ScheduledTimers.Add(new ScheduledTimer { TenantId = rule.TenantId, Kind = TimerKind, SubjectId = rule.Id, DueAt = NextFiring(mask, minute, zone, now) });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>A schedule rule's firing: writes the next firing, then runs the rule for the tenant (once per firing, by its log key).</summary>
public sealed class RuleScheduleTimerHandler(RuleEngine engine) : ITimerHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [RuleScheduling.TimerKind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        var rule = await db.AutomationRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == timer.SubjectId, cancellationToken);
        if (rule is not { TriggerKind: RuleTriggerKind.Schedule, ScheduleWeekdays: { } mask, ScheduleMinuteOfDay: { } minute })
        {
            return null;
        }

        var zone = await RuleScheduling.ZoneAsync(db, rule.TenantId, cancellationToken);
        // After now, not after this firing: a node that was down for days fires once late, not once per missed firing.
        var after = now > timer.DueAt ? now : timer.DueAt;
        db.ScheduledTimers.Add(new ScheduledTimer { TenantId = rule.TenantId, Kind = RuleScheduling.TimerKind, SubjectId = rule.Id, DueAt = RuleScheduling.NextFiring(mask, minute, zone, after) });
        var local = TimeZoneInfo.ConvertTimeFromUtc(timer.DueAt, zone);
        var e = new RuleEvent($"s:{timer.DueAt.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture)}", rule.TenantId, RuleScheduling.EventType, null, null, timer.DueAt,
            new Dictionary<string, object?> { ["weekday"] = local.DayOfWeek.ToString().ToUpperInvariant(), ["time"] = local.ToString("HH:mm", CultureInfo.InvariantCulture) });
        // A disabled or paused rule keeps its chain of firings, so switching it on again needs no re-planning; the run skips it.
        await engine.RunInTransactionAsync(db, rule.Id, e, cancellationToken);
        return null;
    }
}
