using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>How much process history to add to a tenant, and the day it ends.</summary>
public sealed record ProcessVolume(int Leads, int Activities, DateTime Until, int Weeks = 26);

/// <summary>
/// Months of sales-process history for a seeded tenant, at volume: leads assigned (a few from the queue, late or in
/// time), first answered within their SLA or not, some converted into opportunities that walk the default pipeline,
/// and follow-ups on both, tagged from the tenant's catalog (with their tag rows). Each rep has a steady "skill" that moves all of their
/// numbers together, so top and bottom performers differ the way the health dashboard and the attribution report
/// expect. Written with multi-row inserts in batches, one transaction each.
/// </summary>
/// <remarks>
/// Every deadline timer lies in the past and is written as already fired, so a server started on the data does not
/// escalate months of history; no escalations, contacts or follow-up states are made (the board's overdue list
/// fills as reps log follow-ups). Deterministic for a given tenant and volume.
/// </remarks>
public sealed class ProcessVolumeSeeder(ISalesDbContextPool pool)
{
    private const int LeadBatch = 5_000;
    private const int ActivityBatch = 20_000;

    private static readonly ActivityKind[] Kinds = [ActivityKind.Call, ActivityKind.Visit, ActivityKind.Email, ActivityKind.Meeting, ActivityKind.DocumentView];

    private sealed record Rep(long Id, long TeamId, double Skill, long[] Accounts);

    private sealed record Subject(ActivitySubjectKind Kind, long Id, Rep Owner, DateTime Since);

    public async Task SeedAsync(long tenantId, ProcessVolume volume, IProgress<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)tenantId * 7919 + volume.Leads));
        await using var db = pool.RentAcrossTenants();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var members = await db.Members.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.Role == MemberRole.Rep && m.TeamId != null).OrderBy(m => m.Id)
            .Select(m => new { m.Id, TeamId = m.TeamId!.Value }).ToListAsync(cancellationToken);
        if (members.Count == 0)
        {
            throw new InvalidOperationException("The tenant has no reps in teams to give history to.");
        }

        var accounts = (await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.TenantId == tenantId && a.OwnerId != null)
            .Select(a => new { a.Id, OwnerId = a.OwnerId!.Value }).ToListAsync(cancellationToken)).ToLookup(a => a.OwnerId, a => a.Id);
        var reps = members.Select(m => new Rep(m.Id, m.TeamId, random.NextDouble(), accounts[m.Id].ToArray())).ToList();
        var repsById = reps.ToDictionary(r => r.Id);
        var stages = await db.PipelineStages.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.TenantId == tenantId && db.Set<SalesPipeline>().IgnoreQueryFilters().Any(p => p.Id == s.PipelineId && p.IsDefault))
            .OrderBy(s => s.Position).Select(s => new { s.Id, s.PipelineId, s.DefaultProbability }).ToListAsync(cancellationToken);
        var tags = await db.ActivityTags.IgnoreQueryFilters().AsNoTracking().Where(t => t.TenantId == tenantId).OrderBy(t => t.Id).Select(t => t.Code).ToListAsync(cancellationToken);
        if (stages.Count == 0 || tags.Count == 0)
        {
            throw new InvalidOperationException("The tenant needs its default pipeline and tag catalog first (the demo seeder makes both).");
        }

        var from = volume.Until.AddDays(-7 * volume.Weeks);
        var span = (volume.Until - from).TotalMinutes;
        var subjects = new List<Subject>(volume.Leads + volume.Leads / 4);
        for (var start = 0; start < volume.Leads; start += LeadBatch)
        {
            var count = Math.Min(LeadBatch, volume.Leads - start);
            var leads = new List<Lead>(count);
            var history = new List<LeadHistoryEntry>(count * 2);
            var timers = new List<ScheduledTimer>(count * 2);
            var converted = new List<(Lead Lead, Rep Rep)>();
            for (var i = 0; i < count; i++)
            {
                var rep = reps[random.Next(reps.Count)];
                var created = from.AddMinutes(random.NextDouble() * span * 0.98);
                // One lead in twenty waits in the queue; most of those are picked up in time.
                var queuedFor = random.NextDouble() < 0.05 ? TimeSpan.FromMinutes(random.Next(5, random.NextDouble() < 0.8 ? 30 : 240)) : TimeSpan.Zero;
                var assigned = created + queuedFor;
                var answeredInTime = random.NextDouble() < 0.55 + 0.42 * rep.Skill;
                var answered = random.NextDouble() < 0.9 || answeredInTime
                    ? assigned.AddMinutes(answeredInTime ? random.Next(2, 60) : random.Next(61, 3 * 24 * 60))
                    : (DateTime?)null;
                var lead = new Lead
                {
                    TenantId = tenantId,
                    Name = $"客户{start + i:D6}",
                    Company = $"量产测试公司{start + i:D6}",
                    Phone = $"199{start + i:D8}",
                    Industry = (Industry)random.Next(Enum.GetValues<Industry>().Length),
                    Source = (LeadSource)random.Next(Enum.GetValues<LeadSource>().Length),
                    Status = answered is null ? LeadStatus.Assigned : LeadStatus.Contacted,
                    OwnerId = rep.Id,
                    TeamId = rep.TeamId,
                    AssignedAt = assigned,
                    FirstRespondedAt = answered,
                    FirstResponseOutcome = answered is null ? null : FirstResponseOutcome.Connected,
                    CreatedAt = created,
                    UpdatedAt = answered ?? assigned,
                };
                leads.Add(lead);
                if (answered is not null && rep.Accounts.Length > 0 && random.NextDouble() < 0.04 + 0.3 * rep.Skill)
                {
                    converted.Add((lead, rep));
                }
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await BulkInsert.TryAssignKeysAsync(db, leads, cancellationToken);
            var opportunities = new List<Opportunity>(converted.Count);
            var walks = new List<(Lead Lead, Rep Rep, List<(DateTime EnteredAt, DateTime? LeftAt)> Stays)>(converted.Count);
            foreach (var (lead, rep) in converted)
            {
                var convertedAt = lead.FirstRespondedAt!.Value.AddDays(random.Next(1, 20));
                if (convertedAt >= volume.Until)
                {
                    continue;
                }

                var stays = Walk(convertedAt, volume.Until, rep.Skill, stages.Count, random);
                var stage = stages[stays.Count - 1];
                opportunities.Add(new Opportunity
                {
                    TenantId = tenantId,
                    Name = $"{lead.Company} 项目",
                    AccountId = rep.Accounts[random.Next(rep.Accounts.Length)],
                    OwnerId = rep.Id,
                    PipelineId = stage.PipelineId,
                    StageId = stage.Id,
                    StageEnteredAt = stays[^1].EnteredAt,
                    Amount = random.Next(5, 500) * 10_000m,
                    AmountCurrency = "CNY",
                    Probability = stage.DefaultProbability,
                    CreatedAt = convertedAt,
                    UpdatedAt = stays[^1].EnteredAt,
                });
                walks.Add((lead, rep, stays));
                lead.Status = LeadStatus.Converted;
                lead.ConvertedAt = convertedAt;
                lead.UpdatedAt = convertedAt;
            }

            await BulkInsert.TryAssignKeysAsync(db, opportunities, cancellationToken);
            var stageEntries = new List<OpportunityStageEntry>();
            for (var o = 0; o < opportunities.Count; o++)
            {
                var (lead, rep, stays) = walks[o];
                var opportunity = opportunities[o];
                lead.ConvertedOpportunityId = opportunity.Id;
                lead.ConvertedAccountId = opportunity.AccountId;
                stageEntries.AddRange(stays.Select((stay, s) => new OpportunityStageEntry
                {
                    TenantId = tenantId,
                    OpportunityId = opportunity.Id,
                    StageId = stages[s].Id,
                    FromStageId = s == 0 ? null : stages[s - 1].Id,
                    Kind = s == 0 ? StageEntryKind.Created : StageEntryKind.Advanced,
                    ActorMemberId = rep.Id,
                    EnteredAt = stay.EnteredAt,
                    LeftAt = stay.LeftAt,
                }));
                subjects.Add(new Subject(ActivitySubjectKind.Opportunity, opportunity.Id, rep, opportunity.CreatedAt));
            }

            foreach (var lead in leads)
            {
                var rep = repsById[lead.OwnerId!.Value];
                subjects.Add(new Subject(ActivitySubjectKind.Lead, lead.Id, rep, lead.CreatedAt));
                history.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Created, OccurredAt = lead.CreatedAt });
                history.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Assigned, OwnerId = rep.Id, OccurredAt = lead.AssignedAt!.Value });
                if (lead.AssignedAt > lead.CreatedAt)
                {
                    var due = lead.CreatedAt.AddMinutes(30);
                    timers.Add(new ScheduledTimer { TenantId = tenantId, Kind = LeadSopTimerHandler.AssignmentDeadline, SubjectId = lead.Id, AnchorAt = lead.CreatedAt, DueAt = due, FiredAt = due });
                }

                var responseDue = lead.AssignedAt!.Value.AddMinutes(60);
                timers.Add(new ScheduledTimer { TenantId = tenantId, Kind = LeadSopTimerHandler.FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = lead.AssignedAt, DueAt = responseDue, FiredAt = responseDue });
                if (lead.FirstRespondedAt is { } answered)
                {
                    history.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.FirstResponse, ActorMemberId = rep.Id, OccurredAt = answered });
                }

                if (lead.ConvertedAt is { } convertedAt)
                {
                    history.Add(new LeadHistoryEntry { TenantId = tenantId, LeadId = lead.Id, Kind = LeadHistoryKind.Converted, ActorMemberId = rep.Id, OccurredAt = convertedAt });
                }
            }

            // Opportunities first: a converted lead refers to its opportunity.
            await BulkInsert.InsertAsync(db, opportunities, cancellationToken);
            await BulkInsert.InsertAsync(db, leads, cancellationToken);
            await BulkInsert.InsertAsync(db, stageEntries, cancellationToken);
            await BulkInsert.InsertAsync(db, history, cancellationToken);
            await BulkInsert.InsertAsync(db, timers, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(new SeedProgress("leads", start + count, volume.Leads));
        }

        await SeedActivitiesAsync(db, tenantId, volume, subjects, tags, random, progress, cancellationToken);
    }

    /// <summary>Stays in the pipeline's stages from <paramref name="start"/>: better reps move faster and further; the last stay is still open.</summary>
    private static List<(DateTime EnteredAt, DateTime? LeftAt)> Walk(DateTime start, DateTime until, double skill, int stageCount, Random random)
    {
        var entries = new List<(DateTime EnteredAt, DateTime? LeftAt)>();
        var entered = start;
        while (true)
        {
            var stay = TimeSpan.FromHours(random.Next(24, 24 * 40) * (1.4 - skill));
            var moves = entries.Count < stageCount - 1 && random.NextDouble() < 0.45 + 0.4 * skill && entered + stay < until;
            entries.Add((entered, moves ? entered + stay : null));
            if (!moves)
            {
                return entries;
            }

            entered += stay;
        }
    }

    private static async Task SeedActivitiesAsync(SalesDbContext db, long tenantId, ProcessVolume volume, List<Subject> subjects, List<string> tags, Random random, IProgress<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        // A subject's share of the follow-ups grows with its owner's skill: top reps follow up more.
        var weights = new double[subjects.Count];
        var total = 0.0;
        for (var i = 0; i < subjects.Count; i++)
        {
            total += 0.4 + subjects[i].Owner.Skill;
            weights[i] = total;
        }

        for (var start = 0; start < volume.Activities; start += ActivityBatch)
        {
            var count = Math.Min(ActivityBatch, volume.Activities - start);
            var activities = new List<Activity>(count);
            for (var i = 0; i < count; i++)
            {
                var index = Array.BinarySearch(weights, random.NextDouble() * total);
                var subject = subjects[index < 0 ? ~index : index];
                var rep = subject.Owner;
                // Top reps run video demos several times as often as the rest.
                var kind = random.NextDouble() < 0.02 + 0.12 * rep.Skill ? ActivityKind.VideoDemo : Kinds[random.Next(Kinds.Length)];
                var occurred = subject.Since.AddMinutes(random.NextDouble() * Math.Max(1, (volume.Until - subject.Since).TotalMinutes));
                var tagCount = random.NextDouble() < 0.7 ? 1 : 2;
                var tagCodes = Enumerable.Range(0, tagCount).Select(_ => tags[random.Next(tags.Count)]).Distinct().ToList();
                activities.Add(new Activity
                {
                    TenantId = tenantId,
                    Kind = kind,
                    SubjectKind = subject.Kind,
                    SubjectId = subject.Id,
                    SubjectOwnerId = rep.Id,
                    MemberId = rep.Id,
                    TeamId = rep.TeamId,
                    OccurredAt = occurred,
                    DurationMinutes = random.Next(5, 90),
                    Outcome = (ActivityOutcome)random.Next(Enum.GetValues<ActivityOutcome>().Length),
                    TagCodes = tagCodes,
                    Summary = $"{kind} · {string.Join(", ", tagCodes)}",
                    CreatedAt = occurred,
                });
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Keys first, so each follow-up's tag rows can name it (providers without key allocation get theirs on insert).
            await BulkInsert.TryAssignKeysAsync(db, activities, cancellationToken);
            await BulkInsert.InsertAsync(db, activities, cancellationToken);
            await BulkInsert.InsertAsync(db, activities.SelectMany(ActivityTagLink.Of).ToList(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(new SeedProgress("follow-ups", start + count, volume.Activities));
        }
    }
}
