using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>
/// A host whose durable timers the test runs itself, on its fake clock; its tokens outlive the months the clock is moved
/// across (signing in is not these tests' subject).
/// </summary>
internal sealed class TimedApiFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DurableTimers:PollInterval"] = "00:00:00",
        ["Identity:AccessTokenLifetime"] = "1000.00:00:00",
    };

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();

    /// <summary>Two nodes look for due timers at once: what fires, fires once.</summary>
    public async Task RunTimersOnTwoNodesAsync()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.Zero, NodeName = "other" });
        var otherNode = ActivatorUtilities.CreateInstance<DurableTimerService>(Services, options);
        await Task.WhenAll(Timers.RunDueTimersAsync(), otherNode.RunDueTimersAsync());
        await Timers.RunDueTimersAsync();
    }

    /// <summary>Starts the monthly obligation chain as the host does on start (test hosts switch that off).</summary>
    public Task ScheduleObligationsAsync() =>
        CaseObligationScheduler.EnsureScheduledAsync(Services.GetRequiredService<ISalesDbContextPool>(), Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
}

/// <summary>
/// The monthly case obligation: on the 1st the month's top rep by won deals owes a case, due on the tenant's due day, is
/// reminded once some days before (also with two nodes polling), shows overdue to the manager and not to another rep,
/// and is fulfilled when the case that answers it is approved.
/// </summary>
public sealed class CaseObligationTests : IAsyncLifetime
{
    public const string Obligations = """
        query($w: CaseObligationFilter) { caseObligations(first: 10, where: $w) { nodes { member { id } month rank wins dueAt status overdue reminder remindedAt fulfilledAt case { id status } } } }
        """;

    private readonly TimedApiFactory _api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_top_rep_owes_a_case_is_reminded_once_shows_overdue_to_the_manager_and_is_fulfilled_on_approval()
    {
        var scenario = new ContributionScenario(_api);
        var rep = await _api.MemberAsync("rep");
        var teamLead = await _api.MemberAsync("teamlead");
        var salesOps = await _api.MemberAsync("salesops");
        var reviewer = await _api.MemberAsync("reviewer", "sales:read");
        var repId = await scenario.MemberIdAsync(rep);

        var settings = await salesOps.QueryAsync("""
            mutation { updateContributionSettings(input: { obligationTopCount: 1, obligationDueDay: 10, obligationReminderDays: 3 }) {
              settings { obligationTopCount obligationTopShare obligationDueDay obligationReminderDays } errors { __typename } } }
            """);
        Assert.Equal("""{"obligationTopCount":1,"obligationTopShare":0.2,"obligationDueDay":10,"obligationReminderDays":3}""",
            settings["updateContributionSettings"]!["settings"]!.ToJsonString());
        var badDay = await salesOps.QueryAsync("mutation { updateContributionSettings(input: { obligationDueDay: 31 }) { errors { __typename } } }");
        Assert.Equal("ValidationError", badDay["updateContributionSettings"]!["errors"]![0]!["__typename"]!.GetValue<string>());

        // February 2027 in the tenant's time zone (the demo tenant's head office is in Shanghai, UTC+8), a month the demo's
        // history does not reach. The rep's first win is at 01:00 on 1 February in Shanghai, still 31 January in UTC: it
        // counts for February. Then the rep wins another deal and a new colleague one.
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 31, 17, 0, 0, TimeSpan.Zero));
        await scenario.WinAsync(await scenario.OpenOpportunityOfAsync(rep));
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 10, 2, 0, 0, TimeSpan.Zero));
        var colleague = await NewRepAsync(scenario, rep, "新同事小李", "xiaoli@example.com");
        var won = await scenario.OpenOpportunityOfAsync(rep);
        await scenario.WinAsync(won);
        await scenario.WinAsync(await OpportunityOwnedByAsync(scenario, rep, colleague));
        await _api.ScheduleObligationsAsync();

        // 1 March 00:00 in Shanghai (28 February 16:00 UTC): February is ranked (rep 2 wins, colleague 1; the top count is
        // 1), on two nodes at once; not a minute before.
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 15, 59, 0, TimeSpan.Zero));
        await _api.RunTimersOnTwoNodesAsync();
        Assert.Empty(Nodes(await rep.QueryAsync(Obligations)));
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 16, 0, 0, TimeSpan.Zero));
        await _api.RunTimersOnTwoNodesAsync();

        // Due on the 10th, at its start in Shanghai: 9 March 16:00 UTC.
        var owed = Assert.Single(Nodes(await rep.QueryAsync(Obligations)));
        Assert.Equal($$"""{"member":{"id":"{{repId}}"},"month":"2027-02","rank":1,"wins":2,"dueAt":"2027-03-09T16:00:00Z","status":"OPEN","overdue":false,"reminder":null,"remindedAt":null,"fulfilledAt":null,"case":null}""",
            owed.ToJsonString());
        // The next ranking: 1 April 00:00 in Shanghai.
        Assert.Equal(new DateTime(2027, 3, 31, 16, 0, 0, DateTimeKind.Utc), await NextMonthlyTimerAsync());

        // The reminder lands three days before the due date, once although two nodes poll.
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 6, 16, 0, 0, TimeSpan.Zero));
        await _api.RunTimersOnTwoNodesAsync();
        owed = Assert.Single(Nodes(await rep.QueryAsync(Obligations)));
        Assert.Equal(("2027-03-06T16:00:00Z", CaseObligation.ReminderText), (owed["remindedAt"]!.GetValue<string>(), owed["reminder"]!.GetValue<string>()));
        Assert.Single(await TimersAsync(CaseObligationJob.ReminderKind));

        // Overdue from the start of 10 March in Shanghai: the team lead sees it among the overdue; a rep of the team does
        // not see a colleague's.
        _api.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 16, 0, 0, TimeSpan.Zero));
        var overdue = Assert.Single(Nodes(await teamLead.QueryAsync(Obligations, new { w = new { overdue = true } })));
        Assert.Equal((repId, "OVERDUE", true), (overdue["member"]!["id"]!.GetValue<string>(), overdue["status"]!.GetValue<string>(), overdue["overdue"]!.GetValue<bool>()));
        Assert.Empty(Nodes(await teamLead.QueryAsync(Obligations, new { w = new { memberIds = new[] { colleague } } })));
        Assert.Single(Nodes(await salesOps.QueryAsync(Obligations, new { w = new { months = new[] { "2027-02" } } })));

        // The rep's case answers it; the approval fulfils it (late).
        var caseId = (await rep.QueryAsync("""
            mutation($input: SubmitWonCaseInput!) { submitWonCase(input: $input) { wonCase { id } errors { __typename } } }
            """, new { input = DoneWhenTests.CaseContent(won) }))["submitWonCase"]!["wonCase"]!["id"]!.GetValue<string>();
        Assert.Equal("SUBMITTED", Assert.Single(Nodes(await rep.QueryAsync(Obligations)))["case"]!["status"]!.GetValue<string>());
        await reviewer.QueryAsync("mutation($id: ID!) { approveWonCase(input: { id: $id }) { errors { __typename } } }", new { id = caseId });
        var fulfilled = Assert.Single(Nodes(await teamLead.QueryAsync(Obligations)));
        Assert.Equal(("FULFILLED", false, "2027-03-09T16:00:00Z", caseId),
            (fulfilled["status"]!.GetValue<string>(), fulfilled["overdue"]!.GetValue<bool>(), fulfilled["fulfilledAt"]!.GetValue<string>(), fulfilled["case"]!["id"]!.GetValue<string>()));
        Assert.Empty(Nodes(await teamLead.QueryAsync(Obligations, new { w = new { overdue = true } })));
    }

    public static List<JsonNode> Nodes(JsonNode data) => [.. data["caseObligations"]!["nodes"]!.AsArray().Select(n => n!)];

    /// <summary>A rep who joins the demo rep's team, with a login.</summary>
    internal static async Task<string> NewRepAsync(ContributionScenario scenario, GraphQLTestClient teamMate, string name, string email, string? industry = null)
    {
        var created = await scenario.Api.CreateGraphQLClient().QueryAsync("""
            mutation($t: ID!, $n: String!, $e: String!, $i: String) { createMember(input: { name: $n, email: $e, role: REP, teamId: $t, hiredOn: "2027-01-04", industry: $i }) { member { id } errors { __typename } } }
            """, new { t = await scenario.TeamIdAsync(teamMate), n = name, e = email, i = industry });
        return created["createMember"]!["member"]!["id"]!.GetValue<string>();
    }

    private static async Task<string> OpportunityOwnedByAsync(ContributionScenario scenario, GraphQLTestClient accountOwner, string ownerId)
    {
        var integration = scenario.Api.CreateGraphQLClient();
        var accounts = await integration.QueryAsync("query($o: [ID!]) { accounts(first: 1, where: { ownerIds: $o }) { nodes { id } } }", new { o = new[] { await scenario.MemberIdAsync(accountOwner) } });
        var created = await integration.QueryAsync("""
            mutation($a: ID!, $o: ID) { createOpportunity(input: { accountId: $a, ownerId: $o, name: "同事的单", amount: { amount: "100000", currency: "CNY" } }) { opportunity { id } errors { __typename } } }
            """, new { a = accounts["accounts"]!["nodes"]![0]!["id"]!.GetValue<string>(), o = ownerId });
        return created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
    }

    private async Task<DateTime> NextMonthlyTimerAsync()
    {
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        var pending = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.ScheduledTimers)
            .Where(t => t.Kind == CaseObligationJob.Kind && t.FiredAt == null).Select(t => t.DueAt);
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(pending);
    }

    private async Task<List<ScheduledTimer>> TimersAsync(string kind)
    {
        await using var db = _api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.ScheduledTimers).Where(t => t.Kind == kind && t.FiredAt != null));
    }
}
