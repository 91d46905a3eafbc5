using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>
/// The demo tenant's sales process up to the clock at seeding: an assignment rule for every team, the 方案报价 gate, and
/// eight weeks of leads (each with its SOP trail: created, assigned by its team's rule, its first-response deadline, the
/// answer), follow-ups, opportunities that walked the pipeline, contracts and collections.
/// </summary>
/// <remarks>
/// The events that the process metrics judge come on fixed weekly slots (a rep's leads on Monday, Wednesday and Friday,
/// video demos on Tuesday and Thursday), so any seven-day window holds the same counts whatever day the demo is seeded,
/// and the first alert evaluation (a rolling week) finds the same handful of problems: four teams each show one in their
/// last week, <see cref="Problems"/>. Everything else meets the default targets. Rows are written with
/// <c>SaveChanges</c>, so every provider takes them. No health roll-ups are written: the dashboard reads days never rolled up
/// from the raw records (the same figures), which keeps the first start short; <c>rebuild-health-rollups --tenant demo</c>
/// computes them.
/// </remarks>
public static class DemoProcessHistory
{
    public const int Weeks = 8;

    /// <summary>Lead arrivals, by day of week.</summary>
    private static readonly DayOfWeek[] LeadDays = [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday];

    /// <summary>Every rep's video demos; the better reps add Monday's.</summary>
    private static readonly DayOfWeek[] DemoDays = [DayOfWeek.Tuesday, DayOfWeek.Thursday];

    /// <summary>The last week's problems, by the team's position in the tenant (ordered by id), each with what it shows.</summary>
    public static readonly IReadOnlyDictionary<int, DemoProblem> Problems = new Dictionary<int, DemoProblem>
    {
        // 30分钟 response: two answers in three after the hour: the team (1/3) and its region (7/9) breach, the tenant (≈0.94) does not.
        [1] = DemoProblem.LateAnswers,
        // No video demos in the last week: the team (0) breaches, its region (two demos per rep-week from the other two teams: 1.33) does not.
        [4] = DemoProblem.NoVideoDemos,
        // Every other follow-up tagged only with descriptive tags: the team (≈0.5) breaches, its region (≈0.83) does not.
        [7] = DemoProblem.UntaggedFollowUps,
        // New leads and opportunities first followed up on the fifth day: the team (0) and its region (≈0.75) breach.
        [10] = DemoProblem.SlowFollowUps,
    };

    public static async Task SeedAsync(SalesDbContext db, long tenantId, DateTime now, CancellationToken cancellationToken)
    {
        var random = new Random(2026_12_04);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var teams = await db.Teams.IgnoreQueryFilters().AsNoTracking().Where(t => t.TenantId == tenantId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var regions = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => r.TenantId == tenantId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var members = await db.Members.IgnoreQueryFilters().AsNoTracking().Where(m => m.TenantId == tenantId).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var accounts = (await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.TenantId == tenantId && a.OwnerId != null).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Name, a.Industry, a.Province, OwnerId = a.OwnerId!.Value }).ToListAsync(cancellationToken)).ToLookup(a => a.OwnerId);
        var pipeline = await db.Pipelines.IgnoreQueryFilters().FirstAsync(p => p.TenantId == tenantId && p.IsDefault, cancellationToken);
        var stages = await db.PipelineStages.IgnoreQueryFilters().AsNoTracking().Where(s => s.PipelineId == pipeline.Id).OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var steps = FollowUpCatalog.DefaultSteps();

        // The 方案报价 gate of the manufacturing starter set (this context reads across tenants, so by hand).
        var quotation = await db.PipelineStages.IgnoreQueryFilters().FirstAsync(s => s.PipelineId == pipeline.Id && s.Code == "QUOTATION", cancellationToken);
        quotation.RequiredDocumentKinds = [.. ManufacturingStarterSet.QuotationGate];
        db.PipelineStages.Update(quotation);

        var rules = AddAssignmentRules(db, tenantId, teams, regions, now);
        await db.SaveChangesAsync(cancellationToken);

        var plan = new List<PlannedLead>();
        var demos = new List<Activity>();
        var from = now.Date.AddDays(-7 * Weeks);
        var weekAgo = now.AddDays(-7);
        var repIndex = 0;
        // Counts the untagging team's follow-ups in the last week, so that exactly every other one is untagged.
        var untaggedTurn = 0;
        foreach (var (team, teamIndex) in teams.Select((t, i) => (t, i)))
        {
            DemoProblem? problem = Problems.TryGetValue(teamIndex, out var found) ? found : null;
            var teamReps = members.Where(m => m.TeamId == team.Id && m.Role == MemberRole.Rep && m.Active).ToList();
            var rule = rules[teamIndex];
            var leadsInWindow = 0;
            foreach (var rep in teamReps)
            {
                // A steady skill per rep: moves conversions, stage speed and extra demos together, for the attribution report.
                var skill = (repIndex * 37 % 48) / 47.0;
                var repAccounts = accounts[rep.Id].ToList();
                var slot = repIndex % 6;
                for (var day = from; day < now; day = day.AddDays(1))
                {
                    // 09:30 to 15:45 in Shanghai (UTC+8): the same UTC date.
                    var created = day.AddHours(1.5 + slot * 1.25);
                    if (LeadDays.Contains(day.DayOfWeek) && created < now.AddHours(-6) && repAccounts.Count > 0)
                    {
                        var inWindow = created >= weekAgo;
                        var late = inWindow && problem == DemoProblem.LateAnswers && leadsInWindow % 3 != 0;
                        leadsInWindow += inWindow ? 1 : 0;
                        var account = repAccounts[plan.Count % repAccounts.Count];
                        // The lead is one the team's rule routes: one of its industries, a province of its region.
                        var industry = rule.Industries.Count == 0 ? account.Industry : rule.Industries[plan.Count % rule.Industries.Count];
                        plan.Add(new PlannedLead(rep, team, rule, account.Id, industry, account.Province, created,
                            created.AddMinutes(late ? random.Next(120, 300) : random.Next(5, 50)),
                            inWindow ? problem : null, problem,
                            random.NextDouble() < 0.1 + 0.4 * skill, skill));
                    }

                    var demoAt = day.AddHours(3 + slot * 0.5);
                    var demoes = DemoDays.Contains(day.DayOfWeek) || (skill >= 0.6 && day.DayOfWeek == DayOfWeek.Monday);
                    var skipped = demoAt >= weekAgo && problem == DemoProblem.NoVideoDemos;
                    if (demoes && !skipped && demoAt < now && repAccounts.Count > 0)
                    {
                        var account = repAccounts[demos.Count % repAccounts.Count];
                        var untagged = demoAt >= weekAgo && problem == DemoProblem.UntaggedFollowUps && untaggedTurn++ % 2 == 0;
                        demos.Add(NewActivity(tenantId, ActivityKind.VideoDemo, ActivitySubjectKind.Account, account.Id, rep, demoAt,
                            untagged ? ["COMPETITOR_COMPARISON"] : ["SOLUTION_DEMO"], $"视频演示：{account.Name}"));
                    }
                }

                repIndex++;
            }
        }

        // Opportunities first: a converted lead names its opportunity.
        var walks = new List<(PlannedLead Lead, Opportunity Opportunity, List<(DateTime EnteredAt, DateTime? LeftAt)> Stays)>();
        foreach (var lead in plan.Where(l => l.Converts))
        {
            var convertedAt = lead.Created.AddDays(4);
            if (convertedAt >= now.AddDays(-1))
            {
                continue;
            }

            var stays = new List<(DateTime EnteredAt, DateTime? LeftAt)>();
            var entered = convertedAt;
            while (true)
            {
                var stay = TimeSpan.FromHours(24 * (4 + random.Next(0, 9)) * (1.3 - 0.5 * lead.Skill));
                var moves = stays.Count < stages.Count - 1 && entered + stay < now;
                stays.Add((entered, moves ? entered + stay : null));
                if (!moves)
                {
                    break;
                }

                entered += stay;
            }

            var stage = stages[stays.Count - 1];
            walks.Add((lead, new Opportunity
            {
                TenantId = tenantId,
                Name = $"{lead.Rep.Name}跟进的{DemoLeadCatalog.Products[(int)lead.Industry % DemoLeadCatalog.Products.Count].Name}项目",
                AccountId = lead.AccountId,
                OwnerId = lead.Rep.Id,
                PipelineId = pipeline.Id,
                StageId = stage.Id,
                StageEnteredAt = stays[^1].EnteredAt,
                Amount = random.Next(8, 300) * 10_000m,
                AmountCurrency = "CNY",
                ExpectedCloseDate = DateOnly.FromDateTime(stays[^1].EnteredAt).AddDays(45),
                Probability = stage.DefaultProbability,
                CreatedAt = convertedAt,
                UpdatedAt = stays[^1].EnteredAt,
            }, stays));
        }

        db.Opportunities.AddRange(walks.Select(w => w.Opportunity));
        await db.SaveChangesAsync(cancellationToken);
        var opportunityOf = walks.ToDictionary(w => w.Lead, w => w.Opportunity);

        var leads = plan.Select((p, i) =>
        {
            var opportunity = opportunityOf.GetValueOrDefault(p);
            return new Lead
            {
                TenantId = tenantId,
                Name = $"{Surname(i)}经理",
                Company = $"{p.Province ?? "上海"}{(i % 97) + 1:D2}号{IndustryWord(p.Industry)}客户",
                Phone = $"186{i:D8}",
                Industry = p.Industry,
                Province = p.Province,
                Source = (LeadSource)(i % Enum.GetValues<LeadSource>().Length),
                ProductInterests = [DemoLeadCatalog.Products[(int)p.Industry % DemoLeadCatalog.Products.Count].Code],
                Status = opportunity is null ? LeadStatus.Contacted : LeadStatus.Converted,
                OwnerId = p.Rep.Id,
                TeamId = p.Team.Id,
                AssignmentRuleId = p.Rule.Id,
                AssignedAt = p.Created,
                FirstRespondedAt = p.Answered,
                FirstResponseOutcome = FirstResponseOutcome.Connected,
                ConvertedAt = opportunity?.CreatedAt,
                ConvertedAccountId = opportunity?.AccountId,
                ConvertedOpportunityId = opportunity?.Id,
                CreatedAt = p.Created,
                UpdatedAt = opportunity?.CreatedAt ?? p.Answered,
            };
        }).ToList();
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync(cancellationToken);

        var activities = new List<Activity>(demos);
        var trails = new Dictionary<(ActivitySubjectKind, long), List<Activity>>();
        void FollowUp(ActivityKind kind, ActivitySubjectKind subjectKind, long subjectId, PlannedLead planned, DateTime at, string tag, string name)
        {
            if (at >= now)
            {
                return;
            }

            var untagged = at >= weekAgo && planned.TeamProblem == DemoProblem.UntaggedFollowUps && untaggedTurn++ % 2 == 0;
            var activity = NewActivity(tenantId, kind, subjectKind, subjectId, planned.Rep, at, untagged ? ["PRICE_CONCERN"] : [tag], name);
            activities.Add(activity);
            (trails.TryGetValue((subjectKind, subjectId), out var trail) ? trail : trails[(subjectKind, subjectId)] = []).Add(activity);
        }

        for (var i = 0; i < plan.Count; i++)
        {
            var planned = plan[i];
            var lead = leads[i];
            var rule = $"By rule {planned.Rule.Id}.";
            db.LeadHistory.AddRange(
                new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Created, OccurredAt = lead.CreatedAt },
                new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Assigned, OwnerId = planned.Rep.Id, Detail = rule, OccurredAt = lead.CreatedAt });
            var due = planned.Created.AddMinutes(60);
            db.ScheduledTimers.Add(new ScheduledTimer
            {
                TenantId = tenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = planned.Created, DueAt = due, FiredAt = due,
            });
            if (planned.Answered > due)
            {
                db.LeadHistory.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.DeadlineMissed, OwnerId = planned.Rep.Id, Detail = "First response not recorded within 60 working minutes.", OccurredAt = due });
            }

            db.LeadHistory.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.FirstResponse, OwnerId = planned.Rep.Id, ActorMemberId = planned.Rep.Id, OccurredAt = planned.Answered });
            var firstFollowUp = planned.Problem == DemoProblem.SlowFollowUps ? planned.Created.AddDays(5) : planned.Answered.AddMinutes(10);
            FollowUp(ActivityKind.Call, ActivitySubjectKind.Lead, lead.Id, planned, firstFollowUp, "FIRST_CONTACT", lead.Name);
            FollowUp(i % 3 == 0 ? ActivityKind.Visit : ActivityKind.Call, ActivitySubjectKind.Lead, lead.Id, planned, firstFollowUp.AddDays(2 + i % 3), "NEEDS_DISCOVERY", lead.Name);
            if (opportunityOf.GetValueOrDefault(planned) is { } opportunity)
            {
                db.LeadHistory.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Converted, OwnerId = planned.Rep.Id, ActorMemberId = planned.Rep.Id, OccurredAt = opportunity.CreatedAt });
            }
        }

        var contracts = new List<(Contract Contract, DateTime? CollectFrom, Member Owner)>();
        foreach (var (planned, opportunity, stays) in walks)
        {
            for (var s = 0; s < stays.Count; s++)
            {
                db.OpportunityStageEntries.Add(new OpportunityStageEntry
                {
                    TenantId = tenantId,
                    OpportunityId = opportunity.Id,
                    StageId = stages[s].Id,
                    FromStageId = s == 0 ? null : stages[s - 1].Id,
                    Kind = s == 0 ? StageEntryKind.Created : StageEntryKind.Advanced,
                    ActorMemberId = planned.Rep.Id,
                    EnteredAt = stays[s].EnteredAt,
                    LeftAt = stays[s].LeftAt,
                });
                // Each stage's work is the follow-up step it belongs to: 需求确认 → needs, 方案报价 → solution, then negotiation and closing.
                var step = steps[Math.Min(s + 1, steps.Count - 1)];
                var delay = s == 0 && planned.Problem == DemoProblem.SlowFollowUps ? TimeSpan.FromDays(5) : TimeSpan.FromHours(20);
                FollowUp(s % 2 == 0 ? ActivityKind.Meeting : ActivityKind.Visit, ActivitySubjectKind.Opportunity, opportunity.Id, planned, stays[s].EnteredAt + delay, step.TagCodes[0], opportunity.Name);
            }

            var signingEntered = stays.Count > 3 ? stays[3].EnteredAt : (DateTime?)null;
            if (signingEntered?.AddDays(1) is { } contractAt && contractAt < now)
            {
                var collecting = stays.Count > 4 ? stays[4].EnteredAt : (DateTime?)null;
                contracts.Add((new Contract
                {
                    TenantId = tenantId,
                    OpportunityId = opportunity.Id,
                    AccountId = opportunity.AccountId,
                    OwnerId = planned.Rep.Id,
                    Title = $"{opportunity.Name}合同",
                    Amount = opportunity.Amount!.Value,
                    Currency = "CNY",
                    ApprovalStatus = ContractApprovalStatus.Approved,
                    SignatureStatus = collecting is null ? SignatureStatus.Pending : SignatureStatus.Signed,
                    SignatureReference = $"DEMO-ESIGN-{opportunity.Id}",
                    SignatureUpdatedAt = collecting ?? contractAt,
                    SignedAt = collecting,
                    CollectedAmount = 0,
                    CreatedById = planned.Rep.Id,
                    CreatedAt = contractAt,
                    UpdatedAt = collecting ?? contractAt,
                }, collecting, planned.Rep));
            }
        }

        db.Activities.AddRange(activities);
        db.Contracts.AddRange(contracts.Select(c => c.Contract));
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (contract, collectFrom, owner) in contracts)
        {
            // The first instalment (30 %) a few days after signing, the second (40 %) two weeks later, when those days have come.
            var instalments = new[] { (collectFrom?.AddDays(3), 0.3m), (collectFrom?.AddDays(17), 0.4m) };
            foreach (var (receivedAt, share) in instalments)
            {
                if (receivedAt is not { } at || at >= now)
                {
                    continue;
                }

                var amount = Math.Round(contract.Amount * share, 2);
                contract.CollectedAmount += amount;
                db.PaymentCollections.Add(new PaymentCollection
                {
                    TenantId = tenantId, ContractId = contract.Id, Amount = amount, Currency = contract.Currency, ReceivedOn = DateOnly.FromDateTime(at),
                    Note = share == 0.3m ? "首付款" : "进度款", RecordedById = owner.Id, RecordedBy = owner.Name, CreatedAt = at,
                });
            }

            db.Contracts.Update(contract);
        }

        foreach (var ((kind, subjectId), trail) in trails)
        {
            var (owner, startedAt, name) = kind == ActivitySubjectKind.Lead
                ? leads.Where(l => l.Id == subjectId).Select(l => (l.OwnerId, l.CreatedAt, l.Name)).First()
                : walks.Where(w => w.Opportunity.Id == subjectId).Select(w => (w.Opportunity.OwnerId, w.Opportunity.CreatedAt, w.Opportunity.Name)).First();
            var ownerTeam = trail[0].TeamId;
            var state = new FollowUpState { TenantId = tenantId, SubjectKind = kind, SubjectId = subjectId };
            FollowUpTracker.Apply(state, new ActivitySubject(kind, subjectId, owner, startedAt, name), ownerTeam, steps,
                trail.OrderBy(a => a.OccurredAt).Select(a => (a.OccurredAt, (IReadOnlyCollection<string>)a.TagCodes)).ToList(), now);
            db.FollowUpStates.Add(state);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await ActivityTagLink.AddMissingAsync(db, tenantId, cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>One rule per team, tried in team order: the region's provinces and a third of the industries each, round robin; a last rule takes the rest.</summary>
    private static List<AssignmentRule> AddAssignmentRules(SalesDbContext db, long tenantId, List<Team> teams, List<Region> regions, DateTime now)
    {
        var rules = new List<AssignmentRule>();
        foreach (var (team, index) in teams.Select((t, i) => (t, i)))
        {
            var region = regions.First(r => r.Id == team.RegionId);
            var teamsOfRegion = teams.Where(t => t.RegionId == region.Id).ToList();
            var share = teamsOfRegion.IndexOf(team);
            var rule = new AssignmentRule
            {
                TenantId = tenantId,
                Name = $"{team.Name}：{region.Name}{string.Join("/", IndustriesOf(share, teamsOfRegion.Count).Select(IndustryWord))}",
                Position = index + 1,
                Provinces = [.. DemoDataSeeder.ProvincesOf(region.Code)],
                Industries = IndustriesOf(share, teamsOfRegion.Count),
                Strategy = index % 2 == 0 ? AssignmentStrategy.RoundRobin : AssignmentStrategy.WeightedByOpenWorkload,
                TeamId = team.Id,
                CreatedAt = now,
            };
            rules.Add(rule);
            db.AssignmentRules.Add(rule);
        }

        db.AssignmentRules.Add(new AssignmentRule
        {
            TenantId = tenantId, Name = "其他地区与行业：首个团队轮流接待", Position = teams.Count + 1, Strategy = AssignmentStrategy.RoundRobin, TeamId = teams[0].Id, CreatedAt = now,
        });
        return rules;
    }

    private static List<Industry> IndustriesOf(int share, int shares) =>
        Enum.GetValues<Industry>().Where(i => (int)i % Math.Max(1, shares) == share).ToList();

    private static string IndustryWord(Industry industry) => industry switch
    {
        Industry.NewEnergy => "新能源",
        Industry.MedicalDevices => "医疗器械",
        Industry.IndustrialAutomation => "工业自动化",
        Industry.BuildingMaterials => "建材",
        Industry.ConsumerGoods => "快消",
        Industry.Automotive => "汽车",
        Industry.Electronics => "电子",
        Industry.Chemicals => "化工",
        Industry.Logistics => "物流",
        _ => "其他",
    };

    private static string Surname(int i) => DemoDataSeeder.SurnameAt(i);

    private static Activity NewActivity(long tenantId, ActivityKind kind, ActivitySubjectKind subjectKind, long subjectId, Member rep, DateTime at, List<string> tags, string subjectName) => new()
    {
        TenantId = tenantId,
        Kind = kind,
        SubjectKind = subjectKind,
        SubjectId = subjectId,
        SubjectOwnerId = rep.Id,
        MemberId = rep.Id,
        TeamId = rep.TeamId,
        OccurredAt = at,
        DurationMinutes = kind is ActivityKind.Email or ActivityKind.DocumentView ? null : 30,
        Outcome = ActivityOutcome.Positive,
        TagCodes = tags,
        Summary = $"{rep.Name}与{subjectName}：{string.Join("、", tags.Select(t => FollowUpCatalog.DefaultTags.First(d => d.Code == t).NameZh))}",
        CreatedAt = at,
    };

    private sealed record PlannedLead(Member Rep, Team Team, AssignmentRule Rule, long AccountId, Industry Industry, string? Province, DateTime Created, DateTime Answered, DemoProblem? Problem, DemoProblem? TeamProblem, bool Converts, double Skill);
}

/// <summary>What one demo team did wrong in its last week.</summary>
public enum DemoProblem
{
    LateAnswers,
    NoVideoDemos,
    UntaggedFollowUps,
    SlowFollowUps,
}
