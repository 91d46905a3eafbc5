using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

public sealed class InsightsOptions
{
    public const string Section = "Insights";

    /// <summary>Whether each tenant gets the monthly tenant-wide attribution report on the 1st. Test hosts that move their clock switch it off.</summary>
    public bool ScheduleMonthlyAttributionReports { get; set; } = true;
}

/// <summary>
/// The monthly process-attribution report, on the durable timers: one <see cref="ScheduledTimer"/> per tenant, due at local
/// midnight on the 1st (the tenant's time zone). Firing stores the tenant-wide report for the month before, with the
/// tenant's settings, and schedules the next 1st in the same transaction, so the chain survives restarts and fires once
/// across nodes. A month's report carries <see cref="AttributionReport.ScheduleKey"/>, unique per tenant: a duplicate
/// timer (two nodes starting at once) finds the month done and only moves on.
/// </summary>
public sealed class MonthlyAttributionJob : ITimerHandler
{
    public const string Kind = "insights.monthly-attribution-report";

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        var zone = await ZoneAsync(db, timer.TenantId, cancellationToken);
        var (from, to, key) = ReportingMonths.MonthBefore(timer.DueAt, zone);
        if (!await db.AttributionReports.AnyAsync(r => r.ScheduleKey == key, cancellationToken))
        {
            var settings = await AttributionAnalysis.SettingsAsync(db, cancellationToken);
            var report = await AttributionAnalysis.ComputeAsync(db, new AttributionScope(AttributionScopeKind.Tenant, null), from, to,
                AttributionParameters.Of(settings), AttributionTrigger.Scheduled, null, now, cancellationToken);
            report.ScheduleKey = key;
            db.AttributionReports.Add(report);
        }

        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == Kind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            db.ScheduledTimers.Add(Next(timer.TenantId, ReportingMonths.NextFirst(timer.DueAt, zone)));
        }

        return null;
    }

    public static ScheduledTimer Next(long tenantId, DateTime dueAt) =>
        new() { TenantId = tenantId, Kind = Kind, SubjectId = tenantId, AnchorAt = dueAt, DueAt = dueAt };

    public static async Task<TimeZoneInfo> ZoneAsync(SalesDbContext db, long tenantId, CancellationToken cancellationToken) =>
        ReportingMonths.ZoneOf(await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.TimeZone).SingleAsync(cancellationToken));
}

/// <summary>
/// Starts each tenant's monthly chain on start: a tenant without a pending monthly timer gets one for the next 1st.
/// Registered after the database initializer, so it runs on the migrated database.
/// </summary>
public sealed class MonthlyAttributionScheduler(ISalesDbContextPool pool, DatabaseOptions database, Microsoft.Extensions.Options.IOptions<InsightsOptions> options, TimeProvider clock)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!database.MigrateOnStart || !options.Value.ScheduleMonthlyAttributionReports)
        {
            return;
        }

        await EnsureScheduledAsync(pool, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <returns>How many tenants got their first monthly timer.</returns>
    public static async Task<int> EnsureScheduledAsync(ISalesDbContextPool pool, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var missing = await db.Tenants
            .Where(t => !db.ScheduledTimers.IgnoreQueryFilters().Any(s => s.TenantId == t.Id && s.Kind == MonthlyAttributionJob.Kind && s.FiredAt == null))
            .Select(t => new { t.Id, t.TimeZone })
            .ToListAsync(cancellationToken);
        foreach (var tenant in missing)
        {
            db.ScheduledTimers.Add(MonthlyAttributionJob.Next(tenant.Id, ReportingMonths.NextFirst(now, ReportingMonths.ZoneOf(tenant.TimeZone))));
        }

        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
