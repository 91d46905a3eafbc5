using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>
/// A host of its own with a region of its own (region R: team T1 with active reps A and B and an inactive rep D;
/// team T2 with rep C), so the team and region figures are made of the hand-built rows alone whatever the demo data
/// holds. The main week is [Mon 2020-06-01, Mon 2020-06-08); the previous one [2020-05-25, 2020-06-01).
///
/// Leads (window 3 days; times UTC):
///   FL1 T1/A created 06-01 09:00, assigned at intake, answered 09:30 (deadline 10:00); followed up 06-03 09:00 (due 06-04 09:00): met.
///   FL2 T1/A created 06-02 10:00, queued (assignment deadline 10:30), taken by A 11:00, never answered (deadline 12:00);
///       followed up 06-05 10:01, one minute after its due 06-05 10:00: missed.
///   FL3 T1/B created 06-03 08:00, never followed up: missed.
///   FL4 created 06-04 12:00 for A, followed up by A 06-05 09:00 (met), then reassigned to B 06-05 18:00: counts for B, met.
///   FL5 T1/A created 05-31 23:00 (previous week), followed up 06-01 01:00: previous week, met.
///   FL6 T1/A created 06-08 00:00: the next week (half-open periods), never counted here.
///   FL7 T2/C created 06-02 08:00, followed up 06-03 08:00: met.
/// Opportunities created in the week: FO1 (B) created 06-02 14:00, followed up 06-04 13:00: met.
///   FO2 (A) created 06-06 10:00, never followed up (due 06-09 10:00, long past "now"): missed.
/// Opportunities for stage dwell, created in May before either week (so they are not follow-up cases):
///   DO1 (A): 需求确认 05-20 00:00 → 06-02 00:00 = 13 d; 方案报价 06-02 00:00 → 06-05 12:00 = 3.5 d; then 商务谈判, still there.
///   DO2 (B): 需求确认 05-22 00:00 → 06-03 00:00 = 12 d; 方案报价 06-03 → 06-04 = 1 d; 商务谈判 06-04 → 06-09 (ends next week).
///   DO3 (A): 需求确认 05-24 00:00 → 06-01 06:00 = 8.25 d; then 方案报价, still there.
///   DO4 (B): 需求确认 05-10 → 05-30 = 20 d (ended in the previous week).
///   DO5 (C, T2): 需求确认 05-15 → 06-03 = 19 d.
/// Follow-ups in the week (step tags count by default; 价格疑虑 PRICE_CONCERN and 竞品对比 COMPETITOR_COMPARISON do not):
///   a1 A CALL FL1 [FIRST_CONTACT] ✓, a2 A CALL FL2 [PRICE_CONCERN] ✗, a3 A VISIT FL4 [NEEDS_DISCOVERY, PRICE_CONCERN] ✓,
///   a4 B VIDEO_DEMO FO1 [SOLUTION_DEMO] ✓, a5 C CALL FL7 [COMPETITOR_COMPARISON] ✗ (T2), a6 A VIDEO_DEMO account 06-02 [SOLUTION_DEMO, PRICE_CONCERN] ✓,
///   a7 B VIDEO_DEMO account 06-06 [COMPETITOR_COMPARISON] ✗, a8 A VIDEO_DEMO account 06-07 23:59 [TECHNICAL_EXCHANGE] ✓,
///   a10 A CALL FL5 06-01 01:00 [FIRST_CONTACT] ✓, a12 A CALL account 06-03 [PRICE_CONCERN, COMPETITOR_COMPARISON] ✗,
///   a13 D (inactive) VIDEO_DEMO account 06-03 [SOLUTION_DEMO] ✓.
///   Outside the week: a9 A VIDEO_DEMO 06-08 00:00 (next), a11 B VIDEO_DEMO 05-28 [SOLUTION_DEMO] (previous).
/// Near the clock (2026-11-27 01:30), for undecided cases, team T2 / rep C: UL1 created 2026-11-24 01:45 (due 11-27 01:45, not
///   followed up: undecided), UL2 created 11-23 10:00 (due 11-26 10:00, not followed up: missed), UL3 created 11-26 00:00 and
///   followed up by a VIDEO_DEMO 11-26 12:00 [FIRST_CONTACT]: met.
/// </summary>
public sealed class ProcessMetricsFixture : ApiFactory, IAsyncLifetime
{
    public HandBuiltHealthData Data { get; private set; } = null!;

    public long TenantId => Data.TenantId;

    public long RegionId => Data.RegionId;

    public long Team1 => Data.Team1;

    public long Team2 => Data.Team2;

    public long RepA => Data.RepA;

    public long RepB => Data.RepB;

    public long RepC => Data.RepC;

    public long RepD => Data.RepD;

    public static DateTime June(int day, int hour = 0, int minute = 0) => HandBuiltHealthData.June(day, hour, minute);

    public static DateTime November2026(int day, int hour = 0, int minute = 0) => HandBuiltHealthData.November2026(day, hour, minute);

    public async Task InitializeAsync() => Data = await HandBuiltHealthData.SeedAsync(Services);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>The rows described on <see cref="ProcessMetricsFixture"/>, added to the demo tenant of any host (SQLite or PostgreSQL).</summary>
public sealed class HandBuiltHealthData
{
    public long TenantId { get; private set; }

    public long RegionId { get; private set; }

    public long Team1 { get; private set; }

    public long Team2 { get; private set; }

    public long RepA { get; private set; }

    public long RepB { get; private set; }

    public long RepC { get; private set; }

    public long RepD { get; private set; }

    public Dictionary<string, long> StageIds { get; } = [];

    public static DateTime June(int day, int hour = 0, int minute = 0) => day <= 0
        ? new DateTime(2020, 5, 31 + day, hour, minute, 0, DateTimeKind.Utc)
        : new DateTime(2020, 6, day, hour, minute, 0, DateTimeKind.Utc);

    public static DateTime May(int day, int hour = 0, int minute = 0) => new(2020, 5, day, hour, minute, 0, DateTimeKind.Utc);

    public static DateTime November2026(int day, int hour = 0, int minute = 0) => new(2026, 11, day, hour, minute, 0, DateTimeKind.Utc);

    public static async Task<HandBuiltHealthData> SeedAsync(IServiceProvider services)
    {
        var data = new HandBuiltHealthData();
        await data.AddRowsAsync(services.GetRequiredService<ISalesDbContextPool>());
        return data;
    }

    private async Task AddRowsAsync(ISalesDbContextPool pool)
    {
        await using (var across = pool.RentAcrossTenants())
        {
            TenantId = await across.Members.IgnoreQueryFilters().Where(m => m.Email == "rep@demo.example.com").Select(m => m.TenantId).SingleAsync();
        }

        await using var db = pool.Rent(TenantId);
        var created = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var region = db.Regions.Add(new Region { TenantId = TenantId, Code = "HEALTH_R", Name = "健康测试大区", CreatedAt = created }).Entity;
        await db.SaveChangesAsync();
        var team1 = db.Teams.Add(new Team { TenantId = TenantId, RegionId = region.Id, Name = "健康一组", CreatedAt = created }).Entity;
        var team2 = db.Teams.Add(new Team { TenantId = TenantId, RegionId = region.Id, Name = "健康二组", CreatedAt = created }).Entity;
        await db.SaveChangesAsync();
        Member Rep(string name, Team team, bool active = true) => db.Members.Add(new Member
        {
            TenantId = TenantId, Name = name, Email = $"{name}@health.example.com", Role = MemberRole.Rep, TeamId = team.Id, RegionId = region.Id,
            HiredOn = new DateOnly(2019, 1, 1), Active = active, CreatedAt = created, UpdatedAt = created,
        }).Entity;
        var (a, b, c, d) = (Rep("health-a", team1), Rep("health-b", team1), Rep("health-c", team2), Rep("health-d", team1, active: false));
        await db.SaveChangesAsync();
        (RegionId, Team1, Team2, RepA, RepB, RepC, RepD) = (region.Id, team1.Id, team2.Id, a.Id, b.Id, c.Id, d.Id);

        var pipeline = await DefaultPipeline.EnsureAsync(db, TenantId, created, CancellationToken.None);
        foreach (var stage in await db.PipelineStages.Where(s => s.PipelineId == pipeline.Id).ToListAsync())
        {
            StageIds[stage.Code] = stage.Id;
        }

        var accountId = await db.Accounts.IgnoreQueryFilters().Where(x => x.TenantId == TenantId).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();

        async Task<Lead> LeadAsync(string name, Team team, Member owner, DateTime createdAt, DateTime? answeredAt = null)
        {
            var lead = db.Leads.Add(new Lead
            {
                TenantId = TenantId, Name = $"健康指标-{name}", TeamId = team.Id, OwnerId = owner.Id, CreatedAt = createdAt, UpdatedAt = createdAt,
                Status = answeredAt is null ? LeadStatus.Assigned : LeadStatus.Contacted, AssignedAt = createdAt, FirstRespondedAt = answeredAt,
            }).Entity;
            await db.SaveChangesAsync();
            db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Created, OccurredAt = createdAt });
            return lead;
        }

        void Assigned(Lead lead, LeadHistoryKind kind, Member owner, DateTime at, DateTime responseDue)
        {
            db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = lead.Id, Kind = kind, OwnerId = owner.Id, OccurredAt = at });
            db.ScheduledTimers.Add(new ScheduledTimer { TenantId = TenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = at, DueAt = responseDue, FiredAt = responseDue });
        }

        void FollowUp(ActivitySubjectKind subjectKind, long subjectId, Member member, Team team, DateTime at, ActivityKind kind, params string[] tags) =>
            db.Activities.Add(new Activity
            {
                TenantId = TenantId, Kind = kind, SubjectKind = subjectKind, SubjectId = subjectId, SubjectOwnerId = member.Id, MemberId = member.Id, TeamId = team.Id,
                OccurredAt = at, TagCodes = [.. tags], Summary = "健康指标测试", CreatedAt = at,
            });

        var fl1 = await LeadAsync("FL1", team1, a, June(1, 9), June(1, 9, 30));
        Assigned(fl1, LeadHistoryKind.Assigned, a, June(1, 9), June(1, 10));
        FollowUp(ActivitySubjectKind.Lead, fl1.Id, a, team1, June(3, 9), ActivityKind.Call, "FIRST_CONTACT");

        var fl2 = await LeadAsync("FL2", team1, a, June(2, 10));
        db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = fl2.Id, Kind = LeadHistoryKind.Queued, OccurredAt = June(2, 10) });
        db.ScheduledTimers.Add(new ScheduledTimer { TenantId = TenantId, Kind = LeadSopTimerHandler.AssignmentDeadline, SubjectId = fl2.Id, AnchorAt = June(2, 10), DueAt = June(2, 10, 30), FiredAt = June(2, 10, 30) });
        Assigned(fl2, LeadHistoryKind.Reassigned, a, June(2, 11), June(2, 12));
        FollowUp(ActivitySubjectKind.Lead, fl2.Id, a, team1, June(5, 10, 1), ActivityKind.Call, "PRICE_CONCERN");

        var fl3 = await LeadAsync("FL3", team1, b, June(3, 8));
        Assigned(fl3, LeadHistoryKind.Assigned, b, June(3, 8), June(3, 9));

        var fl4 = await LeadAsync("FL4", team1, b, June(4, 12));
        db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = fl4.Id, Kind = LeadHistoryKind.Assigned, OwnerId = a.Id, OccurredAt = June(4, 12) });
        db.LeadHistory.Add(new LeadHistoryEntry { TenantId = TenantId, LeadId = fl4.Id, Kind = LeadHistoryKind.Reassigned, OwnerId = b.Id, OccurredAt = June(5, 18) });
        FollowUp(ActivitySubjectKind.Lead, fl4.Id, a, team1, June(5, 9), ActivityKind.Visit, "NEEDS_DISCOVERY", "PRICE_CONCERN");

        var fl5 = await LeadAsync("FL5", team1, a, June(0, 23));
        Assigned(fl5, LeadHistoryKind.Assigned, a, June(0, 23), June(1, 0));
        FollowUp(ActivitySubjectKind.Lead, fl5.Id, a, team1, June(1, 1), ActivityKind.Call, "FIRST_CONTACT");

        var fl6 = await LeadAsync("FL6", team1, a, June(8));
        Assigned(fl6, LeadHistoryKind.Assigned, a, June(8), June(8, 1));

        var fl7 = await LeadAsync("FL7", team2, c, June(2, 8));
        Assigned(fl7, LeadHistoryKind.Assigned, c, June(2, 8), June(2, 9));
        FollowUp(ActivitySubjectKind.Lead, fl7.Id, c, team2, June(3, 8), ActivityKind.Call, "COMPETITOR_COMPARISON");

        async Task<Opportunity> OpportunityAsync(string name, Member owner, DateTime createdAt, params (string Stage, DateTime EnteredAt, DateTime? LeftAt)[] stays)
        {
            var opportunity = db.Opportunities.Add(new Opportunity
            {
                TenantId = TenantId, Name = $"健康指标-{name}", AccountId = accountId, OwnerId = owner.Id, PipelineId = pipeline.Id,
                StageId = StageIds[stays.Length == 0 ? "REQUIREMENT_CONFIRMATION" : stays[^1].Stage], StageEnteredAt = stays.Length == 0 ? createdAt : stays[^1].EnteredAt,
                Probability = 10, CreatedAt = createdAt, UpdatedAt = createdAt,
            }).Entity;
            await db.SaveChangesAsync();
            var entries = stays.Length == 0 ? [("REQUIREMENT_CONFIRMATION", createdAt, (DateTime?)null)] : stays;
            foreach (var (index, (stage, enteredAt, leftAt)) in entries.Index())
            {
                db.OpportunityStageEntries.Add(new OpportunityStageEntry
                {
                    TenantId = TenantId, OpportunityId = opportunity.Id, StageId = StageIds[stage], FromStageId = index == 0 ? null : StageIds[entries[index - 1].Item1],
                    Kind = index == 0 ? StageEntryKind.Created : StageEntryKind.Advanced, EnteredAt = enteredAt, LeftAt = leftAt,
                });
            }

            return opportunity;
        }

        var fo1 = await OpportunityAsync("FO1", b, June(2, 14));
        FollowUp(ActivitySubjectKind.Opportunity, fo1.Id, b, team1, June(4, 13), ActivityKind.VideoDemo, "SOLUTION_DEMO");
        await OpportunityAsync("FO2", a, June(6, 10));

        await OpportunityAsync("DO1", a, May(20), ("REQUIREMENT_CONFIRMATION", May(20), June(2)), ("QUOTATION", June(2), June(5, 12)), ("NEGOTIATION", June(5, 12), null));
        await OpportunityAsync("DO2", b, May(22), ("REQUIREMENT_CONFIRMATION", May(22), June(3)), ("QUOTATION", June(3), June(4)), ("NEGOTIATION", June(4), June(9)));
        await OpportunityAsync("DO3", a, May(24), ("REQUIREMENT_CONFIRMATION", May(24), June(1, 6)), ("QUOTATION", June(1, 6), null));
        await OpportunityAsync("DO4", b, May(10), ("REQUIREMENT_CONFIRMATION", May(10), May(30)), ("QUOTATION", May(30), null));
        await OpportunityAsync("DO5", c, May(15), ("REQUIREMENT_CONFIRMATION", May(15), June(3)), ("QUOTATION", June(3), null));

        FollowUp(ActivitySubjectKind.Account, accountId, a, team1, June(2, 15), ActivityKind.VideoDemo, "SOLUTION_DEMO", "PRICE_CONCERN");
        FollowUp(ActivitySubjectKind.Account, accountId, b, team1, June(6, 11), ActivityKind.VideoDemo, "COMPETITOR_COMPARISON");
        FollowUp(ActivitySubjectKind.Account, accountId, a, team1, June(7, 23, 59), ActivityKind.VideoDemo, "TECHNICAL_EXCHANGE");
        FollowUp(ActivitySubjectKind.Account, accountId, a, team1, June(8), ActivityKind.VideoDemo, "SOLUTION_DEMO");
        FollowUp(ActivitySubjectKind.Account, accountId, b, team1, May(28, 10), ActivityKind.VideoDemo, "SOLUTION_DEMO");
        FollowUp(ActivitySubjectKind.Account, accountId, a, team1, June(3, 16), ActivityKind.Call, "PRICE_CONCERN", "COMPETITOR_COMPARISON");
        FollowUp(ActivitySubjectKind.Account, accountId, d, team1, June(3, 17), ActivityKind.VideoDemo, "SOLUTION_DEMO");

        await LeadAsync("UL1", team2, c, November2026(24, 1, 45));
        await LeadAsync("UL2", team2, c, November2026(23, 10));
        var ul3 = await LeadAsync("UL3", team2, c, November2026(26));
        FollowUp(ActivitySubjectKind.Lead, ul3.Id, c, team2, November2026(26, 12), ActivityKind.VideoDemo, "FIRST_CONTACT");
        await db.SaveChangesAsync();
        // The tag rows logActivity writes with each follow-up.
        await ActivityTagLink.AddMissingAsync(db, TenantId, CancellationToken.None);
    }
}
