using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.Features.Targets.Diagnosis;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>The diagnosis race on PostgreSQL, where two nodes' evaluations really run side by side (SQLite serializes writers).</summary>
public sealed class TargetHealthPostgreSqlTests
{
    [PostgresFact]
    public async Task OnPostgreSql_TwoNodesDiagnosingAtOnce_RaiseTheSplitOnce_AndTheDatabaseRefusesASecondOpenFinding()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var api = TargetHealthFixture.OnPostgreSql(database.ConnectionString);
        await api.InitializeAsync();
        // Three contracts of one account, each under 30,000 CNY and 31,500 together, within 30 days: one split.
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var split = await api.AccountOfAsync(api.RepAId, "并发拆单客户");
        foreach (var (amount, daysAgo) in new[] { ("9500", 20), ("12000", 10), ("10000", 2) })
        {
            await api.SignedContractAsync(split, amount, now.AddDays(-daysAgo));
        }

        var evaluator = api.Services.GetRequiredService<TargetHealthEvaluator>();
        await using var nodeA = api.Database();
        await using var nodeB = api.Database();
        var changes = await Task.WhenAll(evaluator.EvaluateAsync(nodeA, now, default), evaluator.EvaluateAsync(nodeB, now, default));

        // Whichever way the two interleave, the split is raised once and open once.
        Assert.Equal(1, changes.SelectMany(c => c).Count(c => c.Rule == TargetHealthRule.ContractSplitting && c.Change == TargetHealthChange.Raised));
        await using var db = api.Database();
        var open = await db.TargetHealthFindings.AsNoTracking().Where(f => f.Rule == TargetHealthRule.ContractSplitting && f.ResolvedAt == null).ToListAsync();
        var finding = Assert.Single(open);
        // A third node that read before the commit and inserts anyway is refused by the open-finding index.
        db.TargetHealthFindings.Add(new TargetHealthFinding
        {
            TenantId = finding.TenantId, Rule = finding.Rule, MemberId = finding.MemberId, SubjectKey = finding.SubjectKey, TeamId = finding.TeamId,
            RegionId = finding.RegionId, Summary = finding.Summary, Suggestion = finding.Suggestion, Records = finding.Records, Figures = finding.Figures,
            WindowFrom = finding.WindowFrom, WindowTo = finding.WindowTo, RaisedAt = now,
        });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(UniqueViolation.Is(refused));
    }
}
