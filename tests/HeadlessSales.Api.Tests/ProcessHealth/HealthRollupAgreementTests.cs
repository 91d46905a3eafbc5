using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Rollups;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>
/// The roll-ups agree with the raw computation after a random mix of concurrent writes: new leads (some back-dated),
/// reassignments to another rep or team, first responses, back-dated follow-ups, deleted follow-ups, an opportunity
/// handed over, a rep moved to another team, opportunities moved to another stage and stays re-dated. Checked for every scope and for aligned, unaligned and running periods,
/// both while changes are pending (those days come from the raw records) and after the refresher caught up (they come
/// from the roll-ups); and the incrementally kept rows equal a rebuild from scratch. 商机阶段停留时长 (histogram roll-ups):
/// counts and medians exactly, means to the last bits of a sum taken in another order. The alert evaluation's tenant-wide
/// figures of every team and region equal a report per scope.
/// </summary>
public sealed class HealthRollupAgreementTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 1, 30, 0, DateTimeKind.Utc);

    private static readonly string[] Tags = ["FIRST_CONTACT", "PRICE_CONCERN", "SOLUTION_DEMO", "NEEDS_DISCOVERY", "COMPETITOR_COMPARISON"];

    [Fact]
    public async Task OnSqlite_RollupsEqualTheRawComputation_AfterRandomConcurrentWrites()
    {
        await using var host = new ApiFactory();
        await AgreeAsync(host.Services, seed: 17);
    }

    [PostgresFact]
    public async Task OnPostgreSql_RollupsEqualTheRawComputation_AfterRandomConcurrentWrites()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var host = new ProviderApiFactory("PostgreSql", database.ConnectionString);
        await AgreeAsync(host.Services, seed: 18);
    }

    [Fact]
    public async Task QuietDays_AreRolledUp_ByTheRebuildAndByTheRefresher()
    {
        await using var host = new ApiFactory();
        var data = await HandBuiltHealthData.SeedAsync(host.Services);
        await using var db = host.Services.GetRequiredService<ISalesDbContextPool>().Rent(data.TenantId);
        await HealthRollupRefresher.RebuildAsync(db, Now, CancellationToken.None);
        var settings = await RollupSettings.OfAsync(db, CancellationToken.None);
        var today = HealthRollups.FloorDay(Now);
        var first = await db.HealthRollupDays.Where(d => d.Metric == ProcessMetric.AssignmentRate).MinAsync(d => d.Day);
        var busy = await db.Leads.Select(l => l.CreatedAt.Date).Distinct().ToListAsync();
        var quiet = Enumerable.Range(0, (today - first).Days).Select(i => first.AddDays(i)).Where(day => !busy.Contains(day)).ToList();
        // The hand-built leads leave days without a lead created between the first and today: those too are rolled up.
        Assert.NotEmpty(quiet);
        Assert.Empty((await HealthRollups.CoverageAsync(db, settings, first, today, CancellationToken.None)).Plan(ProcessMetric.AssignmentRate, first, today).Raw);

        // A quiet day not computed yet (a day that passed without a write) is read raw until the refresher computes it.
        var last = quiet[^1];
        await db.HealthRollupDays.Where(d => d.Metric == ProcessMetric.AssignmentRate && d.Day == last).ExecuteDeleteAsync();
        Assert.Equal([(last, last.AddDays(1))], (await HealthRollups.CoverageAsync(db, settings, first, today, CancellationToken.None)).Plan(ProcessMetric.AssignmentRate, first, today).Raw);
        await HealthRollupRefresher.RefreshAsync(db, Now, CancellationToken.None);
        Assert.Empty((await HealthRollups.CoverageAsync(db, settings, first, today, CancellationToken.None)).Plan(ProcessMetric.AssignmentRate, first, today).Raw);
    }

    private static async Task AgreeAsync(IServiceProvider services, int seed)
    {
        var data = await HandBuiltHealthData.SeedAsync(services);
        var pool = services.GetRequiredService<ISalesDbContextPool>();
        await using (var db = pool.Rent(data.TenantId))
        {
            Assert.True(await HealthRollupRefresher.RebuildAsync(db, Now, CancellationToken.None) > 0);
            await AssertAgreesAsync(db, data, expectAllCurrent: true);
        }

        for (var round = 0; round < 3; round++)
        {
            // Concurrent writers, each in its own context and transaction, as parallel requests would be.
            await Task.WhenAll(Enumerable.Range(0, 3).Select(writer => WriteAsync(pool, data, new Random(seed * 1000 + round * 10 + writer), 12)));
            await using var db = pool.Rent(data.TenantId);
            Assert.True(await db.HealthRollupInvalidations.AnyAsync());
            await AssertAgreesAsync(db, data, expectAllCurrent: false);
            await HealthRollupRefresher.RefreshAsync(db, Now, CancellationToken.None);
            Assert.False(await db.HealthRollupInvalidations.AnyAsync());
            await AssertAgreesAsync(db, data, expectAllCurrent: true);
        }

        await using (var db = pool.Rent(data.TenantId))
        {
            var kept = await SnapshotAsync(db);
            await HealthRollupRefresher.RebuildAsync(db, Now, CancellationToken.None);
            Assert.Equal(await SnapshotAsync(db), kept);
        }
    }

    private static async Task<List<string>> SnapshotAsync(SalesDbContext db) =>
        (await db.HealthRollupRows.AsNoTracking().ToListAsync())
            .Select(r => $"{r.Metric} {r.Day:u} m{r.MemberId} t{r.TeamId} {r.DecidesAt:O} {r.Cases}/{r.Met}")
            .Concat((await db.HealthDwellRows.AsNoTracking().ToListAsync()).Select(r => $"dwell {r.Day:u} s{r.StageId} m{r.MemberId} t{r.TeamId} b{r.Bucket} {r.Seconds:R}x{r.Stays}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task AssertAgreesAsync(SalesDbContext db, HandBuiltHealthData data, bool expectAllCurrent)
    {
        var settings = await RollupSettings.OfAsync(db, CancellationToken.None);
        var scopes = new[]
        {
            new HealthScope(HealthScopeKind.Tenant, null), new HealthScope(HealthScopeKind.Region, data.RegionId),
            new HealthScope(HealthScopeKind.Team, data.Team1), new HealthScope(HealthScopeKind.Team, data.Team2),
            new HealthScope(HealthScopeKind.Member, data.RepA), new HealthScope(HealthScopeKind.Member, data.RepB), new HealthScope(HealthScopeKind.Member, data.RepC),
        };
        var periods = new[]
        {
            (HandBuiltHealthData.June(1), HandBuiltHealthData.June(15)),
            (HandBuiltHealthData.May(25, 7, 30), HandBuiltHealthData.June(10, 13, 15)),
            (HandBuiltHealthData.November2026(20), HandBuiltHealthData.November2026(28)),
        };
        foreach (var (from, to) in periods)
        {
            var coverage = await HealthRollups.CoverageAsync(db, settings, from, to, CancellationToken.None);
            if (expectAllCurrent)
            {
                // Every whole day holding data comes from the roll-ups: what is compared below is the roll-ups, not the raw fallback.
                Assert.All(HealthRollups.Kept, metric => Assert.True(coverage.Plan(metric, from, to).FromRollups, $"{metric} {from:u}"));
            }

            foreach (var scope in scopes)
            {
                foreach (var metric in HealthRollups.RolledUp)
                {
                    var rolled = await HealthRollups.MeasureAsync(db, coverage, metric, scope, from, to, Now, settings, CancellationToken.None);
                    var raw = metric switch
                    {
                        ProcessMetric.AssignmentRate => MetricResult.FromRates(await ProcessMetricEngine.AssignmentRateAsync(db, scope, from, to, Now, CancellationToken.None)),
                        ProcessMetric.ResponseRate => MetricResult.FromRates(await ProcessMetricEngine.ResponseRateAsync(db, scope, from, to, Now, CancellationToken.None)),
                        ProcessMetric.FollowUpRate => MetricResult.FromRates(await ProcessMetricEngine.FollowUpRateAsync(db, scope, from, to, Now, settings.FollowUpWindowDays, CancellationToken.None)),
                        ProcessMetric.TagCoverage => MetricResult.FromRates(await ProcessMetricEngine.TagCoverageAsync(db, scope, from, to, settings.RequiredTagCodes, CancellationToken.None)),
                        _ => await ProcessMetricEngine.VideoDemoFrequencyAsync(db, scope, from, to, Now, CancellationToken.None),
                    };
                    var context = $"{metric} {scope} {from:u}–{to:u}";
                    Assert.True(raw.Value == rolled.Value, $"{context}: raw {raw.Value}, roll-ups {rolled.Value}");
                    Assert.Equal((raw.Total, raw.Met), (rolled.Total, rolled.Met));
                    Assert.Equal(Groups(raw), Groups(rolled));
                }

                var rawDwell = await ProcessMetricEngine.StageDwellAsync(db, scope, from, to, true, CancellationToken.None);
                var rolledDwell = await HealthDwell.MeasureAsync(db, coverage, scope, from, to, true, CancellationToken.None);
                var dwellContext = $"dwell {scope} {from:u}–{to:u}";
                Assert.True(rawDwell.Value == rolledDwell.Value, $"{dwellContext}: raw {rawDwell.Value}, roll-ups {rolledDwell.Value}");
                Assert.Equal(rawDwell.Total, rolledDwell.Total);
                Assert.Equal(rawDwell.ByStage.Select(s => (s.StageId, s.Stays, s.MedianDays)), rolledDwell.ByStage.Select(s => (s.StageId, s.Stays, s.MedianDays)));
                Assert.All(rawDwell.ByStage.Zip(rolledDwell.ByStage), p => AssertClose(p.First.MeanDays, p.Second.MeanDays, dwellContext));
                var rawGroups = rawDwell.ByGroup.OrderBy(g => g.GroupId).ToList();
                var rolledGroups = rolledDwell.ByGroup.OrderBy(g => g.GroupId).ToList();
                Assert.Equal(rawGroups.Select(g => (g.GroupId, g.Total)), rolledGroups.Select(g => (g.GroupId, g.Total)));
                Assert.All(rawGroups.Zip(rolledGroups), p => AssertClose(p.First.Value!.Value, p.Second.Value!.Value, dwellContext));
            }
        }

        // The alert evaluation's one tenant-wide read per metric gives each team's and region's figure as its own report would.
        var windowFrom = HealthRollups.CeilingDay(Now.AddDays(-9));
        var regionOfTeam = new Dictionary<long, long> { [data.Team1] = data.RegionId, [data.Team2] = data.RegionId };
        var figures = await ScopeFigures.MeasureAsync(db, regionOfTeam, windowFrom, Now, CancellationToken.None);
        foreach (var scope in scopes.Where(s => s.Kind != HealthScopeKind.Member))
        {
            var report = await ProcessHealthDashboard.ReportAsync(db, scope, windowFrom, Now, Now, CancellationToken.None);
            foreach (var metric in report.Metrics)
            {
                Assert.True(metric.Value == figures.ValueOf(metric.Metric, scope.Kind, scope.Id), $"{metric.Metric} {scope}: report {metric.Value}, grouped {figures.ValueOf(metric.Metric, scope.Kind, scope.Id)}");
            }
        }
    }

    /// <summary>A mean summed in another order (per row instead of per stay) may differ in the last bits, no more.</summary>
    private static void AssertClose(double expected, double actual, string context) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{context}: raw mean {expected:R}, roll-ups {actual:R}");

    private static List<string> Groups(MetricResult result) =>
        result.ByGroup.Select(g => $"{g.GroupId}:{g.Total}/{g.Met}/{g.Value:R}").Order(StringComparer.Ordinal).ToList();

    /// <summary>One writer: <paramref name="count"/> random changes, each saved on its own like a request.</summary>
    private static async Task WriteAsync(ISalesDbContextPool pool, HandBuiltHealthData data, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var db = pool.Rent(data.TenantId);
            await using var transaction = await db.Database.BeginTransactionAsync();
            var reps = new[] { data.RepA, data.RepB, data.RepC };
            var teams = new[] { data.Team1, data.Team2 };
            // Mostly the hand-built June weeks (back-dated), some near the clock where deadlines still run.
            DateTime RandomInstant() => random.Next(4) == 0
                ? Now.AddMinutes(-random.Next(0, 4 * 24 * 60))
                : HandBuiltHealthData.May(25).AddMinutes(random.Next(0, 24 * 24 * 60));
            var leads = await db.Leads.IgnoreQueryFilters().Where(l => l.TenantId == data.TenantId && l.Name.StartsWith("健康指标")).Select(l => l.Id).ToListAsync();
            switch (random.Next(9))
            {
                case 0 or 1:
                {
                    var createdAt = RandomInstant();
                    var owner = reps[random.Next(reps.Length)];
                    var lead = db.Leads.Add(new Lead
                    {
                        TenantId = data.TenantId, Name = $"健康指标-随机{random.Next()}", TeamId = teams[random.Next(2)], OwnerId = owner, CreatedAt = createdAt, UpdatedAt = createdAt,
                        Status = LeadStatus.Assigned, AssignedAt = createdAt,
                        FirstRespondedAt = random.Next(3) == 0 ? null : createdAt.AddMinutes(random.Next(1, 180)),
                    }).Entity;
                    await db.SaveChangesAsync();
                    if (random.Next(4) == 0)
                    {
                        // Queued first, then assigned, on time or late.
                        db.ScheduledTimers.Add(new ScheduledTimer { TenantId = data.TenantId, Kind = LeadSopTimerHandler.AssignmentDeadline, SubjectId = lead.Id, AnchorAt = createdAt, DueAt = createdAt.AddMinutes(30) });
                    }

                    var assignedAt = createdAt.AddMinutes(random.Next(0, 60));
                    db.LeadHistory.Add(new LeadHistoryEntry { TenantId = data.TenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Assigned, OwnerId = owner, OccurredAt = assignedAt });
                    db.ScheduledTimers.Add(new ScheduledTimer { TenantId = data.TenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = assignedAt, DueAt = assignedAt.AddMinutes(60) });
                    break;
                }

                case 2 when leads.Count > 0:
                {
                    // Reassignment, possibly to the other team: current-owner metrics move, the old owner keeps their assignment.
                    var leadId = leads[random.Next(leads.Count)];
                    var lead = await db.Leads.IgnoreQueryFilters().SingleAsync(l => l.Id == leadId);
                    var owner = reps[random.Next(reps.Length)];
                    var at = lead.CreatedAt.AddMinutes(random.Next(30, 3 * 24 * 60));
                    lead.OwnerId = owner;
                    lead.TeamId = teams[random.Next(2)];
                    db.LeadHistory.Add(new LeadHistoryEntry { TenantId = data.TenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Reassigned, OwnerId = owner, OccurredAt = at });
                    db.ScheduledTimers.Add(new ScheduledTimer { TenantId = data.TenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = at, DueAt = at.AddMinutes(60) });
                    break;
                }

                case 3 when leads.Count > 0:
                {
                    var leadId = leads[random.Next(leads.Count)];
                    var lead = await db.Leads.IgnoreQueryFilters().SingleAsync(l => l.Id == leadId);
                    lead.FirstRespondedAt = lead.CreatedAt.AddMinutes(random.Next(1, 600));
                    break;
                }

                case 4 or 5:
                {
                    // A follow-up, back-dated, on a lead, an opportunity or an account, with random tags.
                    var opportunities = await db.Opportunities.IgnoreQueryFilters().Where(o => o.TenantId == data.TenantId && o.Name.StartsWith("健康指标")).Select(o => o.Id).ToListAsync();
                    var accountId = await db.Accounts.IgnoreQueryFilters().Where(a => a.TenantId == data.TenantId).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
                    (ActivitySubjectKind Kind, long Id) subject = random.Next(3) switch
                    {
                        0 when leads.Count > 0 => (ActivitySubjectKind.Lead, leads[random.Next(leads.Count)]),
                        1 when opportunities.Count > 0 => (ActivitySubjectKind.Opportunity, opportunities[random.Next(opportunities.Count)]),
                        _ => (ActivitySubjectKind.Account, accountId),
                    };
                    var member = reps[random.Next(reps.Length)];
                    var teamId = await db.Members.IgnoreQueryFilters().Where(m => m.Id == member).Select(m => m.TeamId).SingleAsync();
                    var at = RandomInstant();
                    var activity = db.Activities.Add(new Activity
                    {
                        TenantId = data.TenantId, Kind = random.Next(3) == 0 ? ActivityKind.VideoDemo : ActivityKind.Call, SubjectKind = subject.Kind, SubjectId = subject.Id,
                        SubjectOwnerId = member, MemberId = member, TeamId = teamId, OccurredAt = at, TagCodes = [.. Tags.Where(_ => random.Next(3) == 0)],
                        Summary = "随机跟进", CreatedAt = at,
                    }).Entity;
                    await db.SaveChangesAsync();
                    db.ActivityTagLinks.AddRange(ActivityTagLink.Of(activity));
                    break;
                }

                case 6:
                {
                    // A follow-up deleted, with its tag rows.
                    var skip = random.Next(20);
                    var activity = await db.Activities.IgnoreQueryFilters().Where(a => a.TenantId == data.TenantId).OrderBy(a => a.Id).Skip(skip).FirstOrDefaultAsync();
                    if (activity is not null)
                    {
                        db.ActivityTagLinks.RemoveRange(await db.ActivityTagLinks.IgnoreQueryFilters().Where(l => l.ActivityId == activity.Id).ToListAsync());
                        db.Activities.Remove(activity);
                    }

                    break;
                }

                case 7:
                {
                    // An opportunity moves to another stage at a random (often back-dated) instant, or an ended stay is re-dated.
                    var handBuilt = db.Opportunities.IgnoreQueryFilters().Where(o => o.TenantId == data.TenantId && o.Name.StartsWith("健康指标"));
                    var stays = await db.OpportunityStageEntries.IgnoreQueryFilters()
                        .Where(e => e.TenantId == data.TenantId && handBuilt.Any(o => o.Id == e.OpportunityId))
                        .OrderBy(e => e.Id).ToListAsync();
                    var stay = stays[random.Next(stays.Count)];
                    var leftAt = RandomInstant();
                    if (leftAt <= stay.EnteredAt)
                    {
                        leftAt = stay.EnteredAt.AddHours(random.Next(0, 72));
                    }

                    if (stay.LeftAt is null)
                    {
                        var stageIds = data.StageIds.Values.Order().ToList();
                        db.OpportunityStageEntries.Add(new OpportunityStageEntry
                        {
                            TenantId = data.TenantId, OpportunityId = stay.OpportunityId, StageId = stageIds[random.Next(stageIds.Count)], FromStageId = stay.StageId,
                            Kind = StageEntryKind.Advanced, EnteredAt = leftAt,
                        });
                    }

                    stay.LeftAt = leftAt;
                    break;
                }

                default:
                {
                    // A rep moves team (their opportunities' history with them), or an opportunity is handed over.
                    if (random.Next(2) == 0)
                    {
                        var rep = await db.Members.IgnoreQueryFilters().SingleAsync(m => m.Id == data.RepB);
                        rep.TeamId = rep.TeamId == data.Team1 ? data.Team2 : data.Team1;
                    }
                    else
                    {
                        var handedOver = random.Next(5);
                        var opportunity = await db.Opportunities.IgnoreQueryFilters().Where(o => o.TenantId == data.TenantId && o.Name.StartsWith("健康指标"))
                            .OrderBy(o => o.Id).Skip(handedOver).FirstAsync();
                        opportunity.OwnerId = reps[random.Next(reps.Length)];
                    }

                    break;
                }
            }

            try
            {
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another writer deleted or changed the same row first: that request loses, as a real one would.
                await transaction.RollbackAsync();
            }
        }
    }
}
