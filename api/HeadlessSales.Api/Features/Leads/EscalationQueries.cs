using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>The escalations the caller sees.</summary>
public sealed class EscalationQueries : IQueryFields
{
    private static readonly Dictionary<EscalationOrderField, Func<bool, SortOrder<Escalation>>> Orders = new()
    {
        [EscalationOrderField.RaisedAt] = desc => SortOrder<Escalation>.By("raisedAt", e => e.RaisedAt, desc),
    };

    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<EscalationType>>>("escalations")
            .Authorize(Scopes.SalesRead)
            .Description("Escalations of the leads the caller sees, and those raised to the caller.")
            .PagingArguments()
            .Argument<EscalationFilterType>("where")
            .Argument<EscalationOrderType>("order")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var actor = ctx.Actor();
                var escalations = EscalationVisibility.Visible(db, actor).AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<EscalationStatus>("statuses") is { } statuses)
                {
                    escalations = escalations.Where(e => statuses.Contains(e.Status));
                }

                if (filter.Ids("leadIds", "Lead") is { } leadIds)
                {
                    escalations = escalations.Where(e => leadIds.Contains(e.LeadId));
                }

                if (filter.Get<bool?>("mine") is true)
                {
                    escalations = escalations.Where(e => e.TargetMemberId == actor.MemberId);
                }

                var connection = await escalations.ToConnectionAsync(ctx.GetOrder(Orders), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }
}
