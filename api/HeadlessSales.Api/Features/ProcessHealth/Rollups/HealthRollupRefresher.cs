using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Rollups;

/// <summary>
/// Computes a tenant's roll-ups from the raw records: every day with a pending change, without rows, or computed with
/// other settings. Idempotent (a day's rows are replaced whole) and safe beside writers: each day is computed in a
/// transaction that deletes only the invalidations it read before computing, so a change committed meanwhile leaves
/// its invalidation behind and the day is computed again on the next pass.
/// </summary>
public static class HealthRollupRefresher
{
    /// <summary>
    /// Computes the days with a pending change, those computed with other settings (a changed follow-up window or
    /// required tags), and the days not yet computed since the first computed one up to today (quiet days, a new day).
    /// A tenant never rebuilt is left to <see cref="RebuildAsync"/>: the reader takes its days from the raw records.
    /// </summary>
    /// <returns>How many (metric, day) roll-ups were computed.</returns>
    public static async Task<int> RefreshAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken) =>
        await ComputeAsync(db, now, rebuild: false, cancellationToken);

    /// <summary>Forgets every roll-up of the tenant and computes every day from the first holding data up to today from the raw records.</summary>
    public static async Task<int> RebuildAsync(SalesDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        await db.HealthRollupRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
        await db.HealthDwellRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
        await db.HealthRollupDays.IgnoreQueryFilters().Where(d => d.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
        return await ComputeAsync(db, now, rebuild: true, cancellationToken);
    }

    private static async Task<int> ComputeAsync(SalesDbContext db, DateTime now, bool rebuild, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var settings = await RollupSettings.OfAsync(db, cancellationToken);
        var computedCount = 0;
        foreach (var metric in HealthRollups.Kept)
        {
            var variant = settings.VariantOf(metric);
            var pending = await db.HealthRollupInvalidations.IgnoreQueryFilters().Where(i => i.TenantId == tenantId && i.Metric == metric)
                .Select(i => new { i.Id, i.Day }).ToListAsync(cancellationToken);
            var days = new SortedSet<DateTime>(pending.Select(p => p.Day).Where(d => d != HealthRollupInvalidation.AllDays));
            var everything = pending.Where(p => p.Day == HealthRollupInvalidation.AllDays).Select(p => p.Id).ToList();
            var marks = await db.HealthRollupDays.IgnoreQueryFilters().Where(d => d.TenantId == tenantId && d.Metric == metric)
                .Select(d => new { d.Day, d.Variant }).ToListAsync(cancellationToken);
            // Every computed day is to be computed again (the sentinel goes only once they are all in the list), and those
            // computed with other settings.
            days.UnionWith(marks.Where(m => everything.Count > 0 || m.Variant != variant).Select(m => m.Day));
            if (rebuild)
            {
                days.UnionWith(await DataDaysAsync(db, metric, cancellationToken));
                days.Add(HealthRollups.FloorDay(now));
            }

            // Quiet days (no lead created, nothing logged) hold no rows, but a day never computed is read raw by every
            // dashboard that spans it. Computing them too (no rows, one mark) lets whole periods come from the roll-ups; a
            // later change on such a day invalidates it as on any other. The refresher fills the gaps after the first
            // computed day (a day passing without a write, today); a tenant never rebuilt stays raw as before.
            var computed = marks.Select(m => m.Day).ToHashSet();
            ISet<DateTime> from = rebuild ? days : computed;
            if (from.Count > 0)
            {
                for (var day = from.Min(); day <= HealthRollups.FloorDay(now); day = day.AddDays(1))
                {
                    if (!computed.Contains(day))
                    {
                        days.Add(day);
                    }
                }
            }

            foreach (var day in days)
            {
                if (await ComputeDayAsync(db, metric, day, settings, variant, now, cancellationToken))
                {
                    computedCount++;
                }
            }

            if (everything.Count > 0)
            {
                await db.HealthRollupInvalidations.IgnoreQueryFilters().Where(i => everything.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
            }
        }

        return computedCount;
    }

    /// <summary>The UTC days holding anything the metric counts (the database truncates each instant to its date).</summary>
    private static async Task<List<DateTime>> DataDaysAsync(SalesDbContext db, ProcessMetric metric, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var leads = db.Leads.IgnoreQueryFilters().Where(l => l.TenantId == tenantId).Select(l => l.CreatedAt.Date);
        var days = metric switch
        {
            ProcessMetric.AssignmentRate => leads,
            ProcessMetric.ResponseRate => db.ScheduledTimers.IgnoreQueryFilters()
                .Where(t => t.TenantId == tenantId && t.Kind == LeadSopTimerHandler.FirstResponseDeadline && t.AnchorAt != null).Select(t => t.AnchorAt!.Value.Date),
            ProcessMetric.FollowUpRate => leads.Concat(db.Opportunities.IgnoreQueryFilters().Where(o => o.TenantId == tenantId).Select(o => o.CreatedAt.Date)),
            ProcessMetric.StageDwell => db.OpportunityStageEntries.IgnoreQueryFilters().Where(e => e.TenantId == tenantId && e.LeftAt != null).Select(e => e.LeftAt!.Value.Date),
            ProcessMetric.TagCoverage => db.Activities.IgnoreQueryFilters().Where(a => a.TenantId == tenantId).Select(a => a.OccurredAt.Date),
            _ => db.Activities.IgnoreQueryFilters().Where(a => a.TenantId == tenantId && a.Kind == ActivityKind.VideoDemo).Select(a => a.OccurredAt.Date),
        };
        return (await days.Distinct().ToListAsync(cancellationToken)).Select(HealthRollups.FloorDay).ToList();
    }

    private static async Task<bool> ComputeDayAsync(SalesDbContext db, ProcessMetric metric, DateTime day, RollupSettings settings, string variant, DateTime now, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        // Inside a caller's transaction (the alert evaluation's timer) the day commits with it; EF saves under a savepoint there.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var consumed = await db.HealthRollupInvalidations.IgnoreQueryFilters().Where(i => i.TenantId == tenantId && i.Metric == metric && i.Day == day)
                .Select(i => i.Id).ToListAsync(cancellationToken);
            if (metric == ProcessMetric.StageDwell)
            {
                var stays = await DwellRowsOfDayAsync(db, day, cancellationToken);
                await db.HealthDwellRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.Day == day).ExecuteDeleteAsync(cancellationToken);
                db.AddRange(stays);
            }
            else
            {
                var rows = await RowsOfDayAsync(db, metric, day, settings, cancellationToken);
                await db.HealthRollupRows.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.Metric == metric && r.Day == day).ExecuteDeleteAsync(cancellationToken);
                db.AddRange(rows);
            }

            await db.HealthRollupDays.IgnoreQueryFilters().Where(d => d.TenantId == tenantId && d.Metric == metric && d.Day == day).ExecuteDeleteAsync(cancellationToken);
            db.Add(new HealthRollupDay { TenantId = tenantId, Metric = metric, Day = day, Variant = variant, ComputedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            if (consumed.Count > 0)
            {
                await db.HealthRollupInvalidations.IgnoreQueryFilters().Where(i => consumed.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Another node computed the same day at the same moment; its rows stand.
            if (transaction is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The stays that ended on a day, one row per (stage, owner, team, exact length), from the engine's own stay query.</summary>
    public static async Task<List<HealthDwellRow>> DwellRowsOfDayAsync(SalesDbContext db, DateTime day, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var groups = await ProcessMetricEngine.StayLengths(db, new HealthScope(HealthScopeKind.Tenant, null), day, day.AddDays(1))
            .GroupBy(s => new { s.StageId, s.MemberId, s.TeamId, s.Seconds })
            .Select(g => new { g.Key.StageId, g.Key.MemberId, g.Key.TeamId, g.Key.Seconds, Stays = g.Count() })
            .ToListAsync(cancellationToken);
        return groups.Select(g => new HealthDwellRow
        {
            TenantId = tenantId, Day = day, StageId = g.StageId, MemberId = g.MemberId, TeamId = g.TeamId, Seconds = g.Seconds, Bucket = DwellBuckets.Of(g.Seconds), Stays = g.Stays,
        }).ToList();
    }

    /// <summary>One day's rows of a metric, straight from the engine's own case definitions, so they agree with the raw computation by construction.</summary>
    public static async Task<List<HealthRollupRow>> RowsOfDayAsync(SalesDbContext db, ProcessMetric metric, DateTime day, RollupSettings settings, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var (from, to) = (day, day.AddDays(1));
        switch (metric)
        {
            case ProcessMetric.AssignmentRate or ProcessMetric.ResponseRate or ProcessMetric.FollowUpRate:
                var cases = metric switch
                {
                    ProcessMetric.AssignmentRate => ProcessMetricEngine.AssignmentCases(db, from, to),
                    ProcessMetric.ResponseRate => ProcessMetricEngine.ResponseCases(db, from, to),
                    _ => ProcessMetricEngine.FollowUpCases(db, from, to, settings.FollowUpWindowDays),
                };
                var groups = await cases
                    .Select(c => new { c.MemberId, c.TeamId, c.Met, DecidesAt = c.Met ? null : c.DueAt })
                    .GroupBy(c => new { c.MemberId, c.TeamId, c.DecidesAt })
                    .Select(g => new { g.Key.MemberId, g.Key.TeamId, g.Key.DecidesAt, Cases = g.Count(), Met = g.Sum(c => c.Met ? 1 : 0) })
                    .ToListAsync(cancellationToken);
                return groups.Select(g => Row(metric, day, g.MemberId, g.TeamId, g.DecidesAt, g.Cases, g.Met)).ToList();
            case ProcessMetric.TagCoverage:
                var required = settings.RequiredTagCodes.ToList();
                var totals = await db.Activities.IgnoreQueryFilters().Where(a => a.TenantId == tenantId && a.OccurredAt >= from && a.OccurredAt < to)
                    .GroupBy(a => new { a.MemberId, a.TeamId })
                    .Select(g => new { g.Key.MemberId, g.Key.TeamId, Count = g.Count() })
                    .ToListAsync(cancellationToken);
                var met = required.Count == 0 ? [] : await db.ActivityTagLinks.IgnoreQueryFilters()
                    .Where(l => l.TenantId == tenantId && l.OccurredAt >= from && l.OccurredAt < to && required.Contains(l.TagCode))
                    .GroupBy(l => new { l.MemberId, l.TeamId })
                    .Select(g => new { g.Key.MemberId, g.Key.TeamId, Count = g.Select(l => l.ActivityId).Distinct().Count() })
                    .ToListAsync(cancellationToken);
                return totals.Select(t => Row(metric, day, t.MemberId, t.TeamId, null, t.Count,
                    met.FirstOrDefault(m => m.MemberId == t.MemberId && m.TeamId == t.TeamId)?.Count ?? 0)).ToList();
            case ProcessMetric.VideoDemoFrequency:
                var demos = await HealthRollups.DemosByMember(db, from, to).ToListAsync(cancellationToken);
                return demos.Select(d => Row(metric, day, d.MemberId, null, null, d.Demos, 0)).ToList();
            default:
                throw new ArgumentOutOfRangeException(nameof(metric));
        }

        HealthRollupRow Row(ProcessMetric m, DateTime d, long? memberId, long? teamId, DateTime? decidesAt, int count, int metCount) =>
            new() { TenantId = tenantId, Metric = m, Day = d, MemberId = memberId, TeamId = teamId, DecidesAt = decidesAt, Cases = count, Met = metCount };
    }
}
