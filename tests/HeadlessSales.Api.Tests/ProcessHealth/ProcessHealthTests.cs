using HeadlessSales.Api.Infrastructure.Scheduling;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>
/// A host of its own: the tests tune the tenant's health settings. The hand-built leads live in March 2020, long
/// before the demo data, so every scope's figure in that month is made of them alone.
/// </summary>
public sealed class HealthFixture : ApiFactory, IAsyncLifetime
{
    public long TenantId { get; private set; }

    public long TeamId { get; private set; }

    public long RegionId { get; private set; }

    /// <summary>The demo rep (rep@demo.example.com) and a teammate.</summary>
    public long RepA { get; private set; }

    public long RepB { get; private set; }

    public static readonly DateTime March1 = new(2020, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        var pool = Services.GetRequiredService<ISalesDbContextPool>();
        await using (var across = pool.RentAcrossTenants())
        {
            var rep = await across.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "rep@demo.example.com");
            (TenantId, TeamId, RepA) = (rep.TenantId, rep.TeamId!.Value, rep.Id);
            RepB = await across.Members.IgnoreQueryFilters()
                .Where(m => m.TeamId == TeamId && m.Id != RepA && m.Role == HeadlessSales.Api.Features.Organization.MemberRole.Rep)
                .OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
            RegionId = await across.Teams.IgnoreQueryFilters().Where(t => t.Id == TeamId).Select(t => t.RegionId).SingleAsync();
        }

        await SeedMarch2020Async(pool.Rent(TenantId));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private static DateTime At(int day, int hour, int minute = 0) => day == 0
        ? new DateTime(2020, 2, 29, hour, minute, 0, DateTimeKind.Utc)
        : new DateTime(2020, 3, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>
    /// The data set (all times UTC; the period under test is [Mar 1, Mar 2), the previous one [Feb 29, Mar 1)):
    /// L1 created 01:00, assigned to A at intake; answered 01:30, deadline 02:00.
    /// L2 created 02:00, queued, assignment deadline 02:30, assigned to A 02:20; answered 03:30, deadline 03:20.
    /// L3 created 03:00, queued, assignment deadline 03:30, assigned to B 04:00; answered 04:10, deadline 05:00.
    /// L4 created 05:00, queued, assignment deadline 05:30, never assigned.
    /// L5 created Feb 29 23:59 (previous period), assigned to A at intake; answered 00:10, deadline Mar 1 00:59.
    /// L6 created Mar 2 00:00 (next period: the period is half-open), assigned to A at intake, never answered.
    /// L7 created 06:00, assigned to A at intake, deadline 07:00 missed; reassigned to B at 07:00, deadline 08:00; answered 07:30.
    /// L8 created 08:00, assigned to A at intake, unanswered, its deadline still running (due after "now").
    /// </summary>
    private async Task SeedMarch2020Async(SalesDbContext db)
    {
        await using var _ = db;
        var farFuture = DateTime.UtcNow.AddYears(50);
        var (a, b) = (RepA, RepB);
        var specs = new[]
        {
            // name, created, owner, answered, assignment deadline (queued), assignments (owner, at, response deadline)
            ("L1", At(1, 1), (long?)a, (DateTime?)At(1, 1, 30), (DateTime?)null, new[] { (a, At(1, 1), At(1, 2)) }),
            ("L2", At(1, 2), a, At(1, 3, 30), At(1, 2, 30), new[] { (a, At(1, 2, 20), At(1, 3, 20)) }),
            ("L3", At(1, 3), b, At(1, 4, 10), At(1, 3, 30), new[] { (b, At(1, 4), At(1, 5)) }),
            ("L4", At(1, 5), null, null, At(1, 5, 30), Array.Empty<(long, DateTime, DateTime)>()),
            ("L5", At(0, 23, 59), a, At(1, 0, 10), null, new[] { (a, At(0, 23, 59), At(1, 0, 59)) }),
            ("L6", At(2, 0), a, null, null, new[] { (a, At(2, 0), At(2, 1)) }),
            ("L7", At(1, 6), b, At(1, 7, 30), null, new[] { (a, At(1, 6), At(1, 7)), (b, At(1, 7), At(1, 8)) }),
            ("L8", At(1, 8), a, null, null, new[] { (a, At(1, 8), farFuture) }),
        };
        foreach (var (name, created, owner, answered, assignmentDue, assignments) in specs)
        {
            var lead = db.Leads.Add(new Lead
            {
                TenantId = TenantId, Name = $"健康-{name}", TeamId = TeamId, OwnerId = owner, CreatedAt = created, UpdatedAt = created,
                Status = answered is null ? (owner is null ? LeadStatus.New : LeadStatus.Assigned) : LeadStatus.Contacted,
                AssignedAt = assignments.Length == 0 ? null : assignments[^1].Item2, FirstRespondedAt = answered,
            }).Entity;
            await db.SaveChangesAsync();
            db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Created, OccurredAt = created });
            if (assignmentDue is { } due)
            {
                db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Queued, OccurredAt = created });
                db.ScheduledTimers.Add(new ScheduledTimer { TenantId = TenantId, Kind = LeadSopTimerHandler.AssignmentDeadline, SubjectId = lead.Id, AnchorAt = created, DueAt = due, FiredAt = due });
            }

            foreach (var (index, (assignee, at, responseDue)) in assignments.Index())
            {
                // Intake writes ASSIGNED; taking a queued lead or handing it on writes REASSIGNED.
                var kind = index == 0 && assignmentDue is null ? LeadHistoryKind.Assigned : LeadHistoryKind.Reassigned;
                db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = lead.Id, Kind = kind, OwnerId = assignee, OccurredAt = at });
                db.ScheduledTimers.Add(new ScheduledTimer { TenantId = TenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = at, DueAt = responseDue });
            }

            await db.SaveChangesAsync();
        }
    }
}

public sealed class ProcessHealthTests(HealthFixture api) : IClassFixture<HealthFixture>
{
    private const string Health = """
        query($scope: ProcessHealthScopeInput!, $period: PeriodInput!) {
          processHealth(scope: $scope, period: $period) {
            from to previousFrom
            metrics { metric value total met threshold warningBelow status previousValue lowestContributors { member { id } team { id } value total met } }
          }
        }
        """;

    private static readonly object March1st = new { from = "2020-03-01T00:00:00Z", to = "2020-03-02T00:00:00Z" };

    private static JsonNode Metric(JsonNode data, string metric) =>
        data["processHealth"]!["metrics"]!.AsArray().Single(m => m!["metric"]!.GetValue<string>() == metric)!;

    private static string Member(long id) => GlobalId.Encode("Member", id);

    private static string Team(long id) => GlobalId.Encode("Team", id);

    [Fact]
    public async Task TeamScope_CountsEachMetricByHand_AndNamesWhoPullsItDown()
    {
        var data = await api.CreateGraphQLClient().QueryAsync(Health, new { scope = new { teamId = Team(api.TeamId) }, period = March1st });

        // 30分钟分配率, leads created in [Mar 1, Mar 2): L1 (at intake) met, L2 (02:20 <= 02:30) met, L3 (04:00 > 03:30) missed,
        // L4 (never, deadline passed) missed, L7 (at intake; its later reassignment does not count again) met, L8 (at intake) met.
        // L5 is in the previous period, L6 in the next. 4 of 6 = 0.6667; below 0.95 - 0.05 = 0.90, so breached.
        // Previous period: L5 alone, met: 1/1 = 1.
        var assignment = Metric(data, "ASSIGNMENT_RATE");
        Assert.Equal((6, 4, "BREACHED", 1.0), (assignment["total"]!.GetValue<int>(), assignment["met"]!.GetValue<int>(), assignment["status"]!.GetValue<string>(), assignment["previousValue"]!.GetValue<double>()));
        Assert.Equal(4.0 / 6, assignment["value"]!.GetValue<double>(), 9);
        Assert.Equal((0.95, 0.9), (assignment["threshold"]!.GetValue<double>(), Math.Round(assignment["warningBelow"]!.GetValue<double>(), 9)));
        // By current owner: A has L1, L2, L8, all met; B has L3 (missed) and L7 (met): 1/2. L4 has no owner. Only B pulls it down.
        var slow = assignment["lowestContributors"]!.AsArray().Single()!;
        Assert.Equal((Member(api.RepB), 2, 1), (slow["member"]!["id"]!.GetValue<string>(), slow["total"]!.GetValue<int>(), slow["met"]!.GetValue<int>()));

        // 线索响应率, assignments made in the period, each judged against its own deadline:
        // L1/A 01:30 <= 02:00 met; L2/A 03:30 > 03:20 missed; L3/B 04:10 <= 05:00 met; L7/A answered 07:30 > 07:00 missed;
        // L7/B 07:30 <= 08:00 met; L8/A unanswered but still running: not judged yet. 3 of 5 = 0.6, breached (< 0.85).
        // By owner at the assignment: A 1 of 3, B 2 of 2. Previous period: L5/A 00:10 <= 00:59: 1/1.
        var response = Metric(data, "RESPONSE_RATE");
        Assert.Equal((5, 3, 0.6, "BREACHED", 1.0), (response["total"]!.GetValue<int>(), response["met"]!.GetValue<int>(), response["value"]!.GetValue<double>(),
            response["status"]!.GetValue<string>(), response["previousValue"]!.GetValue<double>()));
        var late = response["lowestContributors"]!.AsArray().Single()!;
        Assert.Equal((Member(api.RepA), 3, 1), (late["member"]!["id"]!.GetValue<string>(), late["total"]!.GetValue<int>(), late["met"]!.GetValue<int>()));
        Assert.Equal("2020-02-29T00:00:00Z", data["processHealth"]!["previousFrom"]!.GetValue<string>());
    }

    [Fact]
    public async Task MemberAndRegionScopes_CountTheSameRows_ByTheirOwnCut()
    {
        var client = api.CreateGraphQLClient();
        var member = await client.QueryAsync(Health, new { scope = new { memberId = Member(api.RepA) }, period = March1st });
        var region = await client.QueryAsync(Health, new { scope = new { regionId = GlobalId.Encode("Region", api.RegionId) }, period = March1st });

        // Member A: leads A owns now and created in the period: L1, L2, L8, all assigned in time: 3/3.
        // A's assignments: L1 met, L2 missed, L7 (A's turn) missed, L8 still running; of L1, L2, L7 judged, 1 met.
        Assert.Equal((3, 3), (Metric(member, "ASSIGNMENT_RATE")["total"]!.GetValue<int>(), Metric(member, "ASSIGNMENT_RATE")["met"]!.GetValue<int>()));
        Assert.Equal((3, 1), (Metric(member, "RESPONSE_RATE")["total"]!.GetValue<int>(), Metric(member, "RESPONSE_RATE")["met"]!.GetValue<int>()));
        // The region holds only this team's 2020 leads: the same 4/6 and 3/5, broken down by team.
        var byTeam = Metric(region, "ASSIGNMENT_RATE");
        Assert.Equal((6, 4), (byTeam["total"]!.GetValue<int>(), byTeam["met"]!.GetValue<int>()));
        Assert.Equal(Team(api.TeamId), byTeam["lowestContributors"]![0]!["team"]!["id"]!.GetValue<string>());
        Assert.Equal(0.6, Metric(region, "RESPONSE_RATE")["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task NoLeads_GiveNullNotZero_AndNoVerdict()
    {
        var data = await api.CreateGraphQLClient().QueryAsync(Health,
            new { scope = new { tenant = true }, period = new { from = "2019-01-01T00:00:00Z", to = "2019-02-01T00:00:00Z" } });

        foreach (var metric in data["processHealth"]!["metrics"]!.AsArray())
        {
            Assert.Null(metric!["value"]);
            Assert.Null(metric["previousValue"]);
            Assert.Equal((0, "NO_DATA"), (metric["total"]!.GetValue<int>(), metric["status"]!.GetValue<string>()));
            Assert.Empty(metric["lowestContributors"]!.AsArray());
        }
    }

    [Fact]
    public async Task TunedTargets_ChangeTheVerdict_NotTheValue()
    {
        await using (var db = api.Services.GetRequiredService<ISalesDbContextPool>().Rent(api.TenantId))
        {
            db.ProcessHealthSettings.Add(new ProcessHealthSettings { TenantId = api.TenantId, AssignmentRateTarget = 0.6, ResponseRateTarget = 0.65, WarningBand = 0.1 });
            await db.SaveChangesAsync();
        }

        try
        {
            var data = await api.CreateGraphQLClient().QueryAsync(Health, new { scope = new { teamId = Team(api.TeamId) }, period = March1st });

            // 0.6667 >= 0.6: OK. 0.6 is below 0.65 but not below 0.55: WARNING.
            Assert.Equal("OK", Metric(data, "ASSIGNMENT_RATE")["status"]!.GetValue<string>());
            Assert.Equal(("WARNING", 0.6), (Metric(data, "RESPONSE_RATE")["status"]!.GetValue<string>(), Metric(data, "RESPONSE_RATE")["value"]!.GetValue<double>()));
        }
        finally
        {
            await using var db = api.Services.GetRequiredService<ISalesDbContextPool>().Rent(api.TenantId);
            await db.ProcessHealthSettings.ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Visibility_RepSeesThemselves_TeamLeadTheTeam_NotMore()
    {
        var tokens = new TokenClient(api);
        var rep = api.CreateGraphQLClient(await tokens.MemberTokenAsync("rep", "sales:read"));
        var teamLead = api.CreateGraphQLClient(await tokens.MemberTokenAsync("teamlead", "sales:read"));

        var own = await rep.QueryAsync(Health, new { scope = new { memberId = Member(api.RepA) }, period = March1st });
        Assert.Equal(3, Metric(own, "ASSIGNMENT_RATE")["total"]!.GetValue<int>());
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Health, new { scope = new { memberId = Member(api.RepB) }, period = March1st })).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Health, new { scope = new { teamId = Team(api.TeamId) }, period = March1st })).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Health, new { scope = new { tenant = true }, period = March1st })).FirstErrorCode);

        // The team lead sees the team's queued lead L4 too: the scope is authorised as a whole.
        var team = await teamLead.QueryAsync(Health, new { scope = new { teamId = Team(api.TeamId) }, period = March1st });
        Assert.Equal(6, Metric(team, "ASSIGNMENT_RATE")["total"]!.GetValue<int>());
        Assert.Equal("FORBIDDEN", (await teamLead.PostAsync(Health, new { scope = new { tenant = true }, period = March1st })).FirstErrorCode);
    }

    [Theory]
    [InlineData("{ \"teamId\": null }", "INVALID_SCOPE")]
    [InlineData("{ \"tenant\": true, \"memberId\": \"TWVtYmVyOjE\" }", "INVALID_SCOPE")]
    [InlineData("{ \"teamId\": \"nonsense\" }", "INVALID_ID")]
    public async Task BadScope_IsATypedError(string scopeJson, string code)
    {
        var response = await api.CreateGraphQLClient().PostAsync(Health, new { scope = JsonNode.Parse(scopeJson), period = March1st });
        Assert.Equal(code, response.FirstErrorCode);
    }

    [Fact]
    public async Task BackwardsPeriod_IsATypedError()
    {
        var response = await api.CreateGraphQLClient().PostAsync(Health,
            new { scope = new { tenant = true }, period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-01T00:00:00Z" } });
        Assert.Equal("INVALID_PERIOD", response.FirstErrorCode);
    }
}
