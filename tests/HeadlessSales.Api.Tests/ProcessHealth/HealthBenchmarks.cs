using System.Diagnostics;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>
/// Issue 6's speed goal: the tenant-wide dashboard of a tenant with 200 reps, 100,000 leads and 1,000,000 follow-ups
/// (made by the seed command's own seeder), on SQLite and PostgreSQL, through the public API. Runs with
/// <c>HEADLESSSALES_BENCH=1</c>; <c>HEADLESSSALES_BENCH_LEADS</c> scales it down for a quick look (follow-ups: ten per lead).
/// </summary>
public sealed class HealthBenchmarks(ITestOutputHelper output)
{
    private const int Runs = 20;

    /// <summary>The hand-written SQL is the raw computation's cost, unchanged by the roll-ups: a few runs show it.</summary>
    private const int HandRuns = 3;

    private const string Dashboard = """
        query($period: PeriodInput!) { processHealth(scope: { tenant: true }, period: $period) { metrics { metric value status } } }
        """;

    [BenchFact]
    public async Task TenantWideDashboard_TwoHundredReps_HundredThousandLeads_MillionFollowUps()
    {
        await VolumeTenant.OnEachProviderAsync(VolumeShape.FromEnvironment(), MeasureAsync);
    }

    private async Task MeasureAsync(VolumeTenant volume, string provider)
    {
        var (host, pool, tenantId) = (volume.Host, volume.Pool, volume.TenantId);
        var until = host.Clock.GetUtcNow().UtcDateTime.Date;
        var client = await volume.ClientAsync();
        // The last four weeks, as a director opens it; the previous four weeks come with it.
        var period = new { from = until.AddDays(-28).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), to = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") };

        // Before the roll-ups exist (the seeder bulk-inserts, so no day is computed yet): every figure comes from the raw records.
        var evaluator = host.Services.GetRequiredService<HealthAlertEvaluator>();
        var rawTenant = await MedianAsync(3, () => client.QueryAsync(Dashboard, new { period }));
        var (rawTeam, rawValues) = await TeamDashboardAsync(pool, tenantId, until, host.Clock.GetUtcNow().UtcDateTime, 3);
        var rawEvaluation = await EvaluationAsync(pool, evaluator, tenantId, host.Clock.GetUtcNow().UtcDateTime);
        var rebuildClock = Stopwatch.StartNew();
        int rebuiltDays;
        await using (var db = pool.Rent(tenantId))
        {
            rebuiltDays = await HealthRollupRefresher.RebuildAsync(db, host.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }

        rebuildClock.Stop();
        // The steady state measured: every whole day rolled up, as the refresher leaves it (15 s after a burst of changes,
        // and every 5 minutes). Its job's own entry point runs first, as the timer would; after a rebuild it finds nothing.
        var refresh = host.Services.GetRequiredService<HealthRollupRefresh>();
        await RefreshAsync(pool, refresh, tenantId, host.Clock.GetUtcNow().UtcDateTime);
        var (rolledTeam, rolledValues) = await TeamDashboardAsync(pool, tenantId, until, host.Clock.GetUtcNow().UtcDateTime, Runs);
        Assert.Equal(rawValues, rolledValues);

        // Just after a burst, before the refresher has run: the last three whole days of every metric pending (what writes
        // on those days leave behind), so the dashboard reads them raw. Same values; then the refresher clears them.
        await using (var db = pool.Rent(tenantId))
        {
            foreach (var metric in HealthRollups.Kept)
            {
                for (var day = until.AddDays(-3); day < until; day = day.AddDays(1))
                {
                    db.Add(new HealthRollupInvalidation { TenantId = tenantId, Metric = metric, Day = day });
                }
            }

            await db.SaveChangesAsync();
        }

        var (staleTeam, staleValues) = await TeamDashboardAsync(pool, tenantId, until, host.Clock.GetUtcNow().UtcDateTime, 5);
        Assert.Equal(rawValues, staleValues);
        var refreshedDays = await RefreshAsync(pool, refresh, tenantId, host.Clock.GetUtcNow().UtcDateTime);
        var rolledEvaluation = await EvaluationAsync(pool, evaluator, tenantId, host.Clock.GetUtcNow().UtcDateTime);
        output.WriteLine($"{provider}: {await RolledUpProfileAsync(pool, tenantId, until, host.Clock.GetUtcNow().UtcDateTime)}");
        output.WriteLine($"{provider}: roll-ups rebuilt from the raw records in {rebuildClock.Elapsed.TotalSeconds:F1} s ({rebuiltDays} metric-days); "
            + $"tenant-wide dashboard from raw records p50 {rawTenant:F0} ms (3 runs); a team's dashboard (ReportAsync in-process) raw {rawTeam:F0} ms (3 runs) → roll-ups, every whole day refreshed, {rolledTeam:F0} ms (p50 of {Runs}); "
            + $"just after a burst (last 3 days of every metric pending, read raw) {staleTeam:F0} ms (p50 of 5), refresher's pass after it {refreshedDays.Elapsed.TotalMilliseconds:F0} ms ({refreshedDays.Days} metric-days); values equal in all three states; "
            + $"alert evaluation of the tenant, every region and team: raw {rawEvaluation:F0} ms → roll-ups {rolledEvaluation:F0} ms");
        var timings = new List<double>();
        for (var run = -3; run < Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var data = await client.QueryAsync(Dashboard, new { period });
            clock.Stop();
            Assert.NotEmpty(data["processHealth"]!["metrics"]!.AsArray());
            if (run >= 0)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        // Where the time goes: each metric's own query (or queries), period only, median of five.
        await using (var db = pool.Rent(tenantId))
        {
            var (from, to, now) = (until.AddDays(-28), until, host.Clock.GetUtcNow().UtcDateTime);
            var settings = await ProcessHealthDashboard.SettingsAsync(db, CancellationToken.None);
            var required = await ProcessHealthDashboard.RequiredTagCodesAsync(db, settings, CancellationToken.None);
            var tenant = new HealthScope(HealthScopeKind.Tenant, null);
            var perMetric = new (string Name, Func<Task> Run)[]
            {
                ("assignment", () => ProcessMetricEngine.AssignmentRateAsync(db, tenant, from, to, now, CancellationToken.None)),
                ("response", () => ProcessMetricEngine.ResponseRateAsync(db, tenant, from, to, now, CancellationToken.None)),
                ("follow-up", () => ProcessMetricEngine.FollowUpRateAsync(db, tenant, from, to, now, settings.FollowUpWindowDays, CancellationToken.None)),
                ("dwell", () => ProcessMetricEngine.StageDwellAsync(db, tenant, from, to, true, CancellationToken.None)),
                ("tags", () => ProcessMetricEngine.TagCoverageAsync(db, tenant, from, to, required, CancellationToken.None)),
                ("video", () => ProcessMetricEngine.VideoDemoFrequencyAsync(db, tenant, from, to, now, CancellationToken.None)),
            };
            var parts = new List<string>();
            foreach (var (name, run) in perMetric)
            {
                var samples = new List<double>();
                for (var i = 0; i < 5; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await run();
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }

                samples.Sort();
                parts.Add($"{name} {samples[2]:F0}");
            }

            output.WriteLine($"{provider}: one period per metric, median of 5, ms: {string.Join(", ", parts)}");
        }

        // The same six tenant-wide figures written by hand in SQL, for the period and the previous one as the dashboard does.
        var handTimings = new List<double>();
        HandWrittenMetrics? hand = null;
        await using (var db = pool.RentAcrossTenants())
        {
            var connection = db.Database.GetDbConnection();
            var (from, to, now) = (until.AddDays(-28), until, host.Clock.GetUtcNow().UtcDateTime);
            for (var run = -1; run < HandRuns; run++)
            {
                var clock = Stopwatch.StartNew();
                hand = await HandWrittenMetricSql.MeasureAsync(connection, tenantId, from, to, now);
                await HandWrittenMetricSql.MeasureAsync(connection, tenantId, from.AddDays(-28), from, now);
                clock.Stop();
                if (run >= 0)
                {
                    handTimings.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }

        var shown = (await client.QueryAsync(Dashboard, new { period }))["processHealth"]!["metrics"]!.AsArray()
            .ToDictionary(m => m!["metric"]!.GetValue<string>(), m => m!["value"]?.GetValue<double>());
        output.WriteLine($"{provider}: values, dashboard vs hand-written: assignment {shown["ASSIGNMENT_RATE"]:F4}/{hand!.AssignmentRate:F4}, "
            + $"response {shown["RESPONSE_RATE"]:F4}/{hand.ResponseRate:F4}, follow-up {shown["FOLLOW_UP_RATE"]:F4}/{hand.FollowUpRate:F4}, "
            + $"dwell {shown["STAGE_DWELL"]:F2}/{hand.StageDwellMedianDays:F2} days, tags {shown["TAG_COVERAGE"]:F4}/{hand.TagCoverage:F4}, "
            + $"video demos {shown["VIDEO_DEMO_FREQUENCY"]:F3}/{hand.VideoDemoFrequency:F3} per rep-week");

        timings.Sort();
        handTimings.Sort();
        output.WriteLine($"{provider}: {volume.Shape.Leads:N0} leads, {volume.Shape.Leads * 10:N0} follow-ups, 200 reps ({volume.SeedingNote}): "
            + $"tenant-wide processHealth over 4 weeks p50 {timings[Runs / 2]:F0} ms, max {timings[^1]:F0} ms of {Runs}; "
            + $"the same figures by hand-written SQL p50 {handTimings[HandRuns / 2]:F0} ms, max {handTimings[^1]:F0} ms (ratio {timings[Runs / 2] / handTimings[HandRuns / 2]:F2}x; load average {LeadBenchmarks.LoadAverage()})");

        // The monthly attribution report of the same tenant (Features/Insights, not read from the roll-ups): the last four
        // weeks, on demand. Last, so that its time cannot hold back the dashboard's figures.
        var reportClock = Stopwatch.StartNew();
        try
        {
            var report = await client.QueryAsync("""
                mutation($period: PeriodInput!) { generateAttributionReport(input: { period: $period, scope: { tenant: true } }) {
                  attributionReport { status rankedRepCount findings { textEn } } errors { __typename } } }
                """, new { period });
            var generated = report["generateAttributionReport"]!["attributionReport"]!;
            Assert.Equal("COMPLETED", generated["status"]!.GetValue<string>());
            output.WriteLine($"{provider}: attribution report over 4 weeks, {generated["rankedRepCount"]} reps ranked, generated in {reportClock.Elapsed.TotalMilliseconds:F0} ms; "
                + $"first finding: {generated["findings"]!.AsArray().FirstOrDefault()?["textEn"]}");
        }
        catch (TaskCanceledException)
        {
            output.WriteLine($"{provider}: attribution report over 4 weeks not generated within the client's {reportClock.Elapsed.TotalSeconds:F0} s (load average {LeadBenchmarks.LoadAverage()})");
        }
    }

    private static async Task<double> MedianAsync(int runs, Func<Task> run)
    {
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return samples[runs / 2];
    }

    /// <summary>The first team's dashboard over the same four weeks: its p50, and the values with each contributor's counts.</summary>
    private static async Task<(double P50, List<string> Values)> TeamDashboardAsync(ISalesDbContextPool pool, long tenantId, DateTime until, DateTime now, int runs)
    {
        await using var db = pool.Rent(tenantId);
        var team = new HealthScope(HealthScopeKind.Team, await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        ProcessHealthReport? report = null;
        var p50 = await MedianAsync(runs, async () => report = await ProcessHealthDashboard.ReportAsync(db, team, until.AddDays(-28), until, now, CancellationToken.None));
        var values = report!.Metrics.SelectMany(m => new[] { $"{m.Metric} {m.Value:R} {m.PreviousValue:R} {m.Current.Total}/{m.Current.Met}" }
            .Concat(m.Current.ByGroup.Select(g => $"  {g.GroupId} {g.Total}/{g.Met} {g.Value:G12}").Order(StringComparer.Ordinal))).ToList();
        return (p50, values);
    }

    /// <summary>
    /// Where a rolled-up dashboard's time goes: the coverage look-up, then each metric's read for one period, tenant-wide
    /// and for the first team (median of five each). Whole days come from the roll-ups; the ranges they leave raw are listed.
    /// </summary>
    private static async Task<string> RolledUpProfileAsync(ISalesDbContextPool pool, long tenantId, DateTime until, DateTime now)
    {
        await using var db = pool.Rent(tenantId);
        var (from, to) = (until.AddDays(-28), until);
        var settings = await RollupSettings.OfAsync(db, CancellationToken.None);
        var team = new HealthScope(HealthScopeKind.Team, await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        var tenant = new HealthScope(HealthScopeKind.Tenant, null);
        RollupCoverage? coverage = null;
        var parts = new List<string> { $"coverage {await MedianAsync(5, async () => coverage = await HealthRollups.CoverageAsync(db, settings, from.AddDays(-28), to, CancellationToken.None)):F0}" };
        foreach (var metric in ProcessHealthDashboard.Metrics)
        {
            var times = new List<string>();
            foreach (var scope in new[] { tenant, team })
            {
                times.Add($"{await MedianAsync(5, () => metric == ProcessMetric.StageDwell
                    ? HealthDwell.MeasureAsync(db, coverage!, scope, from, to, true, CancellationToken.None)
                    : HealthRollups.MeasureAsync(db, coverage!, metric, scope, from, to, now, settings, CancellationToken.None)):F0}");
            }

            var raw = coverage!.Plan(metric, from, to).Raw;
            parts.Add($"{metric} {string.Join("/", times)}{(raw.Count == 0 ? "" : $" (raw: {string.Join(", ", raw.Select(r => $"{r.From:MM-dd HH:mm}–{r.To:MM-dd HH:mm}"))})")}");
        }

        return $"rolled-up reads, one period, ms tenant/team, median of 5: {string.Join("; ", parts)}";
    }

    /// <summary>The refresher's job entry point (what its timer runs), timed, with how many metric-days were left pending before it.</summary>
    private static async Task<(TimeSpan Elapsed, int Days)> RefreshAsync(ISalesDbContextPool pool, HealthRollupRefresh refresh, long tenantId, DateTime now)
    {
        await using var db = pool.Rent(tenantId);
        var pending = await db.HealthRollupInvalidations.Select(i => new { i.Metric, i.Day }).Distinct().CountAsync();
        var clock = Stopwatch.StartNew();
        await refresh.EvaluateAsync(db, now, CancellationToken.None);
        Assert.Equal(0, await db.HealthRollupInvalidations.CountAsync());
        return (clock.Elapsed, pending);
    }

    private static async Task<double> EvaluationAsync(ISalesDbContextPool pool, HealthAlertEvaluator evaluator, long tenantId, DateTime now)
    {
        await using var db = pool.Rent(tenantId);
        var clock = Stopwatch.StartNew();
        await evaluator.EvaluateAsync(db, now, CancellationToken.None);
        return clock.Elapsed.TotalMilliseconds;
    }
}
