using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Enablement;

public enum CaseObligationStatus
{
    /// <summary>No case yet, and the due date has not passed.</summary>
    Open,

    /// <summary>A case answers it and awaits (or went back from) review.</summary>
    Submitted,

    /// <summary>The case that answers it was approved.</summary>
    Fulfilled,

    /// <summary>Past its due date and not fulfilled.</summary>
    Overdue,
}

/// <summary>
/// A top rep of a month owes one complete won case for it: due on the tenant's due day of the next month (or its end),
/// months and days being the tenant's (its time zone, as <see cref="ReportingMonths"/> counts them).
/// The first case the rep submits while it is open answers it; it is fulfilled when the quality team approves that case
/// (a returned case is not yet complete). A reminder lands on it some days before the due date.
/// </summary>
public sealed class CaseObligation : ITenantOwned
{
    public const string ReminderText = "本月的赢单案例尚未完成，请在截止日前提交。";

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    /// <summary>The month (in the tenant's time zone) the rep ranked in, as <c>yyyy-MM</c>.</summary>
    public required string Month { get; init; }

    /// <summary>1 for the month's best rep.</summary>
    public int Rank { get; init; }

    /// <summary>Won deals in the month that ranked the rep.</summary>
    public int Wins { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime DueAt { get; init; }

    public long? CaseId { get; private set; }

    public DateTime? RemindedAt { get; private set; }

    public DateTime? FulfilledAt { get; private set; }

    public CaseObligationStatus StatusAt(DateTime now) =>
        FulfilledAt is not null ? CaseObligationStatus.Fulfilled
        : now >= DueAt ? CaseObligationStatus.Overdue
        : CaseId is not null ? CaseObligationStatus.Submitted
        : CaseObligationStatus.Open;

    public void Answer(long caseId) => CaseId ??= caseId;

    public void Fulfil(DateTime at) => FulfilledAt ??= at;

    /// <returns>Whether a reminder was due: not once it is fulfilled, and only once.</returns>
    public bool Remind(DateTime at)
    {
        if (FulfilledAt is not null || RemindedAt is not null)
        {
            return false;
        }

        RemindedAt = at;
        return true;
    }
}

internal sealed class CaseObligationConfiguration(SalesDbContext db) : IEntityTypeConfiguration<CaseObligation>
{
    public void Configure(EntityTypeBuilder<CaseObligation> builder)
    {
        builder.ToTable("CaseObligations");
        builder.HasIndex(o => new { o.TenantId, o.MemberId, o.Month }).IsUnique();
        builder.HasIndex(o => new { o.TenantId, o.CaseId });
        builder.Property(o => o.Month).HasMaxLength(7);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(o => o.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(o => o.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WonCase>().WithMany().HasForeignKey(o => o.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(o => o.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(o.MemberId)));
    }
}

public sealed record RepWins(long MemberId, int Wins);

/// <summary>
/// Who owes a case: the month's top reps by won deals, the figure attribution ranks by on its OPPORTUNITY_WON basis,
/// counted here per opportunity owner (Insights depends on Enablement, so the report cannot be read from here).
/// </summary>
public static class CaseObligations
{
    /// <summary>
    /// Active reps with at least one opportunity that entered its pipeline's last stage in [from, to), by wins (ties: the
    /// older member first), cut to the tenant's top count or top share (rounded down, at least one). One GROUP BY query.
    /// </summary>
    public static async Task<List<RepWins>> TopRepsAsync(SalesDbContext db, ContributionSettings settings, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var reps = db.Members.Where(m => m.Role == MemberRole.Rep && m.Active).Select(m => m.Id);
        var wins = await db.Set<Opportunity>()
            .Where(o => reps.Contains(o.OwnerId) && db.Set<OpportunityStageEntry>().Any(e => e.OpportunityId == o.Id && e.EnteredAt >= from && e.EnteredAt < to
                && e.StageId == db.Set<PipelineStage>().Where(s => s.PipelineId == o.PipelineId).OrderByDescending(s => s.Position).Select(s => s.Id).FirstOrDefault()))
            .GroupBy(o => o.OwnerId)
            .Select(g => new RepWins(g.Key, g.Count()))
            .ToListAsync(cancellationToken);
        var ranked = wins.OrderByDescending(w => w.Wins).ThenBy(w => w.MemberId).ToList();
        var take = settings.ObligationTopCount ?? Math.Max(1, (int)Math.Floor(ranked.Count * settings.ObligationTopShare + 1e-9));
        return ranked.Take(take).ToList();
    }

    /// <summary>
    /// The due date of the case for the month that ends at <paramref name="firstUtc"/> (local midnight on the 1st): local
    /// midnight starting the due day of that next month, or ending that month.
    /// </summary>
    public static DateTime DueAt(DateTime firstUtc, ContributionSettings settings, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(firstUtc, zone);
        var first = new DateTime(local.Year, local.Month, 1);
        return ReportingMonths.ToUtc(settings.ObligationDueDay is { } day ? first.AddDays(day - 1) : first.AddMonths(1), zone);
    }

    /// <summary>A case just submitted answers the author's earliest open obligation that has none.</summary>
    public static async Task AnswerAsync(SalesDbContext db, WonCase wonCase, CancellationToken cancellationToken)
    {
        var open = await db.CaseObligations.IgnoreQueryFilters()
            .Where(o => o.TenantId == wonCase.TenantId && o.MemberId == wonCase.AuthorId && o.CaseId == null && o.FulfilledAt == null)
            .OrderBy(o => o.DueAt).FirstOrDefaultAsync(cancellationToken);
        open?.Answer(wonCase.Id);
    }

    /// <summary>An approved case fulfils the obligation it answers.</summary>
    public static async Task FulfilAsync(SalesDbContext db, WonCase wonCase, DateTime at, CancellationToken cancellationToken)
    {
        var answered = await db.CaseObligations.IgnoreQueryFilters()
            .FirstOrDefaultAsync(o => o.TenantId == wonCase.TenantId && o.CaseId == wonCase.Id, cancellationToken);
        answered?.Fulfil(at);
    }
}

/// <summary>
/// On the durable timers: at local midnight on the 1st of each month (the tenant's time zone) a tenant's top reps of the month before get their obligations,
/// each with a reminder timer, and the next month's timer is written in the same transaction. The unique (member, month)
/// index and the check below make a duplicate timer (two nodes starting at once) add nothing.
/// </summary>
public sealed class CaseObligationJob : ITimerHandler
{
    public const string Kind = "enablement.case-obligations";
    public const string ReminderKind = "enablement.case-obligation-reminder";

    public IReadOnlyCollection<string> Kinds { get; } = [Kind, ReminderKind];

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        if (timer.Kind == ReminderKind)
        {
            // The subject is the member; the anchor is the obligation's due date (its key is not known when the timer is written).
            var obligation = await db.CaseObligations.FirstOrDefaultAsync(o => o.MemberId == timer.SubjectId && o.DueAt == timer.AnchorAt, cancellationToken);
            obligation?.Remind(now);
            return null;
        }

        var zone = ReportingMonths.ZoneOf(await db.Tenants.Where(t => t.Id == timer.TenantId).Select(t => t.TimeZone).SingleAsync(cancellationToken));
        // The local 1st nearest the timer: a timer written while months were UTC (midnight UTC) still ends the month it meant.
        var first = ReportingMonths.NextFirst(timer.DueAt.AddDays(-15), zone);
        var (from, to, month) = ReportingMonths.MonthBefore(first, zone);
        if (!await db.CaseObligations.AnyAsync(o => o.Month == month, cancellationToken))
        {
            var settings = await ContributionLedger.SettingsAsync(db, timer.TenantId, cancellationToken);
            var dueAt = CaseObligations.DueAt(first, settings, zone);
            var remindAt = dueAt.AddDays(-settings.ObligationReminderDays);
            var top = await CaseObligations.TopRepsAsync(db, settings, from, to, cancellationToken);
            foreach (var (rep, rank) in top.Select((rep, index) => (rep, index + 1)))
            {
                db.CaseObligations.Add(new CaseObligation { TenantId = timer.TenantId, MemberId = rep.MemberId, Month = month, Rank = rank, Wins = rep.Wins, CreatedAt = now, DueAt = dueAt });
                db.ScheduledTimers.Add(new ScheduledTimer
                {
                    TenantId = timer.TenantId, Kind = ReminderKind, SubjectId = rep.MemberId, AnchorAt = dueAt, DueAt = remindAt < now ? now : remindAt,
                });
            }
        }

        if (!await db.ScheduledTimers.AnyAsync(t => t.Kind == Kind && t.FiredAt == null && t.Id != timer.Id, cancellationToken))
        {
            db.ScheduledTimers.Add(Next(timer.TenantId, ReportingMonths.NextFirst(first, zone)));
        }

        return null;
    }

    public static ScheduledTimer Next(long tenantId, DateTime dueAt) =>
        new() { TenantId = tenantId, Kind = Kind, SubjectId = tenantId, AnchorAt = dueAt, DueAt = dueAt };
}

public sealed class CaseObligationOptions
{
    public const string Section = "Enablement";

    /// <summary>Whether each tenant's monthly obligation chain is started. Test hosts that move their clock switch it off.</summary>
    public bool ScheduleCaseObligations { get; set; } = true;
}

/// <summary>Starts each tenant's monthly obligation chain on start (after the database initializer).</summary>
public sealed class CaseObligationScheduler(ISalesDbContextPool pool, DatabaseOptions database, Microsoft.Extensions.Options.IOptions<CaseObligationOptions> options, TimeProvider clock)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.MigrateOnStart && options.Value.ScheduleCaseObligations)
        {
            await EnsureScheduledAsync(pool, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
    }

    /// <returns>How many tenants got their first monthly timer.</returns>
    public static async Task<int> EnsureScheduledAsync(ISalesDbContextPool pool, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var missing = await db.Tenants
            .Where(t => !db.ScheduledTimers.IgnoreQueryFilters().Any(s => s.TenantId == t.Id && s.Kind == CaseObligationJob.Kind && s.FiredAt == null))
            .Select(t => new { t.Id, t.TimeZone })
            .ToListAsync(cancellationToken);
        foreach (var tenant in missing)
        {
            db.ScheduledTimers.Add(CaseObligationJob.Next(tenant.Id, ReportingMonths.NextFirst(now, ReportingMonths.ZoneOf(tenant.TimeZone))));
        }

        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
