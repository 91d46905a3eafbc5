using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>
/// The dashboard's tenant-wide figures equal those of <see cref="HandWrittenMetricSql"/>, on the hand-built rows of
/// <see cref="ProcessMetricsFixture"/> and on the demo tenant's own recent data, on SQLite and on PostgreSQL.
/// </summary>
public sealed class HandWrittenSqlAgreementTests(ProcessMetricsFixture api) : IClassFixture<ProcessMetricsFixture>
{
    private static readonly DateTime Now = new(2026, 11, 27, 1, 30, 0, DateTimeKind.Utc);

    [Fact]
    public async Task OnSqlite_HandWrittenSqlAgreesWithTheDashboard() => await AgreeAsync(api.Services, api.TenantId);

    [PostgresFact]
    public async Task OnPostgreSql_HandWrittenSqlAgreesWithTheDashboard()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var host = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var data = await HandBuiltHealthData.SeedAsync(host.Services);
        await AgreeAsync(host.Services, data.TenantId);
    }

    private static async Task AgreeAsync(IServiceProvider services, long tenantId)
    {
        await using var db = services.GetRequiredService<ISalesDbContextPool>().Rent(tenantId);
        // The dashboard reads the roll-ups of every day holding data (and the raw records of partial days): compare those.
        Assert.True(await HealthRollupRefresher.RebuildAsync(db, Now, CancellationToken.None) > 0);

        // The hand-built week, tenant-wide (nothing else in the tenant is that old), worked out from the fixture's list:
        // 30分钟分配率 FL1, FL3, FL4, FL7 met, FL2 late: 4/5. 线索响应率 FL1 met; FL2, FL3, FL7 unanswered: 1/4.
        // 3日跟进完成率 4/7 (see the follow-up test). Dwell median of 1, 3.5, 8.25, 12, 13, 19: 10.125 days.
        // Tag coverage: T1's 7 of 10 and T2's a5 without a step tag: 7/11. Video demos: 4 by A, B, C's 3 reps: 4/3.
        var week = await CompareAsync(db, tenantId, HandBuiltHealthData.June(1), HandBuiltHealthData.June(8), Now);
        Assert.Equal(
            new[] { 0.8, 0.25, 4 / 7.0, 10.125, 7 / 11.0, 4 / 3.0 }.Select(v => Math.Round(v, 9)),
            new[] { week.AssignmentRate, week.ResponseRate, week.FollowUpRate, week.StageDwellMedianDays, week.TagCoverage, week.VideoDemoFrequency }.Select(v => Math.Round(v!.Value, 9)));

        // The previous week, an empty month, the demo data's last two months, and a week that is still running.
        await CompareAsync(db, tenantId, new DateTime(2020, 5, 25, 0, 0, 0, DateTimeKind.Utc), HandBuiltHealthData.June(1), Now);
        await CompareAsync(db, tenantId, new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2018, 2, 1, 0, 0, 0, DateTimeKind.Utc), Now);
        var recent = await CompareAsync(db, tenantId, new DateTime(2026, 9, 27, 0, 0, 0, DateTimeKind.Utc), Now, Now);
        Assert.NotNull(recent.TagCoverage);
        await CompareAsync(db, tenantId, new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), Now);
    }

    private static async Task<HandWrittenMetrics> CompareAsync(SalesDbContext db, long tenantId, DateTime from, DateTime to, DateTime now)
    {
        var report = await ProcessHealthDashboard.ReportAsync(db, new HealthScope(HealthScopeKind.Tenant, null), from, to, now, CancellationToken.None);
        var hand = await HandWrittenMetricSql.MeasureAsync(db.Database.GetDbConnection(), tenantId, from, to, now);
        double? Dashboard(ProcessMetric metric) => report.Metrics.Single(m => m.Metric == metric).Current.Value;

        AssertClose(hand.AssignmentRate, Dashboard(ProcessMetric.AssignmentRate), "30分钟分配率", from);
        AssertClose(hand.ResponseRate, Dashboard(ProcessMetric.ResponseRate), "线索响应率", from);
        AssertClose(hand.FollowUpRate, Dashboard(ProcessMetric.FollowUpRate), "3日跟进完成率", from);
        AssertClose(hand.StageDwellMedianDays, Dashboard(ProcessMetric.StageDwell), "商机阶段停留时长", from);
        AssertClose(hand.TagCoverage, Dashboard(ProcessMetric.TagCoverage), "跟进标签覆盖率", from);
        AssertClose(hand.VideoDemoFrequency, Dashboard(ProcessMetric.VideoDemoFrequency), "视频演示频次", from);
        var stages = report.Metrics.Single(m => m.Metric == ProcessMetric.StageDwell).Current.ByStage;
        Assert.Equal(hand.StageDwellByStage.Keys.Order(), stages.Select(s => s.StageId).Order());
        foreach (var stage in stages)
        {
            var expected = hand.StageDwellByStage[stage.StageId];
            Assert.Equal(expected.Stays, stage.Stays);
            AssertClose(expected.MeanDays, stage.MeanDays, "mean days", from);
            AssertClose(expected.MedianDays, stage.MedianDays, "median days", from);
        }

        return hand;
    }

    /// <summary>Equal up to the databases' date arithmetic (julianday is a double: about a millisecond in days).</summary>
    private static void AssertClose(double? expected, double? actual, string metric, DateTime from)
    {
        Assert.True(expected is null == actual is null, $"{metric} from {from:u}: hand-written {expected}, dashboard {actual}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) < 1e-6, $"{metric} from {from:u}: hand-written {e}, dashboard {a}");
        }
    }
}
