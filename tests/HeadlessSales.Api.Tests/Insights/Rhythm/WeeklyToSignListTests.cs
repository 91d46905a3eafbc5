using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Insights.Rhythm;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>Wednesday's to-sign list: made by the durable weekly job, once across nodes, ranked by decision maturity with its reasons.</summary>
public sealed class WeeklyToSignListTests(RhythmFixture api) : IClassFixture<RhythmFixture>
{
    /// <summary>Wednesday 2 December 2026, 09:00 in Shanghai.</summary>
    private static readonly DateTime Wednesday = new(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc);

    private static DateTime Nov(int day) => new(2026, 11, day, 4, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A's opportunities on Wednesday 2 Dec (follow-ups count from 18 Nov 01:00 UTC, 14 days before):
    /// O1: 技术方案签署 (40) + 样品测试通过 (30) = 70. O2: 决策链确认 (30) + 3 follow-ups in the 14 days (2 each) = 36; its follow-up of
    /// 10 Nov is older. O3: 样品测试通过 = 30. Not listed: O4, signalled but already signed; O5, B's (on B's list).
    /// So A's list is O1, O2, O3; the window is the bonus window still ahead, 11–20 December.
    /// </summary>
    [Fact]
    public async Task WednesdaysList_ArrivesOnce_RankedByMaturity_WithItsReasons_AndTheNextWednesdayIsSet()
    {
        var account = await api.AccountAsync(api.A, Industry.NewEnergy, "节奏-周清单客户", Nov(1));
        var peerAccount = await api.AccountAsync(api.B, Industry.NewEnergy, "节奏-周清单同事客户", Nov(1));
        var o1 = await api.OpportunityAsync(api.A, account, "节奏-O1", Nov(2));
        var o2 = await api.OpportunityAsync(api.A, account, "节奏-O2", Nov(2));
        var o3 = await api.OpportunityAsync(api.A, account, "节奏-O3", Nov(2));
        var o4 = await api.OpportunityAsync(api.A, account, "节奏-O4", Nov(2), "SIGNING");
        var o5 = await api.OpportunityAsync(api.B, peerAccount, "节奏-O5", Nov(2));
        await using (var db = api.Pool.Rent(api.TenantId))
        {
            DecisionSignalDefinition Define(string code, string name, DecisionSignalSource source, string? sourceCode, int weight) =>
                db.DecisionSignalDefinitions.Add(new DecisionSignalDefinition { TenantId = api.TenantId, Code = code, Name = name, Source = source, SourceCode = sourceCode, Weight = weight, CreatedAt = Nov(1) }).Entity;
            var tech = Define("TECH_PROPOSAL_SIGNED", "技术方案签署", DecisionSignalSource.Api, null, 40);
            var sample = Define("SAMPLE_TEST_PASSED", "样品测试通过", DecisionSignalSource.Api, null, 30);
            var chain = Define("DECISION_MADE", "决策链确认", DecisionSignalSource.Tag, "DECISION_CHAIN_CONFIRMED", 30);
            await db.SaveChangesAsync();
            db.DecisionSignals.AddRange(
                DecisionSignal.Of(tech, o1, api.A, Nov(20)), DecisionSignal.Of(sample, o1, api.A, Nov(24)),
                DecisionSignal.Of(chain, o2, api.A, Nov(22)),
                DecisionSignal.Of(sample, o3, api.A, Nov(21)),
                DecisionSignal.Of(tech, o4, api.A, Nov(19)),
                DecisionSignal.Of(sample, o5, api.B, Nov(21)));
            foreach (var day in new[] { 10, 23, 25, 26 })
            {
                db.Activities.Add(new Activity
                {
                    TenantId = api.TenantId, Kind = ActivityKind.Visit, SubjectKind = ActivitySubjectKind.Opportunity, SubjectId = o2, SubjectOwnerId = api.A, MemberId = api.A,
                    TeamId = api.TeamId, OccurredAt = Nov(day), TagCodes = ["TECHNICAL_EXCHANGE"], Summary = "节奏周清单", CreatedAt = Nov(day),
                });
            }

            db.Contracts.Add(new Contract
            {
                TenantId = api.TenantId, OpportunityId = o4, AccountId = account, OwnerId = api.A, Title = "已签", Amount = 1m, Currency = "CNY",
                ApprovalStatus = ContractApprovalStatus.Approved, SignatureStatus = SignatureStatus.Signed, SignedAt = Nov(25), CreatedAt = Nov(24), UpdatedAt = Nov(25),
            });
            await db.SaveChangesAsync();
        }

        var bus = api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var socket = await WebSocketTestClient.ConnectAndInitAsync(api, await new TokenClient(api).MemberTokenAsync("rep"));
        await socket.SubscribeAsync("list", "subscription { onToSignListReady { memberId weekOf opportunities } }");
        while (bus.SubscriberCount < before + 1)
        {
            await Task.Yield();
        }

        // Two nodes race on the due timer: one delivery.
        api.Clock.SetUtcNow(Wednesday);
        var otherNode = ActivatorUtilities.CreateInstance<DurableTimerService>(api.Services,
            Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.Zero, NodeName = "other" }));
        await Task.WhenAll(api.Timers.RunDueTimersAsync(), otherNode.RunDueTimersAsync());
        await api.Timers.RunDueTimersAsync();

        var ready = (await socket.ReceiveAsync())!["payload"]!["data"]!["onToSignListReady"]!;
        Assert.Equal((RhythmFixture.Id("Member", api.A), "2026-12-02", 3), (ready["memberId"]!.GetValue<string>(), ready["weekOf"]!.GetValue<string>(), ready["opportunities"]!.GetValue<int>()));

        var rep = await api.MemberAsync("rep");
        var list = (await rep.QueryAsync("""
            { toSignList { weekOf items { rank opportunityId maturity explanation { code points reason } windowFrom windowTo } } }
            """))["toSignList"]!;
        Assert.Equal("2026-12-02", list["weekOf"]!.GetValue<string>());
        var items = list["items"]!.AsArray();
        Assert.Equal([(1, o1, 70), (2, o2, 36), (3, o3, 30)],
            items.Select(i => (i!["rank"]!.GetValue<int>(), GlobalId.TryDecode(i["opportunityId"]!.GetValue<string>(), "Opportunity")!.Value, i["maturity"]!.GetValue<int>())));
        Assert.Equal([("TECH_PROPOSAL_SIGNED", 40, "decision signal 技术方案签署"), ("SAMPLE_TEST_PASSED", 30, "decision signal 样品测试通过")],
            items[0]!["explanation"]!.AsArray().Select(p => (p!["code"]!.GetValue<string>(), p["points"]!.GetValue<int>(), p["reason"]!.GetValue<string>())));
        Assert.Equal([("DECISION_MADE", 30), ("FOLLOW_UPS", 6)], items[1]!["explanation"]!.AsArray().Select(p => (p!["code"]!.GetValue<string>(), p["points"]!.GetValue<int>())));
        Assert.Equal("3 follow-up(s) in the last 14 days", items[1]!["explanation"]![1]!["reason"]!.GetValue<string>());
        Assert.All(items, i => Assert.Equal(("2026-12-11", "2026-12-20"), (i!["windowFrom"]!.GetValue<string>(), i["windowTo"]!.GetValue<string>())));

        // B's list went out too, and is not the rep's to read.
        var peer = await rep.QueryAsync("query($m: ID) { toSignList(memberId: $m) { weekOf } }", new { m = RhythmFixture.Id("Member", api.B) });
        Assert.Null(peer["toSignList"]);
        var lead = await api.MemberAsync("teamlead");
        var peers = (await lead.QueryAsync("query($m: ID) { toSignList(memberId: $m) { items { opportunityId } } }", new { m = RhythmFixture.Id("Member", api.B) }))["toSignList"]!;
        Assert.Equal(RhythmFixture.Id("Opportunity", o5), Assert.Single(peers["items"]!.AsArray())!["opportunityId"]!.GetValue<string>());

        await using (var db = api.Pool.Rent(api.TenantId))
        {
            Assert.Equal(3, await db.ToSignListEntries.CountAsync(e => e.MemberId == api.A && e.WeekOf == new DateOnly(2026, 12, 2)));
            var pending = await db.ScheduledTimers.AsNoTracking().Where(t => t.Kind == WeeklyToSignJob.Kind && t.FiredAt == null).ToListAsync();
            Assert.Equal(new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc), Assert.Single(pending).DueAt);
        }
    }
}
