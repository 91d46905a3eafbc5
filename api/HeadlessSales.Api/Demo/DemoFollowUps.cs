using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>The demo tenant's follow-up catalog and a few weeks of tagged follow-ups on its accounts, so the boards are not empty.</summary>
public static class DemoFollowUps
{
    /// <summary>Fixed, so seeded follow-ups do not depend on when they were seeded; before any test clock.</summary>
    public static readonly DateTime WindowEnd = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private const int WindowDays = 56;

    private static readonly string[] Concerns = ["交期能否保证", "付款方式", "售后响应时间", "与现有系统的兼容性", "价格高于预算", "竞品报价更低", "需要总部审批"];

    private static readonly string[] NextSteps = ["发送报价单", "安排技术交流", "约见采购总监", "提供案例资料", "安排现场勘查", "准备方案演示"];

    public static async Task SeedAsync(SalesDbContext db, long tenantId, CancellationToken cancellationToken)
    {
        await FollowUpCatalog.EnsureAsync(db, tenantId, DemoDataSeeder.Epoch, cancellationToken);
        var tags = await db.ActivityTags.IgnoreQueryFilters().AsNoTracking().Where(t => t.TenantId == tenantId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var members = await db.Members.IgnoreQueryFilters().AsNoTracking().Where(m => m.TenantId == tenantId).ToDictionaryAsync(m => m.Id, cancellationToken);
        var accounts = await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.TenantId == tenantId && a.OwnerId != null).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Name, OwnerId = a.OwnerId!.Value })
            .ToListAsync(cancellationToken);
        var random = new Random(5_2026);
        var summarizer = new TemplateFollowUpSummarizer();
        var kinds = Enum.GetValues<ActivityKind>();
        var outcomes = Enum.GetValues<ActivityOutcome>();
        var activities = new List<Activity>();
        foreach (var account in accounts)
        {
            var owner = members[account.OwnerId];
            for (var n = random.Next(0, 5); n > 0; n--)
            {
                var occurredAt = WindowEnd.AddMinutes(-random.Next(0, WindowDays * 24 * 60));
                var chosen = tags.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
                var concerns = random.Next(3) == 0 ? [Concerns[random.Next(Concerns.Length)]] : new List<string>();
                var nextStep = random.Next(4) == 0 ? null : NextSteps[random.Next(NextSteps.Length)];
                DateOnly? due = nextStep is null ? null : DateOnly.FromDateTime(occurredAt).AddDays(random.Next(2, 15));
                var kind = kinds[random.Next(kinds.Length)];
                var outcome = outcomes[random.Next(outcomes.Length)];
                activities.Add(new Activity
                {
                    TenantId = tenantId,
                    Kind = kind,
                    SubjectKind = ActivitySubjectKind.Account,
                    SubjectId = account.Id,
                    SubjectOwnerId = owner.Id,
                    MemberId = owner.Id,
                    TeamId = owner.TeamId,
                    OccurredAt = occurredAt,
                    DurationMinutes = kind is ActivityKind.Email or ActivityKind.DocumentView ? null : random.Next(5, 120),
                    Outcome = outcome,
                    TagCodes = chosen.Select(t => t.Code).ToList(),
                    Concerns = concerns,
                    NextStep = nextStep,
                    NextStepDueOn = due,
                    Summary = await summarizer.SummarizeAsync(new FollowUpSummaryInput(SummaryLanguage.Chinese, kind, owner.Name, account.Name,
                        chosen.Select(t => t.NameZh).ToList(), concerns, outcome, nextStep, due), cancellationToken),
                    CreatedAt = occurredAt,
                });
            }
        }

        db.Activities.AddRange(activities);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await SeedOpportunityFollowUpsAsync(db, tenantId, tags, members, random, cancellationToken);
        await ActivityTagLink.AddMissingAsync(db, tenantId, cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Each demo opportunity walks the follow-up steps as far as its stage suggests, some of them late, so the boards have overdue steps.</summary>
    private static async Task SeedOpportunityFollowUpsAsync(SalesDbContext db, long tenantId, List<ActivityTag> tags, Dictionary<long, Features.Organization.Member> members, Random random, CancellationToken cancellationToken)
    {
        var steps = FollowUpCatalog.DefaultSteps();
        var opportunities = await db.Opportunities.IgnoreQueryFilters().AsNoTracking().Where(o => o.TenantId == tenantId).OrderBy(o => o.Id)
            .Select(o => new ActivitySubject(ActivitySubjectKind.Opportunity, o.Id, o.OwnerId, o.CreatedAt, o.Name))
            .ToListAsync(cancellationToken);
        var tagNames = tags.ToDictionary(t => t.Code, t => t.NameZh);
        var summarizer = new TemplateFollowUpSummarizer();
        foreach (var (opportunity, index) in opportunities.Select((o, i) => (o, i)))
        {
            var owner = members[opportunity.OwnerId!.Value];
            var trail = new List<(DateTime OccurredAt, IReadOnlyCollection<string> TagCodes)>();
            // Steps done: 1 to 4; the last follow-up lands a few days to a few weeks before the window's end.
            var done = 1 + index % 4;
            var last = WindowEnd.AddDays(-random.Next(1, 30));
            for (var s = 0; s < done; s++)
            {
                var occurredAt = last.AddDays((s - done + 1) * 6);
                var code = steps[s].TagCodes[0];
                trail.Add((occurredAt, [code]));
                db.Activities.Add(new Activity
                {
                    TenantId = tenantId,
                    Kind = s % 2 == 0 ? ActivityKind.Call : ActivityKind.Visit,
                    SubjectKind = ActivitySubjectKind.Opportunity,
                    SubjectId = opportunity.Id,
                    SubjectOwnerId = owner.Id,
                    MemberId = owner.Id,
                    TeamId = owner.TeamId,
                    OccurredAt = occurredAt,
                    DurationMinutes = 30,
                    Outcome = ActivityOutcome.Positive,
                    TagCodes = [code],
                    Summary = await summarizer.SummarizeAsync(new FollowUpSummaryInput(SummaryLanguage.Chinese, s % 2 == 0 ? ActivityKind.Call : ActivityKind.Visit,
                        owner.Name, opportunity.Name, [tagNames[code]], [], ActivityOutcome.Positive, null, null), cancellationToken),
                    CreatedAt = occurredAt,
                });
            }

            var state = new FollowUpState { TenantId = tenantId, SubjectKind = ActivitySubjectKind.Opportunity, SubjectId = opportunity.Id };
            FollowUpTracker.Apply(state, opportunity, owner.TeamId, steps, trail, WindowEnd);
            db.FollowUpStates.Add(state);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
