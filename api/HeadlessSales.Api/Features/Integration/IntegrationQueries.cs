using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>Webhook endpoints and their delivery log, and the events feed.</summary>
/// <remarks>
/// Who reads the feed: events name records of the whole tenant (their owners, teams, amounts), and one rule decides
/// what a caller may learn of a record. Rather than filter each event through every feature's visibility, the feed is
/// for tenant-wide readers only: integration clients with <c>sales:read</c> (which act for the tenant and see all of
/// it) and administrators. A rep or a manager is refused the field, so nothing outside their view reaches them.
/// </remarks>
public sealed class IntegrationQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<WebhookEndpointType>>>("webhookEndpoints")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("The tenant's webhook endpoints, disabled ones included.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.WebhookEndpoints.AsNoTracking()
                    .ToConnectionAsync(SortOrder<WebhookEndpoint>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<WebhookDeliveryType>>>("webhookDeliveries")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("The delivery log, newest first; `statuses: [FAILED]` is the dead-letter list.")
            .PagingArguments()
            .Argument<IdGraphType>("endpointId")
            .Argument<ListGraphType<NonNullGraphType<WebhookDeliveryStatusType>>>("statuses")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var deliveries = db.WebhookDeliveries.AsNoTracking();
                if (ctx.GetArgument<string?>("endpointId") is { } endpointId)
                {
                    var key = GlobalId.TryDecode(endpointId, "WebhookEndpoint") ?? -1;
                    deliveries = deliveries.Where(d => d.EndpointId == key);
                }

                if (ctx.GetArgument<List<WebhookDeliveryStatus>?>("statuses") is { Count: > 0 } statuses)
                {
                    deliveries = deliveries.Where(d => statuses.Contains(d.Status));
                }

                var connection = await deliveries.ToConnectionAsync(SortOrder<WebhookDelivery>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventTypes")
            .Authorize(Scopes.SalesRead, MemberRole.Admin)
            .Description("The event types the feed and webhooks carry.")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<JournaledEventTypes>().Names.Order(StringComparer.Ordinal).ToList());

        query.Field<NonNullGraphType<EventFeedType>>("events")
            .Authorize(Scopes.SalesRead, MemberRole.Admin)
            .Description("The tenant's committed events after a cursor, oldest first, within the retention window: how an integration that was offline catches up. "
                + "Without `after`, from the oldest retained event. A cursor whose event is past the retention window is refused (EVENT_CURSOR_EXPIRED): events may have been pruned after it.")
            .Argument<StringGraphType>("after")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("types")
            .Argument<IntGraphType>("first", arg => arg.DefaultValue = 100)
            .ResolveAsync(async ctx =>
            {
                var first = ctx.GetArgument<int>("first");
                if (first is < 1 or > 1000)
                {
                    throw new ExecutionError("`first` must be between 1 and 1000.") { Code = "INVALID_PAGE_SIZE" };
                }

                var after = 0L;
                await using var db = ctx.Database();
                if (ctx.GetArgument<string?>("after") is { } cursor)
                {
                    after = EventFeedCursor.Decode(cursor) ?? throw new ExecutionError($"'{cursor}' is not an events cursor.") { Code = "INVALID_CURSOR" };
                    // The cursor's own event still retained means nothing after it was pruned (positions follow commit time).
                    if (after > 0 && !await db.JournalEntries.AnyAsync(e => e.Id == after, ctx.CancellationToken))
                    {
                        var retention = ctx.RequestServices!.GetRequiredService<EventJournal>().Retention;
                        throw new ExecutionError($"The cursor is older than the retention window ({retention.TotalDays:0.#} days): events after it may have been pruned. "
                            + "Resynchronise from the records themselves, then read the feed without `after`.") { Code = "EVENT_CURSOR_EXPIRED" };
                    }
                }

                var types = ctx.GetArgument<List<string>?>("types");
                var entries = db.JournalEntries.AsNoTracking().Where(e => e.Id > after);
                if (types is { Count: > 0 })
                {
                    entries = entries.Where(e => types.Contains(e.Type));
                }

                var rows = await entries.OrderBy(e => e.Id).Take(first + 1).ToListAsync(ctx.CancellationToken);
                var hasMore = rows.Count > first;
                if (hasMore)
                {
                    rows.RemoveAt(first);
                }

                return new EventFeed(rows, rows.Count > 0 ? EventFeedCursor.Encode(rows[^1].Id) : ctx.GetArgument<string?>("after"), hasMore);
            });
    }
}
