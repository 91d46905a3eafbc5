using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>Alerts on PostgreSQL, where two nodes' evaluations really overlap and a refused row aborts a statement.</summary>
public sealed class HealthAlertPostgreSqlTests
{
    /// <summary>
    /// Node A raises in its (timer's) transaction and has not committed; node B, also in a transaction, read no open alert,
    /// so its insert waits on A's row. When A commits, B's insert is refused by the open-alert index: B raises nothing, and
    /// its transaction is still usable (EF saved under a savepoint), so the rest of B's work commits.
    /// </summary>
    [PostgresFact]
    public async Task OverlappingEvaluations_RaiseOnce_AndTheLoserTransactionStillCommits()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        var pool = api.Services.GetRequiredService<ISalesDbContextPool>();
        var evaluator = api.Services.GetRequiredService<HealthAlertEvaluator>();
        long tenantId;
        await using (var across = pool.RentAcrossTenants())
        {
            tenantId = await across.Tenants.Select(t => t.Id).SingleAsync();
        }

        var now = api.Clock.GetUtcNow().UtcDateTime;
        await using (var db = pool.Rent(tenantId))
        {
            // One lead of the last day, assigned at intake, its one-hour deadline missed: 0 of 1 answered, breached in its
            // team, its region and the tenant (the demo leads are months older than the week).
            var team = await db.Teams.OrderBy(t => t.Id).FirstAsync();
            var owner = await db.Members.Where(m => m.TeamId == team.Id && m.Role == MemberRole.Rep).OrderBy(m => m.Id).FirstAsync();
            var created = now.AddHours(-5);
            var lead = db.Leads.Add(new Lead
            {
                TenantId = tenantId, Name = "告警-PG", TeamId = team.Id, OwnerId = owner.Id, CreatedAt = created, UpdatedAt = created,
                Status = LeadStatus.Assigned, AssignedAt = created,
            }).Entity;
            await db.SaveChangesAsync();
            db.LeadHistory.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Assigned, OwnerId = owner.Id, OccurredAt = created });
            db.ScheduledTimers.Add(new ScheduledTimer
            {
                TenantId = tenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = created, DueAt = created.AddHours(1), FiredAt = created.AddHours(1),
            });
            await db.SaveChangesAsync();
        }

        await using var nodeA = pool.Rent(tenantId);
        await using var nodeB = pool.Rent(tenantId);
        await using var transactionA = await nodeA.Database.BeginTransactionAsync();
        var raisedByA = await evaluator.EvaluateAsync(nodeA, now, default);
        await using var transactionB = await nodeB.Database.BeginTransactionAsync();
        var evaluatingB = evaluator.EvaluateAsync(nodeB, now, default);
        await WaitUntilBlockedOnALockAsync(database.ConnectionString);
        await transactionA.CommitAsync();
        var raisedByB = await evaluatingB;
        nodeB.ScheduledTimers.Add(HealthAlertTimerHandler.NextEvaluation(tenantId, now, TimeSpan.FromHours(1)));
        await nodeB.SaveChangesAsync();
        await transactionB.CommitAsync();

        await using var check = pool.Rent(tenantId);
        Assert.Equal([HealthScopeKind.Tenant, HealthScopeKind.Region, HealthScopeKind.Team], raisedByA.Where(c => c.Metric == ProcessMetric.ResponseRate).Select(c => c.ScopeKind));
        Assert.Empty(raisedByB);
        Assert.Equal(3, await check.HealthAlerts.CountAsync(a => a.ResolvedAt == null && a.Metric == ProcessMetric.ResponseRate));
        Assert.True(await check.ScheduledTimers.AnyAsync(t => t.Kind == HealthAlertEvaluator.TimerKind && t.AnchorAt == now));
    }

    /// <summary>Waits (polling, with a cap) until a statement of this database waits on a row lock: node B's insert.</summary>
    private static async Task WaitUntilBlockedOnALockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%HealthAlerts%'", connection);
        for (var waited = 0; (long)(await command.ExecuteScalarAsync())! == 0; waited += 10)
        {
            Assert.True(waited < 10_000, "Node B's insert never waited on node A's row.");
            await Task.Delay(10);
        }
    }
}
