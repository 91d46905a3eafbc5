using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>
/// A host of its own whose clock the tests move. A region of its own, with two teams of their own and a team lead who can
/// sign in, so the alerts judged here are made of the tests' hand-built leads alone (the demo leads are months older than
/// the rolling week).
/// </summary>
public sealed class HealthAlertFixture : ApiFactory, IAsyncLifetime
{
    public const string LeadEmail = "alerts-lead@demo.example.com";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The tests fire due timers themselves, after moving the clock.
        ["DurableTimers:PollInterval"] = "00:00:00",
        ["Identity:AccessTokenLifetime"] = "10.00:00:00",
    };

    public long TenantId { get; private set; }

    public long RegionId { get; private set; }

    public long TeamId { get; private set; }

    /// <summary>A second team of the region, for the concurrency test.</summary>
    public long RaceTeamId { get; private set; }

    public long RepX { get; private set; }

    public long RaceRep { get; private set; }

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();

    public HealthAlertTrigger Trigger => Services.GetRequiredService<HealthAlertTrigger>();

    public SalesDbContext Database() => Services.GetRequiredService<ISalesDbContextPool>().Rent(TenantId);

    public async Task InitializeAsync()
    {
        var pool = Services.GetRequiredService<ISalesDbContextPool>();
        await using (var across = pool.RentAcrossTenants())
        {
            TenantId = await across.Tenants.Select(t => t.Id).SingleAsync();
        }

        // Whatever the demo data left due fires now, so the timers the tests run later are theirs.
        await Timers.RunDueTimersAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Trigger.WhenIdleAsync();

        await using var db = Database();
        var now = Clock.GetUtcNow().UtcDateTime;
        var region = db.Regions.Add(new Region { TenantId = TenantId, Code = "ALERTS", Name = "告警测试大区", CreatedAt = now }).Entity;
        await db.SaveChangesAsync();
        var team = db.Teams.Add(new Team { TenantId = TenantId, RegionId = region.Id, Name = "告警测试一组", CreatedAt = now }).Entity;
        var race = db.Teams.Add(new Team { TenantId = TenantId, RegionId = region.Id, Name = "告警测试二组", CreatedAt = now }).Entity;
        await db.SaveChangesAsync();
        Member NewMember(string name, string email, MemberRole role, long teamId) => db.Members.Add(new Member
        {
            TenantId = TenantId, Name = name, Email = email, Role = role, TeamId = teamId, RegionId = region.Id,
            HiredOn = new DateOnly(2025, 1, 1), CreatedAt = now, UpdatedAt = now,
        }).Entity;
        var lead = NewMember("告警组长", LeadEmail, MemberRole.TeamLead, team.Id);
        var repX = NewMember("告警销售", "alerts-rep@demo.example.com", MemberRole.Rep, team.Id);
        var raceRep = NewMember("竞速销售", "alerts-race@demo.example.com", MemberRole.Rep, race.Id);
        await db.SaveChangesAsync();
        team.LeadId = lead.Id;
        // These tests breach 线索响应率 on purpose. The teams log no follow-ups, so without thresholds of their own the
        // video-demo frequency (0 a week) and, once their leads are three days old, the follow-up rate would breach too.
        foreach (var (kind, id) in new[] { (HealthScopeKind.Team, team.Id), (HealthScopeKind.Team, race.Id), (HealthScopeKind.Region, region.Id) })
        {
            foreach (var metric in new[] { ProcessMetric.VideoDemoFrequency, ProcessMetric.FollowUpRate })
            {
                db.HealthThresholds.Add(new HealthThreshold { TenantId = TenantId, Metric = metric, ScopeKind = kind, ScopeId = id, Target = 0, WarningBand = 0, UpdatedAt = now });
            }
        }

        var credential = new MemberCredential { TenantId = TenantId, MemberId = lead.Id, PasswordHash = string.Empty, UpdatedAt = now };
        credential.PasswordHash = Services.GetRequiredService<IPasswordHasher<MemberCredential>>().HashPassword(credential, DemoIdentity.Password);
        db.MemberCredentials.Add(credential);
        await db.SaveChangesAsync();
        (RegionId, TeamId, RaceTeamId, RepX, RaceRep) = (region.Id, team.Id, race.Id, repX.Id, raceRep.Id);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Leads assigned to <paramref name="owner"/> at intake <paramref name="ago"/> before now, each with a first-response
    /// deadline an hour later (already past and marked fired, so no escalation runs), answered at <paramref name="answeredAfter"/>
    /// after creation or never.
    /// </summary>
    public async Task<List<long>> SeedLeadsAsync(long teamId, long owner, int count, TimeSpan ago, TimeSpan? answeredAfter)
    {
        await using var db = Database();
        var created = Clock.GetUtcNow().UtcDateTime - ago;
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var lead = db.Leads.Add(new Lead
            {
                TenantId = TenantId, Name = $"告警-{teamId}-{i}", TeamId = teamId, OwnerId = owner, CreatedAt = created, UpdatedAt = created,
                Status = answeredAfter is null ? LeadStatus.Assigned : LeadStatus.Contacted, AssignedAt = created, FirstRespondedAt = created + answeredAfter,
            }).Entity;
            await db.SaveChangesAsync();
            db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Created, OccurredAt = created });
            db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Assigned, OwnerId = owner, OccurredAt = created });
            db.ScheduledTimers.Add(new ScheduledTimer
            {
                TenantId = TenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = created, DueAt = created.AddHours(1), FiredAt = created.AddHours(1),
            });
            await db.SaveChangesAsync();
            ids.Add(lead.Id);
        }

        return ids;
    }

    /// <summary>Moves the clock to the tenant's next scheduled evaluation and fires the due timers, as the poller would.</summary>
    public async Task RunScheduledEvaluationAsync()
    {
        await using (var db = Database())
        {
            var due = await db.ScheduledTimers.Where(t => t.Kind == HealthAlertEvaluator.TimerKind && t.FiredAt == null).MinAsync(t => t.DueAt);
            if (due > Clock.GetUtcNow().UtcDateTime)
            {
                Clock.SetUtcNow(due);
            }
        }

        await Timers.RunDueTimersAsync();
    }

    /// <summary>Publishes an event that changes the numbers, lets the debounce wait pass, and awaits the evaluation it caused.</summary>
    public async Task EvaluateOnEventAsync(long teamId, long owner)
    {
        Services.GetRequiredService<IEventBus>().Publish(new LeadAssigned(TenantId, 0, owner, teamId, false, Clock.GetUtcNow().UtcDateTime));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Trigger.WhenIdleAsync();
    }
}

public sealed class HealthAlertTests(HealthAlertFixture api) : IClassFixture<HealthAlertFixture>
{
    private const string Alerts = """
        query($where: HealthAlertFilter) {
          healthAlerts(first: 10, where: $where) {
            totalCount
            nodes { id metric scopeKind open status value threshold warningBelow windowFrom windowTo raisedAt resolvedAt resolvedValue team { id } region { id } }
          }
        }
        """;

    private const string Changes = "subscription { onHealthAlertChanged { change metric scopeKind alertId alert { team { id } open value resolvedValue } } }";

    private string Team(long id) => GlobalId.Encode("Team", id);

    private async Task WaitForSubscribersAsync(int before, int count)
    {
        var bus = api.Services.GetRequiredService<IEventBus>();
        for (var waited = 0; bus.SubscriberCount < before + count; waited += 10)
        {
            Assert.True(waited < 5_000, "The subscriptions did not start.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Breach_RaisesOneAlert_StreamedToItsTeamLead_ResolvedWhenTheMetricRecovers()
    {
        var tokens = new TokenClient(api);
        var teamLeadToken = (await tokens.SignInAsync(HealthAlertFixture.LeadEmail, DemoIdentity.Password))["access_token"]!.GetValue<string>();
        var otherLeadToken = await tokens.MemberTokenAsync("teamlead", "sales:read");
        var repToken = await tokens.MemberTokenAsync("rep", "sales:read");
        var before = api.Services.GetRequiredService<IEventBus>().SubscriberCount;
        await using var teamLead = await WebSocketTestClient.ConnectAndInitAsync(api, teamLeadToken);
        await using var otherLead = await WebSocketTestClient.ConnectAndInitAsync(api, otherLeadToken);
        await using var rep = await WebSocketTestClient.ConnectAndInitAsync(api, repToken);
        await teamLead.SubscribeAsync("raised", "subscription { onHealthAlertRaised { change metric scopeKind alert { team { id } value threshold status } } }");
        await teamLead.SubscribeAsync("changes", Changes);
        await otherLead.SubscribeAsync("changes", Changes);
        await rep.SubscribeAsync("changes", Changes);
        await WaitForSubscribersAsync(before, 4);

        // Four leads two days ago, assigned at intake, none answered within its hour: 线索响应率 0 of 4 = 0, below 0.90 − 0.05,
        // so BREACHED; 30分钟分配率 4 of 4 (assigned at intake) = 1, OK. The same four leads are the region's and (the demo
        // leads being months older than the week) the tenant's, so those scopes breach too — out of this team lead's sight.
        var leads = await api.SeedLeadsAsync(api.TeamId, api.RepX, 4, TimeSpan.FromDays(2), answeredAfter: null);
        await api.RunScheduledEvaluationAsync();
        // One event, two subscriptions of the team lead: one message each, in whichever order they were executed.
        var first = new[] { (await teamLead.ReceiveAsync())!, (await teamLead.ReceiveAsync())! }.ToDictionary(m => m["id"]!.GetValue<string>());
        var (raised, raisedChange) = (first["raised"], first["changes"]);

        // Again on the schedule and on an event: the breach is already alerted, nothing new is raised or streamed.
        await api.RunScheduledEvaluationAsync();
        await api.EvaluateOnEventAsync(api.TeamId, api.RepX);
        var stillOpen = await api.CreateGraphQLClient().QueryAsync(Alerts, new { where = new { teamIds = new[] { Team(api.TeamId) } } });

        // The leads were answered in time after all (a corrected record): 4 of 4 = 1 ≥ 0.90, recovered.
        await using (var db = api.Database())
        {
            // Through the change tracker, as every write path saves: that is what keeps the process-health roll-ups current.
            foreach (var corrected in await db.Leads.Where(l => leads.Contains(l.Id)).ToListAsync())
            {
                corrected.FirstRespondedAt = corrected.CreatedAt.AddMinutes(30);
            }

            await db.SaveChangesAsync();
        }

        await api.EvaluateOnEventAsync(api.TeamId, api.RepX);
        // The next message after the raise is the resolution: no second raise was streamed in between.
        var resolved = (await teamLead.ReceiveAsync())!;
        var history = await api.CreateGraphQLClient().QueryAsync(Alerts, new { where = new { teamIds = new[] { Team(api.TeamId) } } });
        var openNow = await api.CreateGraphQLClient().QueryAsync(Alerts, new { where = new { open = true, teamIds = new[] { Team(api.TeamId) } } });

        var alert = raised["payload"]!["data"]!["onHealthAlertRaised"]!;
        Assert.Equal(("RAISED", "RESPONSE_RATE", "TEAM"), (alert["change"]!.GetValue<string>(),
            alert["metric"]!.GetValue<string>(), alert["scopeKind"]!.GetValue<string>()));
        Assert.Equal((Team(api.TeamId), 0.0, 0.9, "BREACHED"), (alert["alert"]!["team"]!["id"]!.GetValue<string>(), alert["alert"]!["value"]!.GetValue<double>(),
            alert["alert"]!["threshold"]!.GetValue<double>(), alert["alert"]!["status"]!.GetValue<string>()));
        Assert.Equal("RAISED", raisedChange["payload"]!["data"]!["onHealthAlertChanged"]!["change"]!.GetValue<string>());

        Assert.Equal(1, stillOpen["healthAlerts"]!["totalCount"]!.GetValue<int>());
        Assert.True(stillOpen["healthAlerts"]!["nodes"]![0]!["open"]!.GetValue<bool>());

        var resolution = resolved["payload"]!["data"]!["onHealthAlertChanged"]!;
        Assert.Equal(("changes", "RESOLVED", "RESPONSE_RATE", "TEAM"), (resolved["id"]!.GetValue<string>(), resolution["change"]!.GetValue<string>(),
            resolution["metric"]!.GetValue<string>(), resolution["scopeKind"]!.GetValue<string>()));
        Assert.Equal((false, 1.0), (resolution["alert"]!["open"]!.GetValue<bool>(), resolution["alert"]!["resolvedValue"]!.GetValue<double>()));

        // History: the one alert, resolved, with what it was raised on.
        var kept = history["healthAlerts"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal((false, "RESPONSE_RATE", 0.0, 1.0, GlobalId.Encode("Region", api.RegionId)), (kept["open"]!.GetValue<bool>(), kept["metric"]!.GetValue<string>(),
            kept["value"]!.GetValue<double>(), kept["resolvedValue"]!.GetValue<double>(), kept["region"]!["id"]!.GetValue<string>()));
        Assert.Equal(7, (DateTime.Parse(kept["windowTo"]!.GetValue<string>()) - DateTime.Parse(kept["windowFrom"]!.GetValue<string>())).TotalDays);
        Assert.Equal(0, openNow["healthAlerts"]!["totalCount"]!.GetValue<int>());

        // Another team's lead and a rep heard nothing: their first message is the answer to a ping.
        await otherLead.SendAsync(new { type = "ping" });
        await rep.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await otherLead.ReceiveAsync())!["type"]!.GetValue<string>());
        Assert.Equal("pong", (await rep.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task FirstResponseRecorded_TriggersAnEvaluation_AfterTheDebounceWait()
    {
        var lead = (await api.SeedLeadsAsync(api.RaceTeamId, api.RaceRep, 1, TimeSpan.FromMinutes(10), answeredAfter: null)).Single();
        // Nothing left waiting from an earlier test: the evaluation awaited below is this event's.
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.Trigger.WhenIdleAsync();

        var recorded = await api.CreateGraphQLClient().QueryAsync(
            "mutation($id: ID!) { recordFirstResponse(input: { leadId: $id, outcome: CONNECTED }) { lead { firstRespondedAt } errors { __typename } } }",
            new { id = GlobalId.Encode("Lead", lead) });
        var pending = api.Trigger.WhenIdleAsync();

        Assert.NotNull(recorded["recordFirstResponse"]!["lead"]!["firstRespondedAt"]);
        Assert.False(pending.IsCompleted, "recording a first response should schedule an evaluation of the tenant");
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await pending.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AlertHistory_IsVisibleToItsManagers_NotToARepOrAnotherTeamsLead()
    {
        await api.SeedLeadsAsync(api.RaceTeamId, api.RaceRep, 2, TimeSpan.FromDays(1), answeredAfter: null);
        await api.EvaluateOnEventAsync(api.RaceTeamId, api.RaceRep);
        var tokens = new TokenClient(api);
        var where = new { where = new { teamIds = new[] { Team(api.RaceTeamId) } } };

        var ops = await api.CreateGraphQLClient().QueryAsync(Alerts, where);
        var id = ops["healthAlerts"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var otherLead = api.CreateGraphQLClient(await tokens.MemberTokenAsync("teamlead", "sales:read"));
        var rep = api.CreateGraphQLClient(await tokens.MemberTokenAsync("rep", "sales:read"));
        var lead = api.CreateGraphQLClient((await tokens.SignInAsync(HealthAlertFixture.LeadEmail, DemoIdentity.Password))["access_token"]!.GetValue<string>());

        Assert.Equal(1, ops["healthAlerts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(0, (await otherLead.QueryAsync(Alerts, where))["healthAlerts"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(0, (await rep.QueryAsync(Alerts, where))["healthAlerts"]!["totalCount"]!.GetValue<int>());
        // The lead of the first team does not lead this one either; node(id:) reads an unseen alert as nothing.
        Assert.Equal(0, (await lead.QueryAsync(Alerts, where))["healthAlerts"]!["totalCount"]!.GetValue<int>());
        Assert.Null((await otherLead.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id }))["node"]);
        Assert.Equal(id, (await api.CreateGraphQLClient().QueryAsync("query($id: ID!) { node(id: $id) { ... on HealthAlert { id metric } } }", new { id }))["node"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TwoNodesEvaluatingAtOnce_RaiseTheBreachOnce_AndTheDatabaseRefusesASecondOpenAlert()
    {
        var team = await SeedRaceTeamAlertAsync();
        var evaluator = api.Services.GetRequiredService<HealthAlertEvaluator>();
        var now = api.Clock.GetUtcNow().UtcDateTime;
        await using var nodeA = api.Database();
        await using var nodeB = api.Database();

        var changes = await Task.WhenAll(evaluator.EvaluateAsync(nodeA, now, default), evaluator.EvaluateAsync(nodeB, now, default));

        // Whichever way the two interleave, the race team's breach is open exactly once.
        await using var db = api.Database();
        Assert.Equal(1, await db.HealthAlerts.CountAsync(a => a.TeamId == team && a.ScopeKind == HealthScopeKind.Team && a.ResolvedAt == null));
        Assert.True(changes.SelectMany(c => c).Count(c => c.TeamId == team && c.ScopeKind == HealthScopeKind.Team && c.Change == HealthAlertChange.Raised) <= 1);
        var open = await db.HealthAlerts.AsNoTracking().FirstAsync(a => a.TeamId == team && a.ScopeKind == HealthScopeKind.Team && a.ResolvedAt == null);
        db.HealthAlerts.Add(new HealthAlert
        {
            TenantId = api.TenantId, Metric = open.Metric, ScopeKind = open.ScopeKind, ScopeId = open.ScopeId, Status = HealthStatus.Breached, RaisedAt = now,
            WindowFrom = now.AddDays(-7), WindowTo = now,
        });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(UniqueViolation.Is(refused));
    }

    /// <summary>The race team with an unanswered lead in the week (the other test may have alerted it already).</summary>
    private async Task<long> SeedRaceTeamAlertAsync()
    {
        await api.SeedLeadsAsync(api.RaceTeamId, api.RaceRep, 1, TimeSpan.FromHours(5), answeredAfter: null);
        return api.RaceTeamId;
    }

    [Fact]
    public async Task BadFilterIds_MatchNothing_AndABadSubscriptionIdIsATypedError()
    {
        var none = await api.CreateGraphQLClient().QueryAsync(Alerts, new { where = new { teamIds = new[] { "nonsense" } } });
        Assert.Equal(0, none["healthAlerts"]!["totalCount"]!.GetValue<int>());

        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        await socket.SubscribeAsync("bad", "subscription { onHealthAlertRaised(teamId: \"nonsense\") { change } }");
        var answer = (await socket.ReceiveAsync())!;
        Assert.Equal(("next", "INVALID_ID"), (answer["type"]!.GetValue<string>(), answer["payload"]!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>()));
    }
}
