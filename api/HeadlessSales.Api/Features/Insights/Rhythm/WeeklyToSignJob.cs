using System.Text.Json;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

public sealed class RhythmOptions
{
    public const string Section = "Insights:Rhythm";

    /// <summary>Whether each tenant gets its weekly to-sign lists. Test hosts that move their clock switch it off.</summary>
    public bool ScheduleWeeklyToSignLists { get; set; } = true;

    /// <summary>Whether each tenant gets its daily month-end spike judge. Test hosts that move their clock switch it off.</summary>
    public bool ScheduleMonthEndSpikeChecks { get; set; } = true;
}

/// <summary>One line of a rep's to-sign list as the weekly job delivered it. The list of a week is kept as it went out.</summary>
public sealed class ToSignListEntry : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    /// <summary>The local date the list went out (the configured weekday).</summary>
    public DateOnly WeekOf { get; init; }

    public int Rank { get; init; }

    public long OpportunityId { get; init; }

    public int Maturity { get; init; }

    /// <summary>The <see cref="MaturityPart"/>s, as JSON: why the opportunity scored what it did.</summary>
    public required string ExplanationJson { get; init; }

    public DateOnly WindowFrom { get; init; }

    public DateOnly WindowTo { get; init; }

    public required string WindowReason { get; init; }

    public DateTime DeliveredAt { get; init; }

    public IReadOnlyList<MaturityPart> Explanation => JsonSerializer.Deserialize<List<MaturityPart>>(ExplanationJson) ?? [];

    public ToSignItem ToItem() => new(OpportunityId, MemberId, Rank, Maturity, Explanation, WindowFrom, WindowTo, WindowReason);

    public static ToSignListEntry Of(ToSignItem item, long tenantId, DateOnly weekOf, DateTime at) => new()
    {
        TenantId = tenantId, MemberId = item.OwnerId, WeekOf = weekOf, Rank = item.Rank, OpportunityId = item.OpportunityId, Maturity = item.Maturity,
        ExplanationJson = JsonSerializer.Serialize(item.Explanation), WindowFrom = item.WindowFrom, WindowTo = item.WindowTo, WindowReason = item.WindowReason,
        DeliveredAt = at,
    };
}

internal sealed class ToSignListEntryConfiguration(SalesDbContext db) : IEntityTypeConfiguration<ToSignListEntry>
{
    public void Configure(EntityTypeBuilder<ToSignListEntry> builder)
    {
        builder.ToTable("ToSignListEntries");
        // One list per rep and week: a second delivery of the same week (two timers) hits the index.
        builder.HasIndex(e => new { e.TenantId, e.MemberId, e.WeekOf, e.Rank }).IsUnique();
        builder.Property(e => e.ExplanationJson).HasMaxLength(4000);
        builder.Property(e => e.WindowReason).HasMaxLength(500);
        builder.Ignore(e => e.Explanation);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(e => e.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(entry => entry.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(entry.MemberId)));
    }
}

/// <summary>
/// The weekly to-sign lists on the durable timers: one <see cref="ScheduledTimer"/> per tenant, due on the tenant's
/// configured weekday and hour (Wednesday 09:00 local by default). Firing computes every active rep's list as of the
/// timer's due time, stores it (<see cref="ToSignListEntry"/>), schedules the next week in the same transaction, and
/// announces each rep's list once committed (<see cref="ToSignListReady"/>). A week already delivered is not delivered again.
/// </summary>
public sealed class WeeklyToSignJob : ITimerHandler
{
    public const string Kind = "insights.weekly-to-sign-list";

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        var zone = await MonthlyAttributionJob.ZoneAsync(db, timer.TenantId, cancellationToken);
        var settings = await SettingsAsync(db, cancellationToken);
        var weekOf = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(timer.DueAt, zone));
        var announcements = new List<ToSignListReady>();
        if (!await db.ToSignListEntries.AnyAsync(e => e.WeekOf == weekOf, cancellationToken))
        {
            var reps = db.Members.Where(m => m.Role == MemberRole.Rep && m.Active).Select(m => m.Id);
            var lists = await ToSignLists.ComputeAsync(db, reps, timer.DueAt, settings, zone, cancellationToken);
            foreach (var (memberId, items) in lists)
            {
                db.ToSignListEntries.AddRange(items.Select(item => ToSignListEntry.Of(item, timer.TenantId, weekOf, now)));
                announcements.Add(new ToSignListReady(timer.TenantId, memberId, weekOf, items.Count, now));
            }
        }

        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == Kind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            db.ScheduledTimers.Add(Next(timer.TenantId, NextDue(timer.DueAt.AddMinutes(1), zone, settings)));
        }

        return announcements.Count == 0 ? null : bus => announcements.ForEach(bus.Publish);
    }

    public static async Task<RhythmSettings> SettingsAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        await db.RhythmSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new RhythmSettings { TenantId = db.CurrentTenantId };

    public static ScheduledTimer Next(long tenantId, DateTime dueAt) =>
        new() { TenantId = tenantId, Kind = Kind, SubjectId = tenantId, AnchorAt = dueAt, DueAt = dueAt };

    /// <summary>The first configured weekday and hour (local) at or after <paramref name="utc"/>, as UTC.</summary>
    public static DateTime NextDue(DateTime utc, TimeZoneInfo zone, RhythmSettings settings)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var candidate = local.Date.AddHours(settings.ToSignListHour);
        while (candidate.DayOfWeek != settings.ToSignListWeekday || candidate < local)
        {
            candidate = candidate.AddDays(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(candidate, DateTimeKind.Unspecified), zone);
    }
}

/// <summary>Starts each tenant's weekly chain on start (after the database initializer), as the monthly report's scheduler does.</summary>
public sealed class WeeklyToSignScheduler(ISalesDbContextPool pool, DatabaseOptions database, IOptions<RhythmOptions> options, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!database.MigrateOnStart || !options.Value.ScheduleWeeklyToSignLists)
        {
            return;
        }

        await EnsureScheduledAsync(pool, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <returns>How many tenants got their first weekly timer.</returns>
    public static async Task<int> EnsureScheduledAsync(ISalesDbContextPool pool, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var missing = await db.Tenants
            .Where(t => !db.ScheduledTimers.IgnoreQueryFilters().Any(s => s.TenantId == t.Id && s.Kind == WeeklyToSignJob.Kind && s.FiredAt == null))
            .Select(t => new { t.Id, t.TimeZone })
            .ToListAsync(cancellationToken);
        foreach (var tenant in missing)
        {
            var settings = await db.RhythmSettings.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenant.Id, cancellationToken)
                ?? new RhythmSettings { TenantId = tenant.Id };
            db.ScheduledTimers.Add(WeeklyToSignJob.Next(tenant.Id, WeeklyToSignJob.NextDue(now, ReportingMonths.ZoneOf(tenant.TimeZone), settings)));
        }

        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
