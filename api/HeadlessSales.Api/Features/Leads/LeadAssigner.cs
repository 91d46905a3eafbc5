using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>
/// Picks owners for new leads by the tenant's rules. Must run inside the transaction that stores the leads:
/// the team cursors it advances are the locks that keep concurrent intakes from taking the same turn.
/// </summary>
public sealed class LeadAssigner
{
    private static readonly LeadStatus[] OpenStatuses = [LeadStatus.Assigned, LeadStatus.Contacted];

    /// <summary>Sets owner, team, status, rule and assignment time on each of <paramref name="leads"/> (not yet saved).</summary>
    public async Task AssignAsync(SalesDbContext db, long tenantId, IReadOnlyList<Lead> leads, DateTime now, CancellationToken cancellationToken)
    {
        var rules = await db.AssignmentRules.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var teamIds = rules.Select(r => r.TeamId).OfType<long>().Distinct().ToList();
        var memberIds = rules.SelectMany(r => r.Territories.Select(t => t.MemberId).Append(r.MemberId ?? 0)).Distinct().ToList();
        var members = await db.Members.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.TenantId == tenantId && m.Active && ((m.TeamId != null && teamIds.Contains(m.TeamId.Value) && m.Role == MemberRole.Rep) || memberIds.Contains(m.Id)))
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var repsByTeam = members.Where(m => m.Role == MemberRole.Rep && m.TeamId is not null).GroupBy(m => m.TeamId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        var activeMembers = members.ToDictionary(m => m.Id);
        var defaultQueue = await db.LeadRoutingSettings.AsNoTracking().Select(s => s.DefaultQueueTeamId).FirstOrDefaultAsync(cancellationToken);

        var turns = new Dictionary<(long RuleId, long TeamId), List<Lead>>();
        foreach (var lead in leads)
        {
            var placed = false;
            foreach (var rule in rules.Where(r => r.Matches(lead)))
            {
                if (rule.Strategy is AssignmentStrategy.RoundRobin or AssignmentStrategy.WeightedByOpenWorkload
                    && rule.TeamId is { } teamId && repsByTeam.ContainsKey(teamId))
                {
                    lead.AssignmentRuleId = rule.Id;
                    if (!turns.TryGetValue((rule.Id, teamId), out var queued))
                    {
                        turns[(rule.Id, teamId)] = queued = [];
                    }

                    queued.Add(lead);
                    placed = true;
                }
                else if (rule.Strategy == AssignmentStrategy.NamedMember && rule.MemberId is { } memberId && activeMembers.TryGetValue(memberId, out var named))
                {
                    Assign(lead, rule, named, now);
                    placed = true;
                }
                else if (rule.Strategy == AssignmentStrategy.Territory
                    && rule.Territories.FirstOrDefault(t => t.Province == lead.Province) is { } territory
                    && activeMembers.TryGetValue(territory.MemberId, out var territoryOwner))
                {
                    Assign(lead, rule, territoryOwner, now);
                    placed = true;
                }

                if (placed)
                {
                    break;
                }
            }

            if (!placed)
            {
                lead.WaitInQueue(defaultQueue);
            }
        }

        // Lock team cursors in one order (by team) so that two intakes never wait on each other in a cycle.
        foreach (var group in turns.OrderBy(t => t.Key.TeamId).ThenBy(t => t.Key.RuleId))
        {
            var rule = rules.First(r => r.Id == group.Key.RuleId);
            var reps = repsByTeam[group.Key.TeamId];
            var first = await TakeTurnsAsync(db, tenantId, group.Key.TeamId, rule.Strategy == AssignmentStrategy.RoundRobin ? group.Value.Count : 0, cancellationToken);
            if (rule.Strategy == AssignmentStrategy.RoundRobin)
            {
                for (var i = 0; i < group.Value.Count; i++)
                {
                    Assign(group.Value[i], rule, reps[(int)((first + i) % reps.Count)], now);
                }

                continue;
            }

            var repIds = reps.Select(r => r.Id).ToList();
            var open = await db.Leads.IgnoreQueryFilters()
                .Where(l => l.TenantId == tenantId && l.OwnerId != null && repIds.Contains(l.OwnerId.Value) && OpenStatuses.Contains(l.Status))
                .GroupBy(l => l.OwnerId!.Value)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            foreach (var lead in group.Value)
            {
                var lightest = reps.MinBy(r => (open.GetValueOrDefault(r.Id), r.Id))!;
                Assign(lead, rule, lightest, now);
                open[lightest.Id] = open.GetValueOrDefault(lightest.Id) + 1;
            }
        }
    }

    /// <summary>
    /// The rep of the lead's team whose round-robin turn is next, other than the lead's owner; null when the team has
    /// no other active rep. Takes the turn, so reassignments and new leads share one fair rotation.
    /// </summary>
    public static async Task<Member?> NextRepAsync(SalesDbContext db, Lead lead, CancellationToken cancellationToken)
    {
        if (lead.TeamId is not { } teamId)
        {
            return null;
        }

        var reps = await db.Members.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.TenantId == lead.TenantId && m.Active && m.TeamId == teamId && m.Role == MemberRole.Rep)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        if (!reps.Any(r => r.Id != lead.OwnerId))
        {
            return null;
        }

        // Two turns in a row cannot both fall on the owner when someone else is in the rotation.
        var rep = reps[(int)(await TakeTurnsAsync(db, lead.TenantId, teamId, 1, cancellationToken) % reps.Count)];
        return rep.Id != lead.OwnerId ? rep : reps[(int)(await TakeTurnsAsync(db, lead.TenantId, teamId, 1, cancellationToken) % reps.Count)];
    }

    /// <summary>
    /// Advances the team's cursor by <paramref name="count"/> and returns the first turn taken. Advancing by
    /// zero still writes the row, which serializes workload-weighted assignment in the team the same way.
    /// </summary>
    private static async Task<long> TakeTurnsAsync(SalesDbContext db, long tenantId, long teamId, int count, CancellationToken cancellationToken)
    {
        var updated = await db.TeamAssignmentCursors.Where(c => c.TeamId == teamId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, c => c.Position + count), cancellationToken);
        if (updated == 0)
        {
            // Rules create their team's cursor; this covers a team whose cursor was never made.
            db.TeamAssignmentCursors.Add(new TeamAssignmentCursor { TenantId = tenantId, TeamId = teamId, Position = count });
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }

        var end = await db.TeamAssignmentCursors.Where(c => c.TeamId == teamId).Select(c => c.Position).SingleAsync(cancellationToken);
        return end - count;
    }

    private static void Assign(Lead lead, AssignmentRule rule, Member owner, DateTime now) =>
        lead.AssignByRule(rule.Id, owner.Id, owner.TeamId ?? rule.TeamId, now);

    /// <summary>Ensures <paramref name="teamId"/> has a cursor, so that its first turns need no insert under contention.</summary>
    public static async Task EnsureCursorAsync(SalesDbContext db, long tenantId, long teamId, CancellationToken cancellationToken)
    {
        if (!await db.TeamAssignmentCursors.AnyAsync(c => c.TeamId == teamId, cancellationToken))
        {
            db.TeamAssignmentCursors.Add(new TeamAssignmentCursor { TenantId = tenantId, TeamId = teamId });
        }
    }
}
