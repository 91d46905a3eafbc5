using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>A team's board: the team itself, and the instant "overdue" is measured at.</summary>
public sealed record ManagerBoard(Team Team, DateTime Now);

/// <summary>A lead or opportunity whose current follow-up step is past due.</summary>
public sealed record OverdueFollowUp(FollowUpState State, FollowUpProgress Progress);

/// <summary>Who may open a team's board: its team lead, its region's manager, and those who see the whole tenant.</summary>
public static class BoardAccess
{
    public static readonly MemberRole[] Viewers = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    /// <summary>The team when the caller may open its board; null when it does not exist, is another tenant's, or is not theirs to see.</summary>
    public static async Task<Team?> FindAsync(SalesDbContext db, Actor actor, long teamId, CancellationToken cancellationToken)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (team is null || actor.VisibleOwnerIds is null)
        {
            return team;
        }

        var member = actor.MemberId is { } memberId ? await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, cancellationToken) : null;
        return member?.Role switch
        {
            MemberRole.TeamLead when member.TeamId == team.Id || team.LeadId == member.Id => team,
            MemberRole.RegionManager when member.RegionId == team.RegionId => team,
            _ => null,
        };
    }
}
