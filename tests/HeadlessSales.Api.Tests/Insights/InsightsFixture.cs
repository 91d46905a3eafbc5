using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights;

/// <summary>
/// A host of its own: the monthly job is on here (the tests fire it by moving the clock), and a second tenant, "rival", tries
/// to reach the demo tenant's reports. The hand-built data set lives in March 2020, long before the demo data, in the
/// team of rep@demo.example.com and teamlead@demo.example.com.
/// </summary>
public sealed class InsightsFixture : ApiFactory, IAsyncLifetime
{
    public const string RivalClientId = "rival-insights";
    public const string RivalSecret = "rival-insights-secret";

    /// <summary>The four weeks [Mon 2 Mar 2020, Mon 30 Mar 2020).</summary>
    public static readonly DateTime From = new(2020, 3, 2, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime To = new(2020, 3, 30, 0, 0, 0, DateTimeKind.Utc);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Insights:ScheduleMonthlyAttributionReports"] = "true",
        // Tests fire due timers themselves, after moving the clock.
        ["DurableTimers:PollInterval"] = "00:00:00",
        // The job test moves the clock days ahead with the fixture's tokens in hand.
        ["Identity:AccessTokenLifetime"] = "30.00:00:00",
    };

    public AttributionDataSet Data { get; private set; } = null!;

    public long TenantId => Data.TenantId;

    public long TeamId => Data.TeamId;

    public long A => Data.A;

    public long B => Data.B;

    public long C => Data.C;

    public long D => Data.D;

    public long TeamLead => Data.TeamLead;

    public GraphQLTestClient Rival { get; private set; } = null!;

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();

    public string TeamGlobalId => GlobalId.Encode("Team", TeamId);

    public async Task InitializeAsync()
    {
        Data = await AttributionDataSet.SeedAsync(Services);
        var pool = Services.GetRequiredService<ISalesDbContextPool>();

        var rivalTenant = await new DemoDataSeeder(pool).SeedAsync(
            DemoDataSeeder.DemoScale with { Regions = 1, TeamsPerRegion = 1, RepsPerTeam = 2, Accounts = 5 }, null, CancellationToken.None, "rival-insights", "Rival Insights Co.");
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationClientService>()
            .CreateAsync(rivalTenant, "Rival", Scopes.All, CancellationToken.None, RivalClientId, RivalSecret);
        Rival = CreateGraphQLClient(await new TokenClient(this).ClientCredentialsAsync(RivalClientId, RivalSecret));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The hand-built March 2020 of the demo rep's team (rep@demo.example.com is A, teamlead@demo.example.com its lead),
/// long before the demo data, so a report of that team and period is made of these rows alone.
/// </summary>
public sealed class AttributionDataSet
{
    public long TenantId { get; private set; }

    public long TeamId { get; private set; }

    public long RegionId { get; private set; }

    /// <summary>The team's reps: A is rep@demo.example.com; E is added here, with too few leads to be ranked.</summary>
    public long A { get; private set; }

    public long B { get; private set; }

    public long C { get; private set; }

    public long D { get; private set; }

    public long E { get; private set; }

    public long TeamLead { get; private set; }

    public static readonly DateTime From = InsightsFixture.From;

    public static readonly DateTime To = InsightsFixture.To;

    private static DateTime Day(int day, int hour = 10) => new(2020, 3, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Leads assigned in the period (LEAD_CONVERTED: converted before it ended):
    /// A 4 leads, 3 converted (0.75); B 5 leads, 3 converted in the period + 1 on 2 April, which is too late (0.6);
    /// C 4 leads, 1 converted (0.25); D 3 leads, none (0); E 1 lead, converted (1.0, but below 2 leads: not ranked).
    /// A also has a lead assigned on 28 Feb and converted in March: outside the period, not counted.
    /// Ranked with shares 0.5/0.5 and minimum 2 leads: A, B on top; C, D at the bottom.
    /// Top rate (3+3)/(4+5) = 2/3; bottom 1/(4+3) = 1/7; team (3+3+1+0+1)/(4+5+4+3+1) = 8/17.
    ///
    /// Follow-ups in the period, with their tags:
    /// A: 10 video demos [COMPETITOR_COMPARISON, SOLUTION_DEMO]; 12 calls: 4 [PRICE_CONCERN], 8 [FIRST_CONTACT]; 2 visits [SITE_SURVEY].
    /// B: 9 video demos: 6 [COMPETITOR_COMPARISON, SOLUTION_DEMO], 3 [SOLUTION_DEMO]; 12 calls [FIRST_CONTACT]; 2 visits [SITE_SURVEY].
    /// C: 2 video demos: 1 [COMPETITOR_COMPARISON], 1 [SOLUTION_DEMO]; 20 calls [PRICE_CONCERN].
    /// D: 1 video demo [SOLUTION_DEMO]; 12 calls: 4 [PRICE_CONCERN], 8 [FIRST_CONTACT].
    /// E: 2 video demos: 1 [COMPETITOR_COMPARISON], 1 [SOLUTION_DEMO]; 4 calls [FIRST_CONTACT].
    /// Not counted: A's video demo at 30 Mar 00:00 (the period is half-open) and on 1 Mar; the team lead's 5 video demos (not a rep).
    /// </summary>
    public static async Task<AttributionDataSet> SeedAsync(IServiceProvider services)
    {
        var set = new AttributionDataSet();
        var pool = services.GetRequiredService<ISalesDbContextPool>();
        await using (var across = pool.RentAcrossTenants())
        {
            var rep = await across.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "rep@demo.example.com");
            (set.TenantId, set.TeamId, set.A) = (rep.TenantId, rep.TeamId!.Value, rep.Id);
            var others = await across.Members.IgnoreQueryFilters()
                .Where(m => m.TeamId == set.TeamId && m.Id != set.A && m.Role == MemberRole.Rep).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
            Assert.Equal(3, others.Count);
            (set.B, set.C, set.D) = (others[0], others[1], others[2]);
            set.TeamLead = await across.Members.IgnoreQueryFilters().Where(m => m.Email == "teamlead@demo.example.com").Select(m => m.Id).SingleAsync();
            set.RegionId = await across.Teams.IgnoreQueryFilters().Where(t => t.Id == set.TeamId).Select(t => t.RegionId).SingleAsync();
        }

        await using var db = pool.Rent(set.TenantId);
        await set.SeedMarch2020Async(db);
        return set;
    }

    private async Task SeedMarch2020Async(SalesDbContext db)
    {
        var leads = new List<Lead>();
        void Leads(long owner, int count, int converted, int convertedLate = 0, DateTime? assignedAt = null)
        {
            for (var i = 0; i < count; i++)
            {
                var at = assignedAt ?? Day(3 + i);
                DateTime? convertedAt = i < converted ? Day(20 + i) : i < converted + convertedLate ? new DateTime(2020, 4, 2, 0, 0, 0, DateTimeKind.Utc) : null;
                leads.Add(new Lead
                {
                    TenantId = TenantId, Name = $"归因-{owner}-{i}", TeamId = TeamId, OwnerId = owner, AssignedAt = at, CreatedAt = at, UpdatedAt = at,
                    Status = convertedAt is null ? LeadStatus.Assigned : LeadStatus.Converted, ConvertedAt = convertedAt,
                });
            }
        }

        var e = db.Members.Add(new Member
        {
            TenantId = TenantId, Name = "归因新人", Email = "attribution.e@demo.example.com", Role = MemberRole.Rep, TeamId = TeamId, RegionId = RegionId,
            HiredOn = new DateOnly(2020, 1, 1), CreatedAt = From, UpdatedAt = From,
        }).Entity;
        await db.SaveChangesAsync();
        E = e.Id;

        Leads(A, 4, 3);
        Leads(A, 1, 1, assignedAt: new DateTime(2020, 2, 28, 0, 0, 0, DateTimeKind.Utc));
        Leads(B, 5, 3, convertedLate: 1);
        Leads(C, 4, 1);
        Leads(D, 3, 0);
        Leads(E, 1, 1);
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync();

        var subject = leads[0].Id;
        var activities = new List<Activity>();
        void Log(long member, ActivityKind kind, int count, string[] tags, DateTime? at = null)
        {
            for (var i = 0; i < count; i++)
            {
                var when = at ?? Day(2 + i % 27, 9 + i % 8);
                activities.Add(new Activity
                {
                    TenantId = TenantId, Kind = kind, SubjectKind = ActivitySubjectKind.Lead, SubjectId = subject, MemberId = member, TeamId = TeamId,
                    OccurredAt = when, TagCodes = [.. tags], Summary = "归因测试", CreatedAt = when,
                });
            }
        }

        string[] competitorDemo = ["COMPETITOR_COMPARISON", "SOLUTION_DEMO"], demo = ["SOLUTION_DEMO"], competitor = ["COMPETITOR_COMPARISON"];
        string[] price = ["PRICE_CONCERN"], first = ["FIRST_CONTACT"], site = ["SITE_SURVEY"];
        Log(A, ActivityKind.VideoDemo, 10, competitorDemo);
        Log(A, ActivityKind.Call, 4, price);
        Log(A, ActivityKind.Call, 8, first);
        Log(A, ActivityKind.Visit, 2, site);
        Log(B, ActivityKind.VideoDemo, 6, competitorDemo);
        Log(B, ActivityKind.VideoDemo, 3, demo);
        Log(B, ActivityKind.Call, 12, first);
        Log(B, ActivityKind.Visit, 2, site);
        Log(C, ActivityKind.VideoDemo, 1, competitor);
        Log(C, ActivityKind.VideoDemo, 1, demo);
        Log(C, ActivityKind.Call, 20, price);
        Log(D, ActivityKind.VideoDemo, 1, demo);
        Log(D, ActivityKind.Call, 4, price);
        Log(D, ActivityKind.Call, 8, first);
        Log(E, ActivityKind.VideoDemo, 1, competitor);
        Log(E, ActivityKind.VideoDemo, 1, demo);
        Log(E, ActivityKind.Call, 4, first);
        Log(A, ActivityKind.VideoDemo, 1, demo, To);
        Log(A, ActivityKind.VideoDemo, 1, demo, new DateTime(2020, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        Log(TeamLead, ActivityKind.VideoDemo, 5, demo);
        db.Activities.AddRange(activities);
        await db.SaveChangesAsync();
        // logActivity writes a follow-up's tag rows with it; hand-built follow-ups get theirs here.
        db.ActivityTagLinks.AddRange(activities.SelectMany(ActivityTagLink.Of));
        await db.SaveChangesAsync();
    }
}
