using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

public sealed class HealthRollupRefreshOptions
{
    public const string Section = "HealthRollups";

    /// <summary>The longest a changed day waits for its roll-up when no event announces the change (the durable schedule).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a burst of changes is gathered before the one refresh it causes.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Keeps a tenant's roll-ups current between alert evaluations, so that a dashboard reads days changed since then from
/// the roll-ups instead of raw: after a burst of changes (debounced) and on a durable schedule that fires once across
/// nodes. The invalidations it consumes are durable rows written with each change, so a crash loses no work, and
/// recomputing a day is idempotent, so two nodes refreshing after the same burst only repeat work.
/// </summary>
public sealed class HealthRollupRefresh(IOptions<HealthRollupRefreshOptions> options, ISalesDbContextPool pool) : ITenantEvaluation
{
    public const string TimerKind = "health.rollup-refresh";

    string ITenantEvaluation.TimerKind => TimerKind;

    TimeSpan ITenantEvaluation.Interval => options.Value.RefreshInterval;

    TimeSpan ITenantEvaluation.Debounce => options.Value.Debounce;

    string ITenantEvaluation.Subject => "the health roll-ups";

    public async Task EvaluateAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        // As in the alert evaluation: where writers run side by side, each day commits on a context of its own instead of
        // inside the timer's transaction; SQLite's one writer may already be the timer's, so there it is the same context.
        if (db.Database.IsSqlite())
        {
            await HealthRollupRefresher.RefreshAsync(db, now, cancellationToken);
            return;
        }

        await using var rollups = pool.Rent(db.CurrentTenantId);
        await HealthRollupRefresher.RefreshAsync(rollups, now, cancellationToken);
    }
}

public sealed class HealthRollupRefreshTimerHandler(HealthRollupRefresh refresh) : TenantEvaluationTimerHandler(refresh);

/// <summary>Refreshes a tenant's roll-ups soon after the changes that move them are announced.</summary>
public sealed class HealthRollupRefreshTrigger(
    ISalesDbContextPool pool, IEventBus events, HealthRollupRefresh refresh, TimeProvider clock, ILogger<HealthRollupRefreshTrigger> logger)
    : TenantEvaluationTrigger(pool, events, refresh, clock, logger)
{
    protected override void ListenToTriggers()
    {
        Listen<LeadAssigned>();
        Listen<LeadFirstResponseRecorded>();
        Listen<FollowUpLogged>();
        Listen<OpportunityStageChanged>();
    }
}
