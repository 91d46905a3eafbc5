using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

public sealed class HealthAlertOptions
{
    public const string Section = "HealthAlerts";

    /// <summary>The rolling period judged: [now − Window, now). A week evens out the weekend and a single slow day.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often every tenant is evaluated when nothing happens: leads age out of the window and deadlines pass without events.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a burst of events is gathered before the one evaluation it causes.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Judges every metric of a tenant's tenant, region and team scopes over the rolling window, through the dashboard's own
/// <see cref="ProcessHealthDashboard.ReportAsync"/>, and raises or resolves alerts. Raised once per breach: a scope with an open
/// alert raises no second one (checked first, and refused by the unique open-alert index when two nodes race); resolved
/// when the metric is back at its target. A warning neither raises nor resolves, so a metric hovering at the breach line
/// does not flap.
/// </summary>
public sealed class HealthAlertEvaluator(IOptions<HealthAlertOptions> options, ILogger<HealthAlertEvaluator> logger, ISalesDbContextPool pool) : ITenantEvaluation
{
    /// <summary>The durable timer kind of a tenant's evaluation. Its subject is the timer's tenant, so <c>SubjectId</c> is 0: never a lead's or another row's id.</summary>
    public const string TimerKind = "health.alert-evaluation";

    public HealthAlertOptions Options => options.Value;

    string ITenantEvaluation.TimerKind => TimerKind;

    TimeSpan ITenantEvaluation.Interval => Options.EvaluationInterval;

    TimeSpan ITenantEvaluation.Debounce => Options.Debounce;

    string ITenantEvaluation.Subject => "the health alerts";

    Task ITenantEvaluation.EvaluateAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken) => EvaluateAsync(db, now, cancellationToken);

    /// <summary>
    /// The window judged: exactly <c>Window</c> (seven days) up to now, as the dashboard would show it. Its two partial
    /// days (the first and today) are read raw, once for all scopes; the whole days between come from the roll-ups. A
    /// window cut to start at a midnight would judge six-and-some days, and its verdicts would move with the hour.
    /// </summary>
    public DateTime WindowFrom(DateTime now) => now - options.Value.Window;

    /// <summary>Evaluates the tenant of <paramref name="db"/> at <paramref name="now"/>; journals the changes (published once committed) and returns them.</summary>
    public async Task<List<HealthAlertChanged>> EvaluateAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var from = WindowFrom(now);
        // The days changed since the last evaluation are computed once here, not raw in each of the scopes' reports. Where
        // writers run side by side (PostgreSQL, SQL Server) on a context of its own: each day commits by itself, so two
        // overlapping evaluations do not queue on each other's roll-up rows. SQLite has one writer, which the evaluation's
        // own transaction may already hold, so there it is the same context.
        if (db.Database.IsSqlite())
        {
            await HealthRollupRefresher.RefreshAsync(db, now, cancellationToken);
        }
        else
        {
            await using var rollups = pool.Rent(db.CurrentTenantId);
            await HealthRollupRefresher.RefreshAsync(rollups, now, cancellationToken);
        }

        var open = await db.HealthAlerts.AsNoTracking().Where(a => a.ResolvedAt == null).ToListAsync(cancellationToken);
        var openByKey = open.ToDictionary(a => (a.Metric, a.ScopeKind, a.ScopeId));
        var scopes = await ScopesAsync(db, cancellationToken);
        var figures = await ScopeFigures.MeasureAsync(db, scopes.Where(s => s.TeamId is not null).ToDictionary(s => s.TeamId!.Value, s => s.RegionId!.Value), from, now, cancellationToken);
        var changes = new List<HealthAlertChanged>();
        foreach (var scope in scopes)
        {
            foreach (var metric in ProcessHealthDashboard.Metrics)
            {
                var value = figures.ValueOf(metric, scope.Scope.Kind, scope.Scope.Id);
                var threshold = figures.ThresholdOf(metric, scope.Scope.Kind, scope.Scope.Id, scope.RegionId);
                var direction = ProcessHealthDashboard.DirectionOf(metric);
                var warningLimit = ProcessHealthDashboard.WarningLimit(direction, threshold);
                var status = ProcessHealthDashboard.Judge(value, direction, threshold.Target, warningLimit);
                openByKey.TryGetValue((metric, scope.Scope.Kind, scope.ScopeId), out var alert);
                if (alert is null && status == HealthStatus.Breached)
                {
                    if (await RaiseAsync(db, scope, new Verdict(metric, status, value!.Value, threshold.Target, warningLimit), from, now, cancellationToken) is { } raised)
                    {
                        changes.Add(HealthAlertChanged.Of(raised, HealthAlertChange.Raised, now));
                    }
                }
                else if (alert is not null && status is HealthStatus.Ok or HealthStatus.NoData)
                {
                    // The condition on ResolvedAt makes the resolution once only, whichever node gets there first.
                    var resolved = await db.HealthAlerts.Where(a => a.Id == alert.Id && a.ResolvedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(a => a.ResolvedAt, now).SetProperty(a => a.ResolvedValue, value), cancellationToken);
                    if (resolved == 1)
                    {
                        changes.Add(HealthAlertChanged.Of(alert, HealthAlertChange.Resolved, now));
                    }
                }
            }
        }

        if (changes.Count > 0)
        {
            // Journaled together at the end: a raise refused by the unique index (a save that fails) must not void the others.
            db.Journal(changes);
            await db.SaveChangesAsync(cancellationToken);
        }

        return changes;
    }

    private sealed record Verdict(ProcessMetric Metric, HealthStatus Status, double Value, double Target, double WarningLimit);

    private async Task<HealthAlert?> RaiseAsync(SalesDbContext db, EvaluatedScope scope, Verdict metric, DateTime from, DateTime now, CancellationToken cancellationToken)
    {
        var alert = new HealthAlert
        {
            TenantId = db.CurrentTenantId, Metric = metric.Metric, ScopeKind = scope.Scope.Kind, ScopeId = scope.ScopeId, TeamId = scope.TeamId, RegionId = scope.RegionId,
            Status = metric.Status, Value = metric.Value, Threshold = metric.Target, WarningBelow = metric.WarningLimit,
            WindowFrom = from, WindowTo = now, RaisedAt = now,
        };
        db.HealthAlerts.Add(alert);
        try
        {
            // In a transaction (the timer's), EF saves under a savepoint, so a refused row leaves the rest of the work intact.
            await db.SaveChangesAsync(cancellationToken);
            return alert;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.Entry(alert).State = EntityState.Detached;
            logger.LogDebug("Another node raised the {Metric} alert of {Scope} first", metric.Metric, scope.Scope);
            return null;
        }
    }

    /// <summary>
    /// The tenant, every region and every team: bounded by the org chart, not by the data. Members are not evaluated:
    /// a rep's week is a handful of leads (one late answer swings it by tens of points) and a scope per rep would multiply
    /// the work by the head count; the team's alert and the dashboard's lowest contributors name them instead.
    /// </summary>
    private static async Task<List<EvaluatedScope>> ScopesAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Id).Select(t => new { t.Id, t.RegionId }).ToListAsync(cancellationToken);
        return
        [
            new EvaluatedScope(new HealthScope(HealthScopeKind.Tenant, null), null, null),
            .. regions.Select(id => new EvaluatedScope(new HealthScope(HealthScopeKind.Region, id), null, id)),
            .. teams.Select(t => new EvaluatedScope(new HealthScope(HealthScopeKind.Team, t.Id), t.Id, t.RegionId)),
        ];
    }

    private sealed record EvaluatedScope(HealthScope Scope, long? TeamId, long? RegionId)
    {
        public long ScopeId => Scope.Id ?? HealthAlert.TenantScopeId;
    }
}
