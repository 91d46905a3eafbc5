using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights;

/// <summary>
/// The report's behaviour figures are counted from the kept tag rows (<see cref="ActivityTagLink"/>) and the follow-ups'
/// covering index; the raw computation reads every follow-up of the period and unpacks its own tags. Both must agree.
/// </summary>
public sealed class AttributionAgreementTests(InsightsFixture api) : IClassFixture<InsightsFixture>
{
    /// <summary>June 2019: a month of its own, before the fixture's March 2020 data.</summary>
    private static readonly DateTime From = new(2019, 6, 3, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime To = new(2019, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task BehaviourCounts_FromTheTagRows_EqualTheRawFollowUps_HandBuiltMonth()
    {
        await using var db = api.Services.GetRequiredService<ISalesDbContextPool>().Rent(api.TenantId);
        var scope = new AttributionScope(AttributionScopeKind.Team, api.TeamId);
        var (from, to) = (InsightsFixture.From, InsightsFixture.To);
        var kept = Ordered(await AttributionAnalysis.BehaviourAsync(db, AttributionAnalysis.RepsIn(db, scope).Select(m => m.Id), from, to, CancellationToken.None));

        Assert.Equal(Ordered(await RawAsync(db, scope, from, to)), kept);
        // Worked out from the fixture's list: A made 10 video demos tagged competitor + demo, 4 calls about price, 8 first
        // contacts and 2 site visits in the four weeks (its demos on 1 March and on 30 March fall outside).
        Assert.Equal(
            [("A", "ACTIVITY_KIND", "CALL", 12), ("A", "ACTIVITY_KIND", "VIDEO_DEMO", 10), ("A", "ACTIVITY_KIND", "VISIT", 2),
             ("A", "TAG", "COMPETITOR_COMPARISON", 10), ("A", "TAG", "FIRST_CONTACT", 8), ("A", "TAG", "PRICE_CONCERN", 4),
             ("A", "TAG", "SITE_SURVEY", 2), ("A", "TAG", "SOLUTION_DEMO", 10)],
            kept.Where(k => k.MemberId == api.A).Select(k => ("A", Dimension(k.Dimension), k.Code, k.Count)));
    }

    [Fact]
    public async Task BehaviourCounts_FromTheTagRows_EqualTheRawFollowUps_RandomMonth()
    {
        var pool = api.Services.GetRequiredService<ISalesDbContextPool>();
        var random = new Random(1717);
        string[] codes = ["PRICE_CONCERN", "SOLUTION_DEMO", "COMPETITOR_COMPARISON", "FIRST_CONTACT", "SITE_SURVEY", "NOT_IN_THE_CATALOG"];
        var kinds = Enum.GetValues<ActivityKind>();
        long[] members = [api.A, api.B, api.C, api.D, api.Data.E, api.TeamLead];
        await using (var db = pool.Rent(api.TenantId))
        {
            var subject = await db.Leads.OrderBy(l => l.Id).Select(l => l.Id).FirstAsync();
            var activities = Enumerable.Range(0, 400).Select(_ =>
            {
                // Around the period's edges too: a day before, the first and last instants, a day after.
                var when = From.AddDays(-1) + TimeSpan.FromMinutes(random.Next(0, (int)(To - From).TotalMinutes + 2 * 24 * 60));
                var tags = Enumerable.Range(0, random.Next(0, 4)).Select(_ => codes[random.Next(codes.Length)]).ToList();
                return new Activity
                {
                    TenantId = api.TenantId, Kind = kinds[random.Next(kinds.Length)], SubjectKind = ActivitySubjectKind.Lead, SubjectId = subject,
                    MemberId = members[random.Next(members.Length)], TeamId = api.TeamId, OccurredAt = random.Next(20) == 0 ? From : when,
                    TagCodes = tags, Summary = "归因一致性", CreatedAt = when,
                };
            }).ToList();
            db.Activities.AddRange(activities);
            await db.SaveChangesAsync();
            // As logActivity writes them: one row per distinct tag of each follow-up.
            db.ActivityTagLinks.AddRange(activities.SelectMany(ActivityTagLink.Of));
            await db.SaveChangesAsync();
        }

        await using (var db = pool.Rent(api.TenantId))
        {
            foreach (var scope in new[] { new AttributionScope(AttributionScopeKind.Team, api.TeamId), new AttributionScope(AttributionScopeKind.Tenant, null) })
            {
                var kept = Ordered(await AttributionAnalysis.BehaviourAsync(db, AttributionAnalysis.RepsIn(db, scope).Select(m => m.Id), From, To, CancellationToken.None));
                var raw = Ordered(await RawAsync(db, scope, From, To));
                Assert.NotEmpty(raw);
                Assert.Contains(raw, r => r.Dimension == AttributionDimension.Tag);
                Assert.Equal(raw, kept);
            }
        }
    }

    /// <summary>The raw computation: every follow-up of the scope's reps in the period, its kind and its own tags (each once), known tags only.</summary>
    private static async Task<List<BehaviourCount>> RawAsync(SalesDbContext db, AttributionScope scope, DateTime from, DateTime to)
    {
        var reps = await AttributionAnalysis.RepsIn(db, scope).Select(m => m.Id).ToListAsync();
        var catalog = (await db.ActivityTags.Select(t => t.Code).ToListAsync()).ToHashSet();
        var followUps = await db.Activities.AsNoTracking().Where(a => reps.Contains(a.MemberId) && a.OccurredAt >= from && a.OccurredAt < to).ToListAsync();
        return
        [
            .. followUps.GroupBy(a => (a.MemberId, a.Kind)).Select(g => new BehaviourCount(g.Key.MemberId, AttributionDimension.ActivityKind, Code(g.Key.Kind), g.Count())),
            .. followUps.SelectMany(a => a.TagCodes.Distinct().Where(catalog.Contains).Select(tag => (a.MemberId, Tag: tag)))
                .GroupBy(x => x).Select(g => new BehaviourCount(g.Key.MemberId, AttributionDimension.Tag, g.Key.Tag, g.Count())),
        ];
    }

    private static string Code(ActivityKind kind) => kind switch
    {
        ActivityKind.VideoDemo => "VIDEO_DEMO",
        ActivityKind.DocumentView => "DOCUMENT_VIEW",
        _ => kind.ToString().ToUpperInvariant(),
    };

    private static string Dimension(AttributionDimension dimension) => dimension == AttributionDimension.Tag ? "TAG" : "ACTIVITY_KIND";

    private static List<BehaviourCount> Ordered(IEnumerable<BehaviourCount> counts) =>
        [.. counts.OrderBy(c => c.MemberId).ThenBy(c => c.Dimension).ThenBy(c => c.Code, StringComparer.Ordinal)];
}
