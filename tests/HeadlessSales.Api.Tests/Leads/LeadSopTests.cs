using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Tests.Leads;

public sealed class LeadSopTests(LeadsFixture api) : IClassFixture<LeadsFixture>
{
    private GraphQLTestClient _client = null!;

    private async Task StartAtAsync(DayOfWeek day, TimeOnly localTime)
    {
        api.MoveClockToNext(day, localTime);
        _client = await api.FreshClientAsync();
    }

    private const string LeadTrail = """
        query($id: ID!) { node(id: $id) { ... on Lead { status history { kind } } } escalations(where: { leadIds: [$id] }, order: { field: RAISED_AT }) { nodes { id step level reason status target { email } steps { step level target { email } } acknowledgedBy { email } resolvedBy { email } } } }
        """;

    [Fact]
    public async Task UnansweredLead_IsEscalatedToTheTeamLeadThenTheRegionManager_LiveOverWebSocket_OnceEach()
    {
        await StartAtAsync(DayOfWeek.Monday, new TimeOnly(9, 30));
        var tokens = new TokenClient(api);
        var repToken = await tokens.MemberTokenAsync("rep");
        var managerToken = await tokens.MemberTokenAsync("regionmanager", "sales:read");
        var repId = (await api.CreateGraphQLClient(repToken).QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();
        var province = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = "点名给演示销售", position = 0, provinces = new[] { province }, strategy = "NAMED_MEMBER", memberId = repId });
        var before = api.Services.GetRequiredService<IEventBus>().SubscriberCount;
        await using var repSocket = await WebSocketTestClient.ConnectAndInitAsync(api, repToken);
        await using var managerSocket = await WebSocketTestClient.ConnectAndInitAsync(api, managerToken);
        await repSocket.SubscribeAsync("assigned", "subscription { onLeadAssigned { lead { name firstCallScript { text } suggestedProducts { product { code } } } } }");
        var repTeam = (await api.CreateGraphQLClient(repToken).QueryAsync("{ viewer { member { team { id } } } }"))["viewer"]!["member"]!["team"]!["id"]!.GetValue<string>();
        // Other tests' leads escalate in this region too; the team argument keeps this stream to the rep's team.
        await managerSocket.SubscribeAsync("escalations", "subscription($t: ID) { onEscalationRaised(teamId: $t) { escalationId leadId level step escalation { step target { email } } } }", new { t = repTeam });
        await api.WaitForSubscribersAsync(before, 2);

        var created = await _client.QueryAsync(LeadIntakeTests.CreateLead, new { input = new { name = "沈总", company = "无锡晶澳测试", phone = api.UniquePhone(), industry = "NEW_ENERGY", source = "WEBSITE", province, productInterests = new[] { "PV-INVERTER" } } });
        var leadId = created["createLead"]!["lead"]!["id"]!.GetValue<string>();
        var assigned = await repSocket.ReceiveAsync();
        var early = await EscalationsAfterAsync(TimeSpan.FromMinutes(59), leadId);
        var firstBreach = await EscalationsAfterAsync(TimeSpan.FromMinutes(2), leadId);
        var toTeamLead = await managerSocket.ReceiveAsync();
        var secondStep = await EscalationsAfterAsync(TimeSpan.FromMinutes(30), leadId);
        var toRegionManager = await managerSocket.ReceiveAsync();
        var afterTheChain = await EscalationsAfterAsync(TimeSpan.FromHours(8), leadId);

        var lead = assigned!["payload"]!["data"]!["onLeadAssigned"]!["lead"]!;
        Assert.Equal("沈总", lead["name"]!.GetValue<string>());
        Assert.Contains("沈总您好", lead["firstCallScript"]!["text"]!.GetValue<string>());
        Assert.Equal("PV-INVERTER", lead["suggestedProducts"]![0]!["product"]!["code"]!.GetValue<string>());
        // One missed deadline, one escalation: climbing adds a step to it.
        Assert.Equal((0, 1, 1, 1), (early, firstBreach, secondStep, afterTheChain));
        Assert.Equal("TEAM_LEAD", toTeamLead!["payload"]!["data"]!["onEscalationRaised"]!["level"]!.GetValue<string>());
        Assert.Equal(0, toTeamLead["payload"]!["data"]!["onEscalationRaised"]!["step"]!.GetValue<int>());
        Assert.Equal(leadId, toTeamLead["payload"]!["data"]!["onEscalationRaised"]!["leadId"]!.GetValue<string>());
        var top = toRegionManager!["payload"]!["data"]!["onEscalationRaised"]!;
        Assert.Equal("REGION_MANAGER", top["level"]!.GetValue<string>());
        Assert.Equal(1, top["step"]!.GetValue<int>());
        Assert.Equal(toTeamLead["payload"]!["data"]!["onEscalationRaised"]!["escalationId"]!.GetValue<string>(), top["escalationId"]!.GetValue<string>());
        Assert.Equal("regionmanager@demo.example.com", top["escalation"]!["target"]!["email"]!.GetValue<string>());
        var trail = await _client.QueryAsync(LeadTrail, new { id = leadId });
        Assert.Equal(["CREATED", "ASSIGNED", "DEADLINE_MISSED", "ESCALATED", "ESCALATED"], trail["node"]!["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        var escalation = trail["escalations"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal("REGION_MANAGER:regionmanager@demo.example.com:1", $"{escalation["level"]}:{escalation["target"]!["email"]}:{escalation["step"]}");
        Assert.Equal(["0:TEAM_LEAD:teamlead@demo.example.com", "1:REGION_MANAGER:regionmanager@demo.example.com"],
            escalation["steps"]!.AsArray().Select(e => $"{e!["step"]}:{e["level"]}:{e["target"]!["email"]}"));
    }

    [Fact]
    public async Task AnsweredInTime_RaisesNothing_AndAnAcknowledgedEscalationClimbsNoFurther()
    {
        await StartAtAsync(DayOfWeek.Tuesday, new TimeOnly(10, 0));
        var (teamLead, regionManager) = await DemoTeamLeadAndRegionManagerAsync();
        var province = api.UniqueProvince();
        // The demo rep's team: its lead and region manager have logins, and act on the escalation below.
        await api.CreateRuleAsync(new { name = "快速响应", position = 0, provinces = new[] { province }, strategy = "NAMED_MEMBER", memberId = await DemoRepIdAsync(), firstResponseDeadlineMinutes = 15 });
        var answered = await CreateLeadAsync(province);
        var ignored = await CreateLeadAsync(province);
        await _client.QueryAsync("mutation($id: ID!) { recordFirstResponse(input: { leadId: $id, outcome: CONNECTED }) { errors { __typename } } }", new { id = answered });

        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await api.Timers.RunDueTimersAsync();
        var raised = (await _client.QueryAsync(LeadTrail, new { id = ignored }))["escalations"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var ack = await teamLead.QueryAsync("mutation($id: ID!) { acknowledgeEscalation(input: { id: $id, note: \"马上打\" }) { escalation { status note } errors { __typename } } }", new { id = raised });
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await api.Timers.RunDueTimersAsync();
        // Someone above the current recipient (the team lead) may act too.
        var resolve = await regionManager.QueryAsync("mutation($id: ID!) { resolveEscalation(input: { id: $id }) { escalation { status } } }", new { id = raised });
        var resolveAgain = await regionManager.QueryAsync("mutation($id: ID!) { resolveEscalation(input: { id: $id }) { errors { ... on UserError { code } } } }", new { id = raised });

        Assert.Empty((await _client.QueryAsync(LeadTrail, new { id = answered }))["escalations"]!["nodes"]!.AsArray());
        Assert.Equal("ACKNOWLEDGED", ack["acknowledgeEscalation"]!["escalation"]!["status"]!.GetValue<string>());
        var trail = await _client.QueryAsync(LeadTrail, new { id = ignored });
        var escalation = trail["escalations"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal(("teamlead@demo.example.com", "regionmanager@demo.example.com"),
            (escalation["acknowledgedBy"]!["email"]!.GetValue<string>(), escalation["resolvedBy"]!["email"]!.GetValue<string>()));
        Assert.Equal(["TEAM_LEAD"], escalation["steps"]!.AsArray().Select(e => e!["level"]!.GetValue<string>()));
        Assert.Equal("RESOLVED", resolve["resolveEscalation"]!["escalation"]!["status"]!.GetValue<string>());
        Assert.Equal("INVALID_STATE", resolveAgain["resolveEscalation"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(["CREATED", "ASSIGNED", "DEADLINE_MISSED", "ESCALATED", "ESCALATION_ACKNOWLEDGED", "ESCALATION_RESOLVED"],
            trail["node"]!["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AssignmentDeadline_CountsWorkingTime_AcrossTheWeekend()
    {
        await StartAtAsync(DayOfWeek.Friday, new TimeOnly(17, 50));
        var (queueTeamId, _) = await api.TakeTeamAsync();
        await _client.QueryAsync("mutation($t: ID) { updateLeadRoutingSettings(input: { defaultQueueTeamId: $t }) { errors { __typename } } }", new { t = queueTeamId });
        var queued = await CreateLeadAsync(api.UniqueProvince());

        api.MoveClockToNext(DayOfWeek.Saturday, new TimeOnly(12, 0));
        var onSaturday = await EscalationsAfterAsync(TimeSpan.Zero, queued);
        api.MoveClockToNext(DayOfWeek.Monday, new TimeOnly(9, 19));
        var justBefore = await EscalationsAfterAsync(TimeSpan.Zero, queued);
        var due = await EscalationsAfterAsync(TimeSpan.FromMinutes(2), queued);
        await _client.QueryAsync("mutation { updateLeadRoutingSettings(input: { defaultQueueTeamId: null }) { errors { __typename } } }");

        Assert.Equal((0, 0, 1), (onSaturday, justBefore, due));
        var escalation = (await _client.QueryAsync(LeadTrail, new { id = queued }))["escalations"]!["nodes"]![0]!;
        Assert.Equal("ASSIGNMENT_DEADLINE_MISSED", escalation["reason"]!.GetValue<string>());
        Assert.Equal("TEAM_LEAD", escalation["level"]!.GetValue<string>());
        Assert.NotNull(escalation["target"]);
    }

    [Fact]
    public async Task TwoNodesPollingTheSameTimers_FireEachExactlyOnce()
    {
        await StartAtAsync(DayOfWeek.Wednesday, new TimeOnly(9, 0));
        var (teamId, _) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = "竞争", position = 0, provinces = new[] { province }, strategy = "ROUND_ROBIN", teamId, firstResponseDeadlineMinutes = 5 });
        var csv = "name,phone,industry,province\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"竞争{i},{api.UniquePhone()},OTHER,{province}\n"));
        await _client.QueryAsync("mutation($csv: String!) { bulkImportLeads(input: { csv: $csv }) { import { importedCount } } }", new { csv });
        var options = api.Services.GetRequiredService<IOptions<DurableTimerOptions>>().Value;
        DurableTimerService Node(string name) => ActivatorUtilities.CreateInstance<DurableTimerService>(api.Services,
            Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.Zero, Lease = options.Lease, BatchSize = 7, NodeName = name }));

        api.Clock.Advance(TimeSpan.FromMinutes(6));
        var fired = await Task.WhenAll(Node("a").RunDueTimersAsync(), Node("b").RunDueTimersAsync(), Node("c").RunDueTimersAsync());

        // Other tests' timers may come due too; what matters is that none of these 40 was fired twice.
        Assert.True(fired.Sum() >= 40, $"fired {fired.Sum()}");
        var escalations = await _client.QueryAsync("query($p: [String!]) { leads(first: 100, where: { provinces: $p }) { nodes { id } } }", new { p = new[] { province } });
        foreach (var lead in escalations["leads"]!["nodes"]!.AsArray())
        {
            var trail = await _client.QueryAsync(LeadTrail, new { id = lead!["id"]!.GetValue<string>() });
            Assert.Single(trail["escalations"]!["nodes"]!.AsArray());
        }
    }

    [Fact]
    public async Task NodeDyingMidTimer_LeavesItToAnotherAfterTheLease_WhichFiresItOnce()
    {
        await StartAtAsync(DayOfWeek.Thursday, new TimeOnly(10, 0));
        var queued = await CreateLeadAsync(api.UniqueProvince());
        var options = api.Services.GetRequiredService<IOptions<DurableTimerOptions>>().Value;
        var stalled = new StallingHandler(api.Services.GetServices<ITimerHandler>().OfType<LeadSopTimerHandler>().Single());
        var doomed = ActivatorUtilities.CreateInstance<DurableTimerService>(api.Services, new ITimerHandler[] { stalled },
            Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.Zero, Lease = options.Lease, NodeName = "doomed" }));
        using var kill = new CancellationTokenSource();

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var dying = doomed.RunDueTimersAsync(kill.Token);
        await stalled.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // Killed after doing its work and before committing it.
        kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);
        var whileClaimed = await EscalationsAfterAsync(TimeSpan.Zero, queued);
        var afterTheLease = await EscalationsAfterAsync(options.Lease + TimeSpan.FromSeconds(1), queued);
        var later = await EscalationsAfterAsync(TimeSpan.FromMinutes(1), queued);

        Assert.Equal((0, 1, 1), (whileClaimed, afterTheLease, later));
    }

    /// <summary>Does the real work, then hangs until the node is killed.</summary>
    private sealed class StallingHandler(ITimerHandler inner) : ITimerHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<string> Kinds => inner.Kinds;

        public async Task<Action<IEventBus>?> HandleAsync(HeadlessSales.Api.Infrastructure.Data.SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
        {
            var announce = await inner.HandleAsync(db, timer, now, cancellationToken);
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return announce;
        }
    }

    [Fact]
    public async Task MissedFirstResponse_WithReassignmentOn_GoesToTheNextRep_AndTheOldEscalationStopsClimbing()
    {
        await StartAtAsync(DayOfWeek.Thursday, new TimeOnly(9, 0));
        var (teamId, reps) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        // Longer than the 30-minute escalation step, so the step comes due while the new owner's deadline still runs.
        await api.CreateRuleAsync(new { name = "超时改派", position = 0, provinces = new[] { province }, strategy = "ROUND_ROBIN", teamId, firstResponseDeadlineMinutes = 45, reassignOnFirstResponseBreach = true });
        var leadId = await CreateLeadAsync(province);
        var firstOwner = await OwnerAsync(leadId);

        var atBreach = await EscalationsAfterAsync(TimeSpan.FromMinutes(46), leadId);
        var secondOwner = await OwnerAsync(leadId);
        var whenTheStepWasDue = await EscalationsAfterAsync(TimeSpan.FromMinutes(31), leadId);
        var afterTheNewDeadline = await EscalationsAfterAsync(TimeSpan.FromMinutes(15), leadId);

        Assert.Contains(firstOwner, reps);
        Assert.Contains(secondOwner, reps);
        Assert.NotEqual(firstOwner, secondOwner);
        Assert.Equal((1, 1, 2), (atBreach, whenTheStepWasDue, afterTheNewDeadline));
        var trail = await _client.QueryAsync(LeadTrail, new { id = leadId });
        Assert.Equal(["CREATED", "ASSIGNED", "DEADLINE_MISSED", "ESCALATED", "REASSIGNED", "DEADLINE_MISSED", "ESCALATED", "REASSIGNED"],
            trail["node"]!["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        Assert.All(trail["escalations"]!["nodes"]!.AsArray(), e => Assert.Equal("TEAM_LEAD", e!["level"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MissedFirstResponse_WithReassignmentOff_StaysWithItsOwner()
    {
        await StartAtAsync(DayOfWeek.Thursday, new TimeOnly(14, 0));
        var (teamId, _) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        // The rule's explicit false wins over a tenant that reassigns.
        await _client.QueryAsync("mutation { updateLeadRoutingSettings(input: { reassignOnFirstResponseBreach: true }) { errors { __typename } } }");
        await api.CreateRuleAsync(new { name = "不改派", position = 0, provinces = new[] { province }, strategy = "ROUND_ROBIN", teamId, firstResponseDeadlineMinutes = 10, reassignOnFirstResponseBreach = false });
        var leadId = await CreateLeadAsync(province);
        var owner = await OwnerAsync(leadId);

        var escalations = await EscalationsAfterAsync(TimeSpan.FromMinutes(11), leadId);
        await _client.QueryAsync("mutation { updateLeadRoutingSettings(input: { reassignOnFirstResponseBreach: false }) { errors { __typename } } }");

        Assert.Equal(1, escalations);
        Assert.Equal(owner, await OwnerAsync(leadId));
    }

    [Fact]
    public async Task ConvertedBeforeItsDeadline_WithoutARecordedFirstResponse_RaisesNothing()
    {
        await StartAtAsync(DayOfWeek.Wednesday, new TimeOnly(10, 0));
        var (teamId, _) = await api.TakeTeamAsync();
        var province = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = "当场转化", position = 0, provinces = new[] { province }, strategy = "ROUND_ROBIN", teamId, firstResponseDeadlineMinutes = 10 });
        var converted = await CreateLeadAsync(province);
        var untouched = await CreateLeadAsync(province);
        var conversion = await _client.QueryAsync("mutation($id: ID!) { convertLead(input: { leadId: $id }) { errors { __typename } } }", new { id = converted });

        var onTheUntouched = await EscalationsAfterAsync(TimeSpan.FromMinutes(11), untouched);
        var onTheConverted = (await _client.QueryAsync(LeadTrail, new { id = converted }))["escalations"]!["nodes"]!.AsArray().Count;

        Assert.Empty(conversion["convertLead"]!["errors"]!.AsArray());
        // The customer was reached: a lead turned into an opportunity was answered, recorded or not.
        Assert.Equal((1, 0), (onTheUntouched, onTheConverted));
    }

    [Fact]
    public async Task AnEscalation_IsActedOnOnlyByItsCurrentRecipientOrSomeoneAbove_AndKeepsItsSteps()
    {
        await StartAtAsync(DayOfWeek.Friday, new TimeOnly(9, 30));
        var (teamLead, regionManager) = await DemoTeamLeadAndRegionManagerAsync();
        var rep = api.CreateGraphQLClient(await new TokenClient(api).MemberTokenAsync("rep"));
        var province = api.UniqueProvince();
        await api.CreateRuleAsync(new { name = "谁来处理", position = 0, provinces = new[] { province }, strategy = "NAMED_MEMBER", memberId = await DemoRepIdAsync(), firstResponseDeadlineMinutes = 10 });
        var leadId = await CreateLeadAsync(province);
        await EscalationsAfterAsync(TimeSpan.FromMinutes(11), leadId);
        var escalationId = (await _client.QueryAsync(LeadTrail, new { id = leadId }))["escalations"]!["nodes"]![0]!["id"]!.GetValue<string>();
        const string Acknowledge = "mutation($id: ID!) { acknowledgeEscalation(input: { id: $id }) { escalation { status acknowledgedBy { email } } errors { __typename ... on UserError { code message } ... on NotEscalationRecipientError { level } } } }";

        // The rep who missed the deadline, and an integration client, are not in the chain.
        var byTheRep = await rep.QueryAsync(Acknowledge, new { id = escalationId });
        var byAClient = await _client.QueryAsync(Acknowledge, new { id = escalationId });
        var escalations = await EscalationsAfterAsync(TimeSpan.FromMinutes(31), leadId);
        // Climbed to the region manager: the team lead is below the current recipient now.
        var byTheTeamLeadAfterTheClimb = await teamLead.QueryAsync(Acknowledge, new { id = escalationId });
        var byTheRegionManager = await regionManager.QueryAsync(Acknowledge, new { id = escalationId });
        var teamLeadStillSeesIt = await teamLead.QueryAsync(LeadTrail, new { id = leadId });

        foreach (var refused in new[] { byTheRep, byAClient })
        {
            Assert.Null(refused["acknowledgeEscalation"]!["escalation"]);
            Assert.Equal("NotEscalationRecipientError", refused["acknowledgeEscalation"]!["errors"]![0]!["__typename"]!.GetValue<string>());
            Assert.Equal("TEAM_LEAD", refused["acknowledgeEscalation"]!["errors"]![0]!["level"]!.GetValue<string>());
        }

        Assert.Equal(1, escalations);
        Assert.Equal("REGION_MANAGER", byTheTeamLeadAfterTheClimb["acknowledgeEscalation"]!["errors"]![0]!["level"]!.GetValue<string>());
        Assert.Equal("ACKNOWLEDGED", byTheRegionManager["acknowledgeEscalation"]!["escalation"]!["status"]!.GetValue<string>());
        Assert.Equal("regionmanager@demo.example.com", byTheRegionManager["acknowledgeEscalation"]!["escalation"]!["acknowledgedBy"]!["email"]!.GetValue<string>());
        var kept = teamLeadStillSeesIt["escalations"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal(["0:TEAM_LEAD:teamlead@demo.example.com", "1:REGION_MANAGER:regionmanager@demo.example.com"],
            kept["steps"]!.AsArray().Select(e => $"{e!["step"]}:{e["level"]}:{e["target"]!["email"]}"));
        Assert.Equal("ACKNOWLEDGED", kept["status"]!.GetValue<string>());
    }

    /// <summary>The demo rep's id: the rep of the first team, whose lead and region manager are demo logins.</summary>
    private async Task<string> DemoRepIdAsync() =>
        (await api.CreateGraphQLClient(await new TokenClient(api).MemberTokenAsync("rep")).QueryAsync("{ viewer { member { id } } }"))["viewer"]!["member"]!["id"]!.GetValue<string>();

    private async Task<(GraphQLTestClient TeamLead, GraphQLTestClient RegionManager)> DemoTeamLeadAndRegionManagerAsync()
    {
        var tokens = new TokenClient(api);
        return (api.CreateGraphQLClient(await tokens.MemberTokenAsync("teamlead")), api.CreateGraphQLClient(await tokens.MemberTokenAsync("regionmanager")));
    }

    private async Task<string> OwnerAsync(string leadId) =>
        (await _client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Lead { owner { id } } } }", new { id = leadId }))["node"]!["owner"]!["id"]!.GetValue<string>();

    [Theory]
    [InlineData("[]", "at least one level")]
    [InlineData("[TEAM_LEAD, REGION_MANAGER, TEAM_LEAD]", "cycle")]
    public async Task EscalationChain_EmptyOrCyclic_IsRefused(string chain, string expected)
    {
        _client = await api.FreshClientAsync();
        var data = await _client.QueryAsync($"mutation {{ updateLeadRoutingSettings(input: {{ escalationChain: {chain} }}) {{ settings {{ escalationChain }} errors {{ ... on ValidationError {{ field message }} }} }} }}");

        var error = data["updateLeadRoutingSettings"]!["errors"]![0]!;
        Assert.Equal("input.escalationChain", error["field"]!.GetValue<string>());
        Assert.Contains(expected, error["message"]!.GetValue<string>());
        var settings = await _client.QueryAsync("{ leadRoutingSettings { escalationChain } }");
        Assert.Equal(["TEAM_LEAD", "REGION_MANAGER"], settings["leadRoutingSettings"]!["escalationChain"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    /// <summary>Moves the clock, fires what is due, and counts the lead's escalations.</summary>
    private async Task<int> EscalationsAfterAsync(TimeSpan wait, string leadId)
    {
        api.Clock.Advance(wait);
        await api.Timers.RunDueTimersAsync();
        return (await _client.QueryAsync(LeadTrail, new { id = leadId }))["escalations"]!["nodes"]!.AsArray().Count;
    }

    private async Task<string> CreateLeadAsync(string province)
    {
        var data = await _client.QueryAsync(LeadIntakeTests.CreateLead, new { input = new { name = "计时", phone = api.UniquePhone(), industry = "OTHER", source = "WEBSITE", province } });
        return data["createLead"]!["lead"]!["id"]!.GetValue<string>();
    }
}

public sealed class WorkingTimeTests
{
    private static readonly WorkingCalendar Shanghai = new()
    {
        Name = "test", TimeZone = "Asia/Shanghai", WorkdayStart = new TimeOnly(9, 0), WorkdayEnd = new TimeOnly(18, 0), WorkingDays = [1, 2, 3, 4, 5],
        Exceptions = [new CalendarException { Date = new DateOnly(2026, 10, 1), Name = "国庆节" }, new CalendarException { Date = new DateOnly(2026, 10, 10), Name = "调休", IsWorkingDay = true }],
    };

    [Theory]
    [InlineData("2026-11-30T01:30:00Z", 30, "2026-11-30T02:00:00Z")] // Monday 09:30 → 10:00
    [InlineData("2026-11-27T09:50:00Z", 30, "2026-11-30T01:20:00Z")] // Friday 17:50 → Monday 09:20
    [InlineData("2026-11-28T03:00:00Z", 60, "2026-11-30T02:00:00Z")] // Saturday → Monday 10:00
    [InlineData("2026-11-29T23:00:00Z", 10, "2026-11-30T01:10:00Z")] // Monday 07:00, before opening → 09:10
    [InlineData("2026-09-30T09:30:00Z", 60, "2026-10-02T01:30:00Z")] // Wednesday 17:30, holiday Thursday → Friday 09:30
    [InlineData("2026-10-09T09:30:00Z", 60, "2026-10-10T01:30:00Z")] // Friday 17:30 → make-up Saturday 09:30
    public void AddWorkingMinutes_SkipsNightsWeekendsAndHolidays(string start, int minutes, string expected)
    {
        var due = WorkingTime.AddWorkingMinutes(Shanghai, DateTime.Parse(start).ToUniversalTime(), minutes);

        Assert.Equal(DateTime.Parse(expected).ToUniversalTime(), due);
    }

    [Fact]
    public void AddWorkingMinutes_WithoutACalendar_IsWallClockTime() =>
        Assert.Equal(new DateTime(2026, 11, 28, 12, 30, 0, DateTimeKind.Utc), WorkingTime.AddWorkingMinutes(null, new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc), 30));
}
