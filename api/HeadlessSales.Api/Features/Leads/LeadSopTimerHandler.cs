using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>The lead response SOP: which deadlines a lead gets, and what happens when one is missed.</summary>
public sealed class LeadSopTimerHandler : ITimerHandler
{
    public const string AssignmentDeadline = "lead.assignment-deadline";
    public const string FirstResponseDeadline = "lead.first-response-deadline";
    public const string EscalationStep = "lead.escalation-step";

    public IReadOnlyCollection<string> Kinds => [AssignmentDeadline, FirstResponseDeadline, EscalationStep];

    /// <summary>Adds the deadline of each stored lead: an owner within the assignment deadline, else a first call within the response deadline.</summary>
    public static async Task ScheduleAsync(SalesDbContext db, IReadOnlyList<Lead> leads, CancellationToken cancellationToken) =>
        db.ScheduledTimers.AddRange(await DeadlinesAsync(db, leads, cancellationToken));

    /// <summary>The deadline timer each stored lead starts with, not yet added to the context.</summary>
    public static async Task<List<ScheduledTimer>> DeadlinesAsync(SalesDbContext db, IReadOnlyList<Lead> leads, CancellationToken cancellationToken)
    {
        if (leads.Count == 0)
        {
            return [];
        }

        var settings = await SettingsAsync(db, cancellationToken);
        var ruleIds = leads.Select(l => l.AssignmentRuleId).OfType<long>().Distinct().ToList();
        var ruleDeadlines = await db.AssignmentRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id) && r.FirstResponseDeadlineMinutes != null)
            .ToDictionaryAsync(r => r.Id, r => r.FirstResponseDeadlineMinutes!.Value, cancellationToken);
        var calendars = await CalendarsAsync(db, leads.Select(l => l.TeamId), cancellationToken);
        return leads.Select(lead =>
        {
            var calendar = calendars.ForTeam(lead.TeamId);
            return lead.OwnerId is null
                ? new ScheduledTimer
                {
                    TenantId = lead.TenantId, Kind = AssignmentDeadline, SubjectId = lead.Id, AnchorAt = lead.CreatedAt,
                    DueAt = WorkingTime.AddWorkingMinutes(calendar, lead.CreatedAt, settings.AssignmentDeadlineMinutes),
                }
                : new ScheduledTimer
                {
                    TenantId = lead.TenantId, Kind = FirstResponseDeadline, SubjectId = lead.Id, AnchorAt = lead.AssignedAt,
                    DueAt = WorkingTime.AddWorkingMinutes(calendar, lead.AssignedAt!.Value,
                        lead.AssignmentRuleId is { } rule && ruleDeadlines.TryGetValue(rule, out var minutes) ? minutes : settings.FirstResponseDeadlineMinutes),
                };
        }).ToList();
    }

    public async Task<Action<IEventBus>?> HandleAsync(SalesDbContext db, ScheduledTimer timer, DateTime now, CancellationToken cancellationToken)
    {
        if (timer.Kind == EscalationStep)
        {
            var escalation = await db.Escalations.Include(e => e.Steps).FirstOrDefaultAsync(e => e.Id == timer.SubjectId, cancellationToken);
            var escalatedLead = escalation is null ? null : await db.Leads.FirstOrDefaultAsync(l => l.Id == escalation.LeadId, cancellationToken);
            // A lead reassigned since the escalation was raised runs on its new owner's deadline instead.
            if (escalation is not { Status: EscalationStatus.Open } || escalatedLead is null || IsAnswered(escalatedLead, escalation.Reason)
                || escalatedLead.AssignedAt >= escalation.RaisedAt)
            {
                return null;
            }

            await ClimbAsync(db, escalatedLead, escalation, now, await SettingsAsync(db, cancellationToken), cancellationToken);
            return null;
        }

        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == timer.SubjectId, cancellationToken);
        var reason = timer.Kind == AssignmentDeadline ? EscalationReason.AssignmentDeadlineMissed : EscalationReason.FirstResponseDeadlineMissed;
        // A lead reassigned since the timer was set has a newer deadline of its own.
        if (lead is null || IsAnswered(lead, reason) || (reason == EscalationReason.FirstResponseDeadlineMissed && lead.AssignedAt != timer.AnchorAt))
        {
            return null;
        }

        db.LeadHistory.Add(LeadHistoryEntry.For(lead, LeadHistoryKind.DeadlineMissed, now, detail: reason.ToString()));
        var settings = await SettingsAsync(db, cancellationToken);
        await RaiseAsync(db, lead, reason, now, settings, cancellationToken);
        if (reason == EscalationReason.FirstResponseDeadlineMissed)
        {
            await ReassignAfterBreachAsync(db, lead, now, settings, cancellationToken);
        }

        // What happened is journaled in the timer's transaction and published at its commit.
        return null;
    }

    /// <summary>
    /// Hands a lead whose first response was missed to the next rep of its team, when the tenant or the lead's rule
    /// asks for it: the new owner gets a first-response deadline of their own, and the history says why.
    /// </summary>
    private static async Task ReassignAfterBreachAsync(SalesDbContext db, Lead lead, DateTime now, LeadRoutingSettings settings, CancellationToken cancellationToken)
    {
        var ruleChoice = lead.AssignmentRuleId is { } ruleId
            ? await db.AssignmentRules.AsNoTracking().Where(r => r.Id == ruleId).Select(r => r.ReassignOnFirstResponseBreach).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (!(ruleChoice ?? settings.ReassignOnFirstResponseBreach)
            || await LeadAssigner.NextRepAsync(db, lead, cancellationToken) is not { } next)
        {
            return;
        }

        var previousOwner = await db.Members.AsNoTracking().Where(m => m.Id == lead.OwnerId).Select(m => m.Name).FirstOrDefaultAsync(cancellationToken);
        // The next rep is of the lead's own team.
        await LeadReassignment.ReassignAsync(db, lead, next.Id, lead.TeamId, now, null,
            $"Automatic: {previousOwner ?? "the owner"} missed the first-response deadline; {next.Name} is next in turn.", cancellationToken);
    }

    /// <summary>A lead qualified, disqualified or converted was dealt with, whether or not a first response was recorded.</summary>
    private static bool IsAnswered(Lead lead, EscalationReason reason) =>
        lead.Status is LeadStatus.Qualified or LeadStatus.Disqualified or LeadStatus.Converted
        || (reason == EscalationReason.AssignmentDeadlineMissed ? lead.OwnerId is not null : lead.FirstRespondedAt is not null);

    /// <summary>Raises the missed deadline to the first step of the chain, and sets the timer for the next.</summary>
    private static async Task RaiseAsync(SalesDbContext db, Lead lead, EscalationReason reason, DateTime now, LeadRoutingSettings settings, CancellationToken cancellationToken)
    {
        var level = settings.EscalationChain[0];
        var (team, region) = await TeamAndRegionAsync(db, lead, cancellationToken);
        var escalation = db.Escalations.Add(Escalation.Raise(lead.TenantId, lead.Id, reason, level, EscalationRecipients.PersonAt(level, team, region), team?.Id, region?.Id, now)).Entity;
        await ReachedAsync(db, lead, escalation, now, settings, cancellationToken);
    }

    /// <summary>Takes an escalation nobody acknowledged one step up the chain, if there is one.</summary>
    private static async Task ClimbAsync(SalesDbContext db, Lead lead, Escalation escalation, DateTime now, LeadRoutingSettings settings, CancellationToken cancellationToken)
    {
        if (escalation.Step + 1 >= settings.EscalationChain.Count)
        {
            return;
        }

        var level = settings.EscalationChain[escalation.Step + 1];
        var (team, region) = await TeamAndRegionAsync(db, lead, cancellationToken);
        escalation.Climb(level, EscalationRecipients.PersonAt(level, team, region), now);
        await ReachedAsync(db, lead, escalation, now, settings, cancellationToken);
    }

    /// <summary>Records the step just reached in the lead's history, sets the timer for the next one and says who was told.</summary>
    private static async Task ReachedAsync(SalesDbContext db, Lead lead, Escalation escalation, DateTime now, LeadRoutingSettings settings, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.LeadHistory.Add(LeadHistoryEntry.For(lead, LeadHistoryKind.Escalated, now,
            detail: $"{escalation.Reason}: step {escalation.Step + 1} of {settings.EscalationChain.Count}, {escalation.Level}."));
        if (escalation.Step + 1 < settings.EscalationChain.Count)
        {
            var calendars = await CalendarsAsync(db, [lead.TeamId], cancellationToken);
            db.ScheduledTimers.Add(new ScheduledTimer
            {
                TenantId = lead.TenantId, Kind = EscalationStep, SubjectId = escalation.Id, AnchorAt = now,
                DueAt = WorkingTime.AddWorkingMinutes(calendars.ForTeam(lead.TeamId), now, settings.EscalationStepMinutes),
            });
        }

        db.Journal(new EscalationRaised(lead.TenantId, escalation.Id, lead.Id, lead.OwnerId, escalation.TargetMemberId, escalation.TeamId, escalation.RegionId,
            escalation.Level, now, escalation.Step));
    }

    private static async Task<(Team? Team, Region? Region)> TeamAndRegionAsync(SalesDbContext db, Lead lead, CancellationToken cancellationToken)
    {
        var team = lead.TeamId is { } teamId ? await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken) : null;
        var region = team is null ? null : await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == team.RegionId, cancellationToken);
        return (team, region);
    }

    public static async Task<LeadRoutingSettings> SettingsAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        await db.LeadRoutingSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new LeadRoutingSettings { TenantId = db.CurrentTenantId };

    private static async Task<TeamCalendars> CalendarsAsync(SalesDbContext db, IEnumerable<long?> teamIds, CancellationToken cancellationToken)
    {
        var ids = teamIds.OfType<long>().Distinct().ToList();
        var teamCalendars = await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.CalendarId, cancellationToken);
        var calendars = await db.WorkingCalendars.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return new TeamCalendars(teamCalendars, calendars);
    }

    /// <summary>A team's calendar, else the tenant's first, else none (wall-clock time).</summary>
    private sealed record TeamCalendars(Dictionary<long, long?> TeamCalendarIds, List<WorkingCalendar> Calendars)
    {
        public WorkingCalendar? ForTeam(long? teamId) =>
            teamId is { } id && TeamCalendarIds.GetValueOrDefault(id) is { } calendarId
                ? Calendars.FirstOrDefault(c => c.Id == calendarId)
                : Calendars.FirstOrDefault();
    }
}
