using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using HeadlessSales.Api.GraphQL.DataLoaders;

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

public sealed class OverdueFollowUpType : ObjectGraphType<OverdueFollowUp>
{
    public OverdueFollowUpType()
    {
        Name = "OverdueFollowUp";
        Description = "A lead or opportunity whose current follow-up step is past due.";
        Field<NonNullGraphType<IdGraphType>>("subjectId").Resolve(ctx => GlobalId.Encode(ctx.Source.State.SubjectKind.ToString(), ctx.Source.State.SubjectId));
        Field<ActivitySubjectType>("subject")
            .Description("The lead or opportunity; null when the caller cannot see it.")
            .Resolve(ctx => ActivitySubjectLoading.Load(ctx.RequestServices!, ctx.Source.State.SubjectKind, ctx.Source.State.SubjectId));
        Field<MemberType>("owner")
            .Resolve(ctx => ctx.Source.State.OwnerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<NonNullGraphType<FollowUpStepProgressType>>("step").Description("The overdue step.").Resolve(ctx => ctx.Source.Progress.Current);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("overdueSince").Resolve(ctx => ctx.Source.Progress.OverdueSince);
        Field<NonNullGraphType<FollowUpProgressType>>("progress").Resolve(ctx => ctx.Source.Progress);
    }
}

public sealed class ManagerBoardType : ObjectGraphType<ManagerBoard>
{
    private static readonly SortOrder<FollowUpState> MostOverdueFirst = SortOrder<FollowUpState>.By("dueAt", s => s.CurrentStepDueAt!.Value);

    public ManagerBoardType()
    {
        Name = "ManagerBoard";
        Description = "A team's recent follow-ups and overdue follow-up steps.";
        Field<NonNullGraphType<TeamType>>("team").Resolve(ctx => ctx.Source.Team);
        Field<NonNullGraphType<ConnectionType<ActivityType>>>("recentFollowUps")
            .Description("Follow-ups made by the team's members, newest first.")
            .ActivityListArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                // The caller may open this board, which shows every follow-up of the team.
                var team = ctx.Source.Team;
                return await ActivityLists.ConnectionAsync(ctx, db.Activities.IgnoreQueryFilters().AsNoTracking().Where(a => a.TenantId == team.TenantId && a.TeamId == team.Id));
            });
        Field<NonNullGraphType<ConnectionType<OverdueFollowUpType>>>("overdueFollowUps")
            .Description("Open leads and opportunities owned in the team whose current step is past due, longest overdue first; disqualified and converted leads are left out.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var (team, now) = (ctx.Source.Team, ctx.Source.Now);
                // A disqualified lead needs no more follow-up, and a converted one goes on as its opportunity.
                var overdue = db.FollowUpStates.AsNoTracking()
                    .Where(s => s.TenantId == team.TenantId && s.TeamId == team.Id && s.CurrentStepDueAt != null && s.CurrentStepDueAt < now)
                    .Where(s => s.SubjectKind != ActivitySubjectKind.Lead || db.Set<Lead>().IgnoreQueryFilters().Any(l => l.Id == s.SubjectId
                        && l.Status != LeadStatus.Disqualified && l.Status != LeadStatus.Converted));
                var connection = await overdue.ToConnectionAsync(MostOverdueFirst, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                var steps = (await FollowUpSettingsStore.GetAsync(db, ctx.CancellationToken)).Steps;
                return new Connection<object>
                {
                    Edges = connection.Edges.Select(edge => new Edge<object>(edge.Cursor,
                        new OverdueFollowUp(edge.Node, FollowUpRules.Progress(steps, edge.Node.SubjectStartedAt, edge.Node.CompletedAt, edge.Node.LastFollowUpAt, now)))).ToList(),
                    PageInfo = connection.PageInfo,
                    TotalCount = connection.TotalCount,
                };
            });
    }
}

public sealed class ManagerBoardFields(TimeProvider clock, IEventBus events) : IQueryFields, ISubscriptionFields
{
    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<ManagerBoardType>("managerBoard")
            .Authorize(Scopes.SalesRead, BoardAccess.Viewers)
            .Description("A team's recent follow-ups and overdue steps, for its team lead, its region manager, sales ops and admins; null for a team the caller may not see.")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .ResolveAsync(async ctx =>
            {
                if (GlobalId.TryDecode(ctx.GetArgument<string>("teamId"), "Team") is not { } teamId)
                {
                    return null;
                }

                await using var db = ctx.Database();
                var team = await BoardAccess.FindAsync(db, ctx.Actor(), teamId, ctx.CancellationToken);
                return team is null ? null : new ManagerBoard(team, clock.GetUtcNow().UtcDateTime);
            });
    }

    void ISubscriptionFields.AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<FollowUpLoggedEventType>>("onFollowUpLogged")
            .Authorize(Scopes.SalesRead, BoardAccess.Viewers)
            .Description("Follow-ups as they are logged by the members of a team, for those who may open its board.")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .ResolveStreamAsync(async ctx =>
            {
                var actor = ctx.Actor();
                var id = ctx.GetArgument<string>("teamId");
                await using var db = ctx.Database();
                var team = GlobalId.TryDecode(id, "Team") is { } teamId ? await BoardAccess.FindAsync(db, actor, teamId, ctx.CancellationToken) : null;
                if (team is null)
                {
                    // Another tenant's team and one outside the caller's view read exactly like one that never existed.
                    throw new ExecutionError($"No team with id '{id}' was found.") { Code = "NOT_FOUND" };
                }

                return events.Observe<FollowUpLogged>(e => e.TenantId == actor.TenantId && e.TeamId == team.Id);
            });
    }
}
