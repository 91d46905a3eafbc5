using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>
/// A month-end spike raised before the month ended: the daily judge found the month's ready-to-sign forecast clustering in
/// its last 3 days. One row per tenant, month and scope, so a month is alerted once however many nodes judge it.
/// </summary>
public sealed class MonthEndSpikeAlert : ITenantOwned
{
    /// <summary>The only scope judged today: the whole tenant (a team scope would add its own value).</summary>
    public const string TenantScope = "TENANT";

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public int Year { get; init; }

    public int Month { get; init; }

    public required string Scope { get; init; }

    public int ReadyToSign { get; init; }

    public int LateReadyToSign { get; init; }

    public double LateShare { get; init; }

    public required string Message { get; init; }

    public DateTime RaisedAt { get; init; }

    public static MonthEndSpikeAlert Of(MonthEndSpike spike, long tenantId, int year, int month, DateTime at) => new()
    {
        TenantId = tenantId, Year = year, Month = month, Scope = TenantScope, ReadyToSign = spike.ReadyToSign, LateReadyToSign = spike.LateReadyToSign,
        LateShare = spike.LateShare, Message = spike.Message, RaisedAt = at,
    };

    public MonthEndSpikeAlertRaised ToEvent() => new(TenantId, Id, Year, Month, Scope, ReadyToSign, LateReadyToSign, LateShare, Message, RaisedAt);
}

internal sealed class MonthEndSpikeAlertConfiguration(SalesDbContext db) : IEntityTypeConfiguration<MonthEndSpikeAlert>
{
    public void Configure(EntityTypeBuilder<MonthEndSpikeAlert> builder)
    {
        builder.ToTable("MonthEndSpikeAlerts");
        // Once per tenant, month and scope: a second judge of the same month (another node, a duplicate timer) hits the index.
        builder.HasIndex(a => new { a.TenantId, a.Year, a.Month, a.Scope }).IsUnique();
        builder.Property(a => a.Scope).HasMaxLength(16);
        builder.Property(a => a.Message).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
        // A tenant-wide alert speaks of everyone's deals: those who see the whole tenant (sales ops, admins, integrations).
        builder.HasQueryFilter(a => a.TenantId == db.CurrentTenantId && db.SeesWholeTenant);
    }
}

/// <summary>
/// The month-end spike judge on the durable timers: one <see cref="ScheduledTimer"/> per tenant, due every day at
/// <see cref="LocalHour"/> in the tenant's time zone. Firing judges the current local month with
/// <see cref="RhythmMetrics.SpikeAsync"/> over the whole tenant; when raised and not yet alerted this month it stores a
/// <see cref="MonthEndSpikeAlert"/> and journals <see cref="MonthEndSpikeAlertRaised"/> in the poller's transaction, and
/// schedules the next day there too.
/// </summary>
public sealed class MonthEndSpikeJob : ITimerHandler
{
    public const string Kind = "insights.month-end-spike";

    public const int LocalHour = 9;

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        var zone = await MonthlyAttributionJob.ZoneAsync(db, timer.TenantId, cancellationToken);
        // The month as it stands when the judge runs: a timer fired late (a node down over a month end) judges the month now open.
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
        var (year, month) = (local.Year, local.Month);
        if (!await db.MonthEndSpikeAlerts.AnyAsync(a => a.Year == year && a.Month == month && a.Scope == MonthEndSpikeAlert.TenantScope, cancellationToken))
        {
            var settings = await WeeklyToSignJob.SettingsAsync(db, cancellationToken);
            var spike = await RhythmMetrics.SpikeAsync(db, null, year, month, DateTime.DaysInMonth(year, month), settings, cancellationToken);
            if (spike.Raised)
            {
                var alert = db.MonthEndSpikeAlerts.Add(MonthEndSpikeAlert.Of(spike, timer.TenantId, year, month, now)).Entity;
                db.Journal(() => alert.ToEvent());
            }
        }

        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == Kind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            // From the later of the due time and now: a node down for days judges today, not each missed day in turn.
            db.ScheduledTimers.Add(Next(timer.TenantId, NextDue((timer.DueAt > now ? timer.DueAt : now).AddMinutes(1), zone)));
        }

        return null;
    }

    public static ScheduledTimer Next(long tenantId, DateTime dueAt) =>
        new() { TenantId = tenantId, Kind = Kind, SubjectId = tenantId, AnchorAt = dueAt, DueAt = dueAt };

    /// <summary>The first <see cref="LocalHour"/>:00 local at or after <paramref name="utc"/>, as UTC.</summary>
    public static DateTime NextDue(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var candidate = local.Date.AddHours(LocalHour);
        if (candidate < local)
        {
            candidate = candidate.AddDays(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(candidate, DateTimeKind.Unspecified), zone);
    }
}

/// <summary>Starts each tenant's daily spike judge on start (after the database initializer), as the weekly lists' scheduler does.</summary>
public sealed class MonthEndSpikeScheduler(ISalesDbContextPool pool, DatabaseOptions database, IOptions<RhythmOptions> options, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!database.MigrateOnStart || !options.Value.ScheduleMonthEndSpikeChecks)
        {
            return;
        }

        await using var db = pool.RentAcrossTenants();
        var now = clock.GetUtcNow().UtcDateTime;
        var missing = await db.Tenants
            .Where(t => !db.ScheduledTimers.IgnoreQueryFilters().Any(s => s.TenantId == t.Id && s.Kind == MonthEndSpikeJob.Kind && s.FiredAt == null))
            .Select(t => new { t.Id, t.TimeZone })
            .ToListAsync(cancellationToken);
        foreach (var tenant in missing)
        {
            db.ScheduledTimers.Add(MonthEndSpikeJob.Next(tenant.Id, MonthEndSpikeJob.NextDue(now, ReportingMonths.ZoneOf(tenant.TimeZone))));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
