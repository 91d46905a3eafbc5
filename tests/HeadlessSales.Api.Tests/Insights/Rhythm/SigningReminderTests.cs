using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>Decision signals, configured by the admin, mark an opportunity ready to sign and remind its owner, live and on record.</summary>
public sealed class SigningReminderTests(RhythmFixture api) : IClassFixture<RhythmFixture>
{
    private const string Define = """
        mutation($input: DefineDecisionSignalInput!) { defineDecisionSignal(input: $input) {
          definition { code name source sourceCode weight } errors { __typename ... on UserError { code message } } } }
        """;

    private const string Record = """
        mutation($input: RecordDecisionSignalInput!) { recordDecisionSignal(input: $input) {
          signal { code source weight opportunity { id } } errors { __typename ... on UserError { code message } } } }
        """;

    private const string Reminders = """
        query($m: ID) { signingReminders(first: 20, memberId: $m) { totalCount nodes { memberId opportunityId signalCode signalName } } }
        """;

    [Fact]
    public async Task TaggedFollowUp_IsADecisionSignal_ThatRemindsTheOwner_OnceLiveAndOnRecord()
    {
        var admin = api.CreateGraphQLClient();
        var defined = await admin.QueryAsync(Define, new { input = new { code = "DECISION_MADE", name = "决策链确认", source = "TAG", sourceCode = "DECISION_CHAIN_CONFIRMED", weight = 30 } });
        Assert.Empty(defined["defineDecisionSignal"]!["errors"]!.AsArray());
        var account = await api.AccountAsync(api.A, Industry.NewEnergy, "节奏-提醒客户", api.Clock.GetUtcNow().UtcDateTime.AddDays(-30));
        var opportunity = RhythmFixture.Id("Opportunity", await api.OpportunityAsync(api.A, account, "节奏-提醒商机", api.Clock.GetUtcNow().UtcDateTime.AddDays(-20)));

        var bus = api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, await new TokenClient(api).MemberTokenAsync("rep"));
        await socket.SubscribeAsync("reminders", "subscription { onSigningReminderRaised { opportunityId signalCode signalName memberId } }");
        while (bus.SubscriberCount < before + 1)
        {
            await Task.Yield();
        }

        var rep = await api.MemberAsync("rep");
        const string log = """
            mutation($input: LogActivityInput!) { logActivity(input: $input) { errors { __typename ... on UserError { message } } } }
            """;
        var at = api.Clock.GetUtcNow().UtcDateTime.AddHours(-1).ToString("O");
        // A follow-up without the tag is no signal; the tagged one is; the same tag again adds nothing.
        foreach (var tags in new[] { new[] { "FIRST_CONTACT" }, ["DECISION_CHAIN_CONFIRMED", "BUDGET_CONFIRMED"], ["DECISION_CHAIN_CONFIRMED"] })
        {
            var logged = await rep.QueryAsync(log, new { input = new { subjectId = opportunity, kind = "VISIT", occurredAt = at, tagCodes = tags, notes = "节奏测试" } });
            Assert.Empty(logged["logActivity"]!["errors"]!.AsArray());
        }

        var heard = await socket.ReceiveAsync();
        var reminder = heard!["payload"]!["data"]!["onSigningReminderRaised"]!;
        Assert.Equal((opportunity, "DECISION_MADE", "决策链确认", RhythmFixture.Id("Member", api.A)),
            (reminder["opportunityId"]!.GetValue<string>(), reminder["signalCode"]!.GetValue<string>(), reminder["signalName"]!.GetValue<string>(), reminder["memberId"]!.GetValue<string>()));

        var mine = (await rep.QueryAsync(Reminders))["signingReminders"]!;
        Assert.Equal(1, mine["totalCount"]!.GetValue<int>());
        Assert.Equal(opportunity, mine["nodes"]![0]!["opportunityId"]!.GetValue<string>());

        // An API signal on the same opportunity reminds again; the same one twice is a duplicate.
        await admin.QueryAsync(Define, new { input = new { code = "SAMPLE_TEST_PASSED", name = "样品测试通过", source = "API", weight = 40 } });
        var recorded = await admin.QueryAsync(Record, new { input = new { opportunityId = opportunity, code = "SAMPLE_TEST_PASSED" } });
        Assert.Equal(("SAMPLE_TEST_PASSED", "API", 40), (recorded["recordDecisionSignal"]!["signal"]!["code"]!.GetValue<string>(),
            recorded["recordDecisionSignal"]!["signal"]!["source"]!.GetValue<string>(), recorded["recordDecisionSignal"]!["signal"]!["weight"]!.GetValue<int>()));
        var again = await admin.QueryAsync(Record, new { input = new { opportunityId = opportunity, code = "SAMPLE_TEST_PASSED" } });
        Assert.Equal("DUPLICATE", again["recordDecisionSignal"]!["errors"]![0]!["code"]!.GetValue<string>());
        var second = await socket.ReceiveAsync();
        Assert.Equal("SAMPLE_TEST_PASSED", second!["payload"]!["data"]!["onSigningReminderRaised"]!["signalCode"]!.GetValue<string>());
        Assert.Equal(["SAMPLE_TEST_PASSED", "DECISION_MADE"], (await rep.QueryAsync(Reminders))["signingReminders"]!["nodes"]!.AsArray().Select(n => n!["signalCode"]!.GetValue<string>()));

        // The team lead sees the rep's reminders; a rep of another team does not, exactly as for a member without any.
        var lead = await api.MemberAsync("teamlead");
        Assert.Equal(2, (await lead.QueryAsync(Reminders, new { m = RhythmFixture.Id("Member", api.A) }))["signingReminders"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Definitions_AreTheAdminsAndChecked_AndAnUnseenOpportunityIsNotFound()
    {
        var admin = api.CreateGraphQLClient();
        var unknown = await admin.QueryAsync(Define, new { input = new { code = "NO_SUCH_KIND", name = "未知", source = "DOCUMENT", sourceCode = "NOT_A_KIND" } });
        var error = unknown["defineDecisionSignal"]!["errors"]![0]!;
        Assert.Equal(("ValidationError", "The tenant has no document with the code NOT_A_KIND."), (error["__typename"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
        var rep = await api.MemberAsync("rep");
        var refused = await rep.PostAsync(Define, new { input = new { code = "REP_SIGNAL", name = "代表", source = "API" } });
        Assert.Equal("FORBIDDEN", refused.FirstErrorCode);

        // The rep records a signal on a teammate's opportunity: it reads as one that does not exist.
        await admin.QueryAsync(Define, new { input = new { code = "BUDGET_APPROVED", name = "预算批准", source = "API" } });
        var account = await api.AccountAsync(api.B, Industry.Chemicals, "节奏-同事客户", api.Clock.GetUtcNow().UtcDateTime.AddDays(-10));
        var peers = RhythmFixture.Id("Opportunity", await api.OpportunityAsync(api.B, account, "节奏-同事商机", api.Clock.GetUtcNow().UtcDateTime.AddDays(-5)));
        var hidden = await rep.QueryAsync(Record, new { input = new { opportunityId = peers, code = "BUDGET_APPROVED" } });
        var missing = await rep.QueryAsync(Record, new { input = new { opportunityId = RhythmFixture.Id("Opportunity", 987_654_321), code = "BUDGET_APPROVED" } });
        Assert.Equal(missing.ToJsonString().Replace(RhythmFixture.Id("Opportunity", 987_654_321), "<id>"), hidden.ToJsonString().Replace(peers, "<id>"));
        Assert.Equal("NOT_FOUND", hidden["recordDecisionSignal"]!["errors"]![0]!["code"]!.GetValue<string>());
    }
}
