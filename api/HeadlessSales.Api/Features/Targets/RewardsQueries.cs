using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>The milestone rules and a member's incentive ledger, as the caller may see them.</summary>
public sealed class RewardsQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<MilestoneRewardRuleType>>>("milestoneRewardRules")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's milestone reward rules, oldest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.MilestoneRewardRules.AsNoTracking()
                    .ToConnectionAsync(SortOrder<MilestoneRewardRule>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<IncentiveLedgerType>("incentiveLedger")
            .Authorize(Scopes.SalesRead)
            .Description("A member's incentive entries from `from` (inclusive) to `to` (exclusive), by when they occurred, and the balance; null when the caller does not see the member's records.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<DateOnlyGraphType>("from")
            .Argument<DateOnlyGraphType>("to")
            .ResolveAsync(async ctx =>
            {
                var memberId = GlobalId.TryDecode(ctx.GetArgument<string>("memberId"), "Member");
                var visible = ctx.Actor().VisibleOwnerIds;
                if (memberId is null || (visible is not null && !visible.Contains(memberId.Value)))
                {
                    return null;
                }

                await using var db = ctx.Database();
                if (!await db.Members.AnyAsync(m => m.Id == memberId, ctx.CancellationToken))
                {
                    return null;
                }

                var from = ctx.GetArgument<DateOnly?>("from");
                var to = ctx.GetArgument<DateOnly?>("to");
                var entries = db.IncentiveEntries.AsNoTracking().Where(e => e.MemberId == memberId);
                if (from is { } start)
                {
                    var at = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    entries = entries.Where(e => e.OccurredAt >= at);
                }

                if (to is { } end)
                {
                    var at = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    entries = entries.Where(e => e.OccurredAt < at);
                }

                var list = await entries.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(ctx.CancellationToken);
                return (object)new IncentiveLedger(memberId.Value, from, to, list);
            });
    }
}
