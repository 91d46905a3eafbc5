using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights;

[CollectionDefinition(Name)]
public sealed class AnalysesCollection : ICollectionFixture<AnalysesFixture>
{
    public const string Name = "insights-analyses";
}

/// <summary>
/// A host of its own (the bottleneck test moves the clock) with a hand-built team "聚类测试组" in the demo rep's region:
/// its own reps, accounts, pipeline, opportunities, stage history, follow-ups, leads and files, built here and nowhere
/// else, so the expected answers below do not depend on the demo data. Every figure the tests expect is worked out here.
/// </summary>
public sealed class AnalysesFixture : ApiFactory, IAsyncLifetime
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The bottleneck test moves the clock two days with the fixture's tokens in hand.
        ["Identity:AccessTokenLifetime"] = "30.00:00:00",
    };

    public long TenantId { get; private set; }

    public long TeamId { get; private set; }

    /// <summary>Tenured reps P1, P2, P3 (hired 2024) and new hires N1, N2 (hired 1 October 2026).</summary>
    public long P1 { get; private set; }

    public long P2 { get; private set; }

    public long P3 { get; private set; }

    public long N1 { get; private set; }

    public long N2 { get; private set; }

    public long StageS1 { get; private set; }

    public long StuckOpportunity { get; private set; }

    public long RecentOpportunity { get; private set; }

    /// <summary>No sub-segment; its records speak for 光伏 (11 points) over 风电 (8).</summary>
    public long SolarAccount { get; private set; }

    /// <summary>Carries 光伏, its name speaks for 风电.</summary>
    public long WindAccount { get; private set; }

    /// <summary>Carries 光伏, and its name says so.</summary>
    public long ConfirmedAccount { get; private set; }

    public long WindCase { get; private set; }

    public long LeadOfSolar { get; private set; }

    public long ProposalOfSolar { get; private set; }

    public long FollowUpSolarNotes { get; private set; }

    public long FollowUpSolarPrice { get; private set; }

    public string TeamGlobalId => GlobalId.Encode("Team", TeamId);

    /// <summary>The clustering period: the four weeks [Mon 5 Oct 2026, Mon 2 Nov 2026).</summary>
    public static readonly DateTime From = new(2026, 10, 5, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime To = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    public DateTime Now { get; private set; }

    public async Task InitializeAsync()
    {
        Now = Clock.GetUtcNow().UtcDateTime;
        var pool = Services.GetRequiredService<ISalesDbContextPool>();
        long regionId;
        await using (var across = pool.RentAcrossTenants())
        {
            var rep = await across.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "rep@demo.example.com");
            TenantId = rep.TenantId;
            regionId = rep.RegionId ?? await across.Teams.IgnoreQueryFilters().Where(t => t.Id == rep.TeamId).Select(t => t.RegionId).SingleAsync();
        }

        await using var db = pool.Rent(TenantId);
        var team = db.Teams.Add(new Team { TenantId = TenantId, RegionId = regionId, Name = "聚类测试组", CreatedAt = Now }).Entity;
        await db.SaveChangesAsync();
        TeamId = team.Id;
        long AddRep(string name, DateOnly hired)
        {
            var member = db.Members.Add(new Member
            {
                TenantId = TenantId, Name = name, Email = $"{name.ToLowerInvariant()}.analyses@demo.example.com", Role = MemberRole.Rep, TeamId = TeamId, RegionId = regionId,
                HiredOn = hired, CreatedAt = Now, UpdatedAt = Now,
            }).Entity;
            db.SaveChanges();
            return member.Id;
        }

        var tenured = new DateOnly(2024, 1, 1);
        var newHire = new DateOnly(2026, 10, 1);
        (P1, P2, P3, N1, N2) = (AddRep("P1", tenured), AddRep("P2", tenured), AddRep("P3", tenured), AddRep("N1", newHire), AddRep("N2", newHire));

        await SeedPipelineAsync(db);
        await SeedClusteringAsync(db);
        await SeedBottlenecksAsync(db);
        await SeedSegmentationAsync(db);
    }

    private SalesPipeline _pipeline = null!;
    private PipelineStage[] _stages = [];

    /// <summary>A pipeline of its own, without gates: S0 需求确认 → S1 方案报价 → S2 签约 (the last stage: a win).</summary>
    private async Task SeedPipelineAsync(SalesDbContext db)
    {
        _pipeline = db.Pipelines.Add(new SalesPipeline { TenantId = TenantId, Code = "ANALYSES", Name = "分析测试", CreatedAt = Now }).Entity;
        await db.SaveChangesAsync();
        _stages = [.. new[] { ("S0", "需求确认"), ("S1", "方案报价"), ("S2", "签约") }.Select((s, i) => db.PipelineStages.Add(new PipelineStage
        {
            TenantId = TenantId, PipelineId = _pipeline.Id, Position = i, Code = s.Item1, Name = s.Item2, DefaultProbability = 10 * (i + 1), CreatedAt = Now,
        }).Entity)];
        await db.SaveChangesAsync();
        StageS1 = _stages[1].Id;
    }

    private Account AddAccount(SalesDbContext db, string name, Industry industry, CompanySize size, OwnershipType ownership, long owner, string? subSegment = null) =>
        db.Accounts.Add(new Account { TenantId = TenantId, Name = name, Industry = industry, Size = size, Ownership = ownership, OwnerId = owner, SubSegment = subSegment, CreatedAt = Now, UpdatedAt = Now }).Entity;

    /// <summary>
    /// An opportunity with its stays: each (stage index, entered, left or null, how it came in). Its current stage is the last stay's.
    /// </summary>
    private async Task<long> AddOpportunityAsync(SalesDbContext db, string name, long accountId, long owner, params (int Stage, DateTime Entered, DateTime? Left, StageEntryKind Kind)[] stays)
    {
        var last = stays[^1];
        var opportunity = db.Opportunities.Add(new Opportunity
        {
            TenantId = TenantId, Name = name, AccountId = accountId, OwnerId = owner, PipelineId = _pipeline.Id, StageId = _stages[last.Stage].Id,
            StageEnteredAt = last.Entered, CreatedAt = stays[0].Entered, UpdatedAt = last.Entered,
        }).Entity;
        await db.SaveChangesAsync();
        long? from = null;
        foreach (var stay in stays)
        {
            db.OpportunityStageEntries.Add(new OpportunityStageEntry
            {
                TenantId = TenantId, OpportunityId = opportunity.Id, StageId = _stages[stay.Stage].Id, FromStageId = from, Kind = stay.Kind,
                Reason = stay.Kind == StageEntryKind.MovedBack ? "测试" : null, EnteredAt = stay.Entered, LeftAt = stay.Left,
            });
            from = _stages[stay.Stage].Id;
        }

        await db.SaveChangesAsync();
        return opportunity.Id;
    }

    private static DateTime October(int day, int hour = 10) => new(2026, 10, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Clustering, over [5 Oct, 2 Nov) = 4 weeks. Every rep logs 8 follow-ups (2 a week), tagged FIRST_CONTACT unless said:
    /// P1, P2 and N1 video demos, P3 and N2 calls. So VIDEO_DEMOS_PER_WEEK is 2, 2, 2, 0, 0: mean 1.2, population deviation
    /// √0.96 = 0.9798, z = +0.8165 for the demo-givers and −1.2247 for the callers.
    /// Technical questions (TECHNICAL_EXCHANGE): P1's demo on 6 Oct 10:00 is followed by P1's next on the same account on 7 Oct 09:00
    /// (23 h: answered, rate 1); P2's on 6 Oct 10:00 is next followed on 8 Oct 10:00 (48 h: not answered, rate 0); nobody else has one.
    /// Mean 0.5, deviation 0.5: z +1 for P1, −1 for P2, 0 for the rest (nothing to measure counts as average).
    /// Wins: P1 and P2 each move one opportunity S0 (6 Oct) → S1 (10 Oct) → S2 (20 Oct): one win each, stage advance rate 2 advances
    /// ÷ 3 stays = 2/3 for both (no other rep has a stay, so z = 0). P3 has none.
    /// Every other metric is equal or unmeasured for all: z = 0.
    /// With k = 2: {P1, P2, N1} (mean wins of its tenured reps 1) is cluster 1, the top performers', {P3, N2} (0) cluster 2.
    /// Centroid z of cluster 1: video demos +0.8165, technical response (1 − 1 + 0)/3 = 0; of cluster 2: video demos −1.2247.
    /// N1 is flagged; N2 is not.
    /// </summary>
    private async Task SeedClusteringAsync(SalesDbContext db)
    {
        var accounts = new Dictionary<long, Account>();
        foreach (var rep in new[] { P1, P2, P3, N1, N2 })
        {
            accounts[rep] = AddAccount(db, $"聚类测试汽车零部件{rep}", Industry.Automotive, CompanySize.Small, OwnershipType.Private, rep);
        }

        await db.SaveChangesAsync();
        var activities = new List<Activity>();
        void Log(long member, ActivityKind kind, DateTime at, params string[] tags) => activities.Add(new Activity
        {
            TenantId = TenantId, Kind = kind, SubjectKind = ActivitySubjectKind.Account, SubjectId = accounts[member].Id, SubjectOwnerId = member, MemberId = member,
            TeamId = TeamId, OccurredAt = at, TagCodes = tags.Length == 0 ? ["FIRST_CONTACT"] : [.. tags], Summary = "聚类测试", CreatedAt = at,
        });

        Log(P1, ActivityKind.VideoDemo, October(6), "TECHNICAL_EXCHANGE");
        Log(P1, ActivityKind.VideoDemo, October(7, 9));
        Log(P2, ActivityKind.VideoDemo, October(6), "TECHNICAL_EXCHANGE");
        Log(P2, ActivityKind.VideoDemo, October(8));
        foreach (var day in new[] { 12, 14, 16, 19, 21, 23 })
        {
            Log(P1, ActivityKind.VideoDemo, October(day));
            Log(P2, ActivityKind.VideoDemo, October(day));
        }

        foreach (var day in new[] { 6, 8, 12, 14, 16, 19, 21, 23 })
        {
            Log(N1, ActivityKind.VideoDemo, October(day));
            Log(P3, ActivityKind.Call, October(day));
            Log(N2, ActivityKind.Call, October(day));
        }

        // Outside the period: not counted.
        Log(P3, ActivityKind.VideoDemo, To);
        Log(N2, ActivityKind.VideoDemo, From.AddMinutes(-1));
        db.Activities.AddRange(activities);
        await db.SaveChangesAsync();
        db.ActivityTagLinks.AddRange(activities.SelectMany(ActivityTagLink.Of));
        await db.SaveChangesAsync();

        foreach (var rep in new[] { P1, P2 })
        {
            await AddOpportunityAsync(db, $"聚类测试赢单{rep}", accounts[rep].Id, rep,
                (0, October(6), October(10), StageEntryKind.Created), (1, October(10), October(20), StageEntryKind.Advanced), (2, October(20), null, StageEntryKind.Advanced));
        }
    }

    /// <summary>
    /// Bottlenecks (now = the fixture's clock). Segment X = new energy, large, state-owned.
    /// Stuck: P3's opportunity on an X account, in S1 for 10 days (S0 from now − 20 d). Not stuck at 7 days: P3's other X
    /// opportunity, in S1 for 3 days. Past S1 stays of X opportunities:
    /// P1: 2 d and 4 d, each ended by an advance → 2 moves, mean 3 d, fastest 2 d.
    /// P2: 5 d ended by an advance → 1 move, 5 d; and 1 d ended by a move back to S0 → not a move past the stage.
    /// P3: 1 d advanced → P3 owns the stuck one, so not suggested to themselves.
    /// N1: 0.5 d advanced, but on an automotive account → not similar.
    /// Expected helpers of the stuck one: P1 (2, 3.0, 2.0), then P2 (1, 5.0, 5.0).
    /// </summary>
    private async Task SeedBottlenecksAsync(SalesDbContext db)
    {
        var x = AddAccount(db, "瓶颈测试国电集团", Industry.NewEnergy, CompanySize.Large, OwnershipType.StateOwned, P3);
        var xOfP1 = AddAccount(db, "瓶颈测试国能一号", Industry.NewEnergy, CompanySize.Large, OwnershipType.StateOwned, P1);
        var xOfP2 = AddAccount(db, "瓶颈测试国能二号", Industry.NewEnergy, CompanySize.Large, OwnershipType.StateOwned, P2);
        var y = AddAccount(db, "瓶颈测试民营车企", Industry.Automotive, CompanySize.Large, OwnershipType.StateOwned, N1);
        await db.SaveChangesAsync();
        DateTime Ago(double days) => Now.AddDays(-days);

        StuckOpportunity = await AddOpportunityAsync(db, "瓶颈测试卡住", x.Id, P3, (0, Ago(20), Ago(10), StageEntryKind.Created), (1, Ago(10), null, StageEntryKind.Advanced));
        RecentOpportunity = await AddOpportunityAsync(db, "瓶颈测试刚进", x.Id, P3, (0, Ago(6), Ago(3), StageEntryKind.Created), (1, Ago(3), null, StageEntryKind.Advanced));
        await AddOpportunityAsync(db, "瓶颈测试P1快", xOfP1.Id, P1, (0, Ago(19), Ago(18), StageEntryKind.Created), (1, Ago(18), Ago(16), StageEntryKind.Advanced), (2, Ago(16), null, StageEntryKind.Advanced));
        await AddOpportunityAsync(db, "瓶颈测试P1慢", xOfP1.Id, P1, (0, Ago(19), Ago(18), StageEntryKind.Created), (1, Ago(18), Ago(14), StageEntryKind.Advanced), (2, Ago(14), null, StageEntryKind.Advanced));
        await AddOpportunityAsync(db, "瓶颈测试P2", xOfP2.Id, P2, (0, Ago(19), Ago(18), StageEntryKind.Created), (1, Ago(18), Ago(13), StageEntryKind.Advanced), (2, Ago(13), null, StageEntryKind.Advanced));
        await AddOpportunityAsync(db, "瓶颈测试P2退回", xOfP2.Id, P2, (0, Ago(19), Ago(18), StageEntryKind.Created), (1, Ago(18), Ago(17), StageEntryKind.Advanced), (0, Ago(17), null, StageEntryKind.MovedBack));
        await AddOpportunityAsync(db, "瓶颈测试P3自己", x.Id, P3, (0, Ago(19), Ago(18), StageEntryKind.Created), (1, Ago(18), Ago(17), StageEntryKind.Advanced), (2, Ago(17), null, StageEntryKind.Advanced));
        await AddOpportunityAsync(db, "瓶颈测试N1", y.Id, N1, (0, Ago(19), Ago(18), StageEntryKind.Created), (1, Ago(18), Ago(17.5), StageEntryKind.Advanced), (2, Ago(17.5), null, StageEntryKind.Advanced));
    }

    /// <summary>
    /// Segmentation, with the default lexicon. Points = keyword weight × source weight (name 3, product and file 2, follow-up 1), once per record.
    /// SolarAccount "瓶颈测试江苏新能源科技" (no sub-segment, industry OTHER):
    ///   its converted lead asked for product ANL-INV "组串式逆变器" → 逆变器 (光伏, 2) × 2 = 4;
    ///   file "海上风电项目技术方案.pdf" → 风电 (3) × 2 = 6 and 海上 (1) × 2 = 2 for 风电;
    ///   follow-up "客户计划扩建光伏电站，关注组件衰减" → 光伏 3 + 电站 1 + 组件 1 = 5; follow-up concern "逆变器价格偏高" → 2.
    ///   光伏 4 + 5 + 2 = 11 over 风电 8: MISSING, 光伏 suggested.
    /// WindAccount "常州风电叶片制造" (carries 光伏): name → 风电 3 × 3 = 9 + 叶片 2 × 3 = 6 = 15: CONTRADICTS, 风电 suggested.
    /// ConfirmedAccount "无锡光伏组件厂" (carries 光伏): 光伏 9 + 组件 3 = 12: CONFIRMED.
    /// One approved won case of 风电 with two talk tracks, pushed when WindAccount's suggestion is accepted.
    /// </summary>
    private async Task SeedSegmentationAsync(SalesDbContext db)
    {
        var solar = AddAccount(db, "瓶颈测试江苏新能源科技", Industry.Other, CompanySize.Medium, OwnershipType.Private, P3);
        var wind = AddAccount(db, "常州风电叶片制造", Industry.NewEnergy, CompanySize.Medium, OwnershipType.Private, P3, "光伏");
        var confirmed = AddAccount(db, "无锡光伏组件厂", Industry.NewEnergy, CompanySize.Medium, OwnershipType.Private, P3, "光伏");
        db.Products.Add(new Product { TenantId = TenantId, Code = "ANL-INV", Name = "组串式逆变器", CreatedAt = Now });
        await db.SaveChangesAsync();
        (SolarAccount, WindAccount, ConfirmedAccount) = (solar.Id, wind.Id, confirmed.Id);

        var lead = db.Leads.Add(new Lead
        {
            TenantId = TenantId, Name = "分段测试线索", OwnerId = P3, TeamId = TeamId, Status = LeadStatus.Converted, ProductInterests = ["ANL-INV"],
            AssignedAt = Now.AddDays(-30), ConvertedAt = Now.AddDays(-29), ConvertedAccountId = solar.Id, CreatedAt = Now.AddDays(-30), UpdatedAt = Now.AddDays(-29),
        }).Entity;
        var kind = await db.DocumentKinds.OrderBy(k => k.Id).FirstAsync();
        var document = db.Documents.Add(new Document
        {
            TenantId = TenantId, KindId = kind.Id, AccountId = solar.Id, FileName = "海上风电项目技术方案.pdf", ContentType = "application/pdf", SizeBytes = 1,
            Sha256 = new string('0', 64), StorageKey = "analyses-test", UploadedBy = "test", CreatedAt = Now,
        }).Entity;
        Activity FollowUp(string? notes, params string[] concerns) => db.Activities.Add(new Activity
        {
            TenantId = TenantId, Kind = ActivityKind.Call, SubjectKind = ActivitySubjectKind.Account, SubjectId = solar.Id, SubjectOwnerId = P3, MemberId = P3, TeamId = TeamId,
            OccurredAt = Now.AddDays(-20), TagCodes = ["NEEDS_DISCOVERY"], Notes = notes, Concerns = [.. concerns], Summary = "分段测试", CreatedAt = Now.AddDays(-20),
        }).Entity;
        var notes = FollowUp("客户计划扩建光伏电站，关注组件衰减");
        var price = FollowUp(null, "逆变器价格偏高");
        await db.SaveChangesAsync();
        (LeadOfSolar, ProposalOfSolar, FollowUpSolarNotes, FollowUpSolarPrice) = (lead.Id, document.Id, notes.Id, price.Id);

        var opportunity = await db.Opportunities.Where(o => o.OwnerId == P1).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var windCase = WonCase.Submit(TenantId, opportunity, P1,
            new WonCaseContent("风电塔筒项目赢单", "新能源", "风电", "海上风电整机厂", "技术交流后转向", "分期付款", ["先谈塔筒防腐寿命", "用同类风场的运维数据说话"], [], []), Now.AddDays(-5));
        windCase.Review(CaseReviewOutcome.Approved, Now.AddDays(-4));
        db.WonCases.Add(windCase);
        await db.SaveChangesAsync();
        WindCase = windCase.Id;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
