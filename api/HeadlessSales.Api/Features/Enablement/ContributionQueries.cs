using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>Contribution points through the API: what they earn, what they buy, who asked for what, and the quarter's leaderboard.</summary>
public sealed class ContributionQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ContributionSettingsType>>("contributionSettings")
            .Authorize(Scopes.SalesRead)
            .Description("What contributions to the case library earn, in points.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await ContributionLedger.SettingsAsync(db, ctx.TenantId(), ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionType<RewardCatalogItemType>>>("rewardCatalog")
            .Authorize(Scopes.SalesRead)
            .Description("What points buy, oldest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.RewardCatalogItems.AsNoTracking()
                    .ToConnectionAsync(SortOrder<RewardCatalogItem>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<PointsRedemptionType>>>("pointsRedemptions")
            .Authorize(Scopes.SalesRead)
            .Description("Redemptions of the members whose records the caller sees, newest first.")
            .PagingArguments()
            .Argument<PointsRedemptionFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var redemptions = db.PointsRedemptions.AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Ids("memberIds", "Member") is { } members)
                {
                    redemptions = redemptions.Where(r => members.Contains(r.MemberId));
                }

                if (filter.List<RedemptionStatus>("statuses") is { } statuses)
                {
                    redemptions = redemptions.Where(r => statuses.Contains(r.Status));
                }

                var connection = await redemptions.ToConnectionAsync(SortOrder<PointsRedemption>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<ContributionLeaderboardType>("contributionLeaderboard")
            .Authorize(Scopes.SalesRead)
            .Description("A team's contribution points earned in a calendar quarter, most first; null unless the caller sees every member of the team (its lead, its region's manager, sales ops).")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("quarter", "1 to 4.")
            .ResolveAsync(async ctx =>
            {
                var teamId = GlobalId.TryDecode(ctx.GetArgument<string>("teamId"), "Team");
                var year = ctx.GetArgument<int>("year");
                var quarter = ctx.GetArgument<int>("quarter");
                if (quarter is < 1 or > 4 || year is < 2000 or > 9999)
                {
                    throw new ExecutionError("The quarter is 1 to 4 of a year from 2000 to 9999.") { Code = "INVALID_QUARTER" };
                }

                await using var db = ctx.Database();
                if (teamId is null || await LeaderboardAsync(db, ctx.Actor().VisibleOwnerIds, teamId.Value, year, quarter, ctx.CancellationToken) is not { } board)
                {
                    return null;
                }

                return (object)board;
            });
    }

    /// <summary>The team's points earned in the quarter; null when the team does not exist or the caller does not see all of its members.</summary>
    private static async Task<ContributionLeaderboard?> LeaderboardAsync(Infrastructure.Data.SalesDbContext db, IReadOnlyList<long>? visible, long teamId, int year, int quarter, CancellationToken cancellationToken)
    {
        var members = await db.Members.AsNoTracking().Where(m => m.TeamId == teamId).Select(m => m.Id).ToListAsync(cancellationToken);
        if (members.Count == 0 || (visible is not null && members.Any(m => !visible.Contains(m))))
        {
            return null;
        }

        var from = new DateTime(year, (quarter - 1) * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddMonths(3);
        var entries = await db.IncentiveEntries.AsNoTracking()
            .Where(e => members.Contains(e.MemberId) && e.Currency == IncentiveEntry.Points && e.OccurredAt >= from && e.OccurredAt < to)
            .Select(e => new { e.Id, e.MemberId, e.Kind, e.Amount, e.ReversesEntryId })
            .ToListAsync(cancellationToken);
        // Earned: approvals and coached wins, less reversals of them; spending and its refunds are not earning.
        var spent = await db.IncentiveEntries.AsNoTracking()
            .Where(e => members.Contains(e.MemberId) && e.Kind == IncentiveEntryKind.Redemption).Select(e => e.Id).ToListAsync(cancellationToken);
        var earned = entries.Where(e => e.Kind != IncentiveEntryKind.Redemption && !(e.ReversesEntryId is { } reversed && spent.Contains(reversed))).ToList();
        var totals = members
            .Select(m => (Member: m, Points: (int)earned.Where(e => e.MemberId == m).Sum(e => e.Amount),
                Cases: earned.Count(e => e.MemberId == m && e.Kind == IncentiveEntryKind.CaseApproved),
                Wins: earned.Count(e => e.MemberId == m && e.Kind == IncentiveEntryKind.CoachedWin)))
            .OrderByDescending(t => t.Points).ThenBy(t => t.Member)
            .ToList();
        var standings = totals.Select(t => new ContributionStanding(1 + totals.Count(other => other.Points > t.Points), t.Member, t.Points, t.Cases, t.Wins)).ToList();
        return new ContributionLeaderboard(teamId, year, quarter, from, to, standings);
    }
}

public sealed class PointsRedemptionFilterType : InputObjectGraphType
{
    public PointsRedemptionFilterType()
    {
        Name = "PointsRedemptionFilter";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds");
        Field<ListGraphType<NonNullGraphType<RedemptionStatusType>>>("statuses");
    }
}
