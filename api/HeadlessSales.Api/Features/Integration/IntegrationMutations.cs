using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>Registering, changing and rotating webhook endpoints, and replaying deliveries. Administrators only.</summary>
public sealed class IntegrationMutations(TimeProvider clock, IOptions<WebhookOptions> options, JournaledEventTypes eventTypes) : IMutationFields
{
    private const int MaxEventTypes = 50;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateWebhookEndpointPayloadType>>("createWebhookEndpoint")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Registers a receiver of the tenant's events. The payload shows its signing secret once.")
            .Argument<NonNullGraphType<CreateWebhookEndpointInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var url = await UrlAsync(input, required: true, ctx.CancellationToken);
                var types = EventTypes(input);
                var description = input.OptionalText("description", 500);
                if (!input.IsValid)
                {
                    return new WebhookSecretPayload(null, null, input.Errors);
                }

                await using var db = ctx.Database();
                var endpoint = db.WebhookEndpoints.Add(new WebhookEndpoint
                {
                    TenantId = ctx.TenantId(),
                    Url = url!,
                    Description = description,
                    EventTypes = types ?? [],
                    Secret = WebhookEndpoint.NewSecret(),
                    CreatedAt = Now,
                }).Entity;
                await db.SaveChangesAsync(ctx.CancellationToken);
                return new WebhookSecretPayload(endpoint, endpoint.Secret, []);
            });

        mutation.Field<NonNullGraphType<UpdateWebhookEndpointPayloadType>>("updateWebhookEndpoint")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Changes an endpoint's address, event types or description, or switches it off or on again.")
            .Argument<NonNullGraphType<UpdateWebhookEndpointInputType>>("input")
            .ResolveAsync(async ctx => await UpdateAsync(ctx));

        mutation.Field<NonNullGraphType<RotateWebhookEndpointSecretPayloadType>>("rotateWebhookEndpointSecret")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Gives an endpoint a new signing secret. Deliveries carry both signatures for the overlap (24 hours by default), "
                + "so the receiver can switch without missing one. The payload shows the new secret once.")
            .Argument<NonNullGraphType<WebhookEndpointIdInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                await using var db = ctx.Database();
                if (await FindEndpointAsync(db, input, "id", ctx.CancellationToken) is not { } endpoint)
                {
                    return new WebhookSecretPayload(null, null, input.Errors);
                }

                var secret = endpoint.Rotate(Now, options.Value.RotationOverlap);
                await db.SaveChangesAsync(ctx.CancellationToken);
                return new WebhookSecretPayload(endpoint, secret, []);
            });

        mutation.Field<NonNullGraphType<ReplayWebhookDeliveryPayloadType>>("replayWebhookDelivery")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Sends a delivery again now (a dead letter, or one delivered that the receiver lost), with the same webhook-id.")
            .Argument<NonNullGraphType<ReplayWebhookDeliveryInputType>>("input")
            .ResolveAsync(async ctx => await ReplayOneAsync(ctx));

        mutation.Field<NonNullGraphType<ReplayWebhookDeliveriesPayloadType>>("replayWebhookDeliveries")
            .Authorize(Scopes.OrgAdmin, MemberRole.Admin)
            .Description("Sends an endpoint every event of its types that occurred in a time range again, within the retention window: "
                + "deliveries it had are queued again with their webhook-id, and events it never had (e.g. from before it was registered) get new ones.")
            .Argument<NonNullGraphType<ReplayWebhookDeliveriesInputType>>("input")
            .ResolveAsync(async ctx => await ReplayRangeAsync(ctx));
    }

    private async Task<MutationPayload<WebhookEndpoint>> UpdateAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        await using var db = ctx.Database();
        var endpoint = await FindEndpointAsync(db, input, "id", ctx.CancellationToken);
        var url = input.Has("url") ? await UrlAsync(input, required: true, ctx.CancellationToken) : null;
        var types = EventTypes(input);
        var description = input.OptionalText("description", 500);
        if (!input.IsValid || endpoint is null)
        {
            return MutationPayload.Failure(input.Errors);
        }

        endpoint.Url = url ?? endpoint.Url;
        endpoint.EventTypes = types ?? endpoint.EventTypes;
        if (input.Has("description"))
        {
            endpoint.Description = description;
        }

        switch (input.Get<bool?>("enabled"))
        {
            case true when !endpoint.Enabled:
                endpoint.Enable();
                break;
            case false when endpoint.Enabled:
                endpoint.Disable("Switched off by an administrator.", Now);
                break;
        }

        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(endpoint);
    }

    private async Task<MutationPayload<WebhookDelivery>> ReplayOneAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        await using var db = ctx.Database();
        var id = input.Id("id", "WebhookDelivery");
        var delivery = id is null ? null : await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, ctx.CancellationToken);
        if (delivery is null)
        {
            return input.NotFoundPayload("id");
        }

        if (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            return MutationPayload.Failure(new InvalidStateError("The delivery is still pending: it is sent at its next attempt."));
        }

        delivery.Replay(Now);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(delivery);
    }

    private async Task<ReplayedDeliveries> ReplayRangeAsync(IResolveFieldContext ctx)
    {
        var input = ctx.GetInput();
        var from = input.Get<DateTime>("from");
        var to = input.Get<DateTime>("to");
        if (to <= from)
        {
            input.Invalid("to", "`to` must be after `from`.");
        }

        await using var db = ctx.Database();
        var endpoint = await FindEndpointAsync(db, input, "endpointId", ctx.CancellationToken);
        if (!input.IsValid || endpoint is null)
        {
            return new ReplayedDeliveries(0, input.Errors);
        }

        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
        // Not a pending one: it goes out at its next attempt anyway, and its attempt count stays honest.
        var requeued = await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpoint.Id && d.OccurredAt >= from && d.OccurredAt < to && d.Status != WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.ClaimToken, (Guid?)null)
                .SetProperty(d => d.ClaimedUntil, (DateTime?)null), ctx.CancellationToken);
        var deliveries = db.WebhookDeliveries;
        var missing = await db.JournalEntries.AsNoTracking()
            .Where(e => e.OccurredAt >= from && e.OccurredAt < to && !deliveries.Any(d => d.EndpointId == endpoint.Id && d.Position == e.Id))
            .OrderBy(e => e.Id)
            .ToListAsync(ctx.CancellationToken);
        var created = 0;
        foreach (var entry in missing.Where(e => endpoint.Accepts(e.Type)))
        {
            db.WebhookDeliveries.Add(WebhookSender.NewDelivery(entry, endpoint, endpoint.NextSequence++, now));
            created++;
        }

        await db.SaveChangesAsync(ctx.CancellationToken);
        await transaction.CommitAsync(ctx.CancellationToken);
        return new ReplayedDeliveries(requeued + created, []);
    }

    private async Task<string?> UrlAsync(InputFields input, bool required, CancellationToken cancellationToken)
    {
        var url = required ? input.RequiredText("url", 2000) : input.OptionalText("url", 2000);
        if (url is not null && await WebhookAddresses.RefusalAsync(url, options.Value.AllowPrivateAddresses, cancellationToken) is { } refusal)
        {
            input.Invalid("url", refusal);
            return null;
        }

        return url;
    }

    private List<string>? EventTypes(InputFields input)
    {
        if (input.List<string>("eventTypes") is not { } types)
        {
            return null;
        }

        var unknown = types.Where(t => !eventTypes.IsKnown(t)).ToList();
        if (unknown.Count > 0)
        {
            input.Invalid("eventTypes", $"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", eventTypes.Names.Order(StringComparer.Ordinal))}.");
        }
        else if (types.Count > MaxEventTypes)
        {
            input.Invalid("eventTypes", $"At most {MaxEventTypes} event types.");
        }

        return types.Distinct().ToList();
    }

    private static async Task<WebhookEndpoint?> FindEndpointAsync(SalesDbContext db, InputFields input, string field, CancellationToken cancellationToken)
    {
        var id = input.Id(field, "WebhookEndpoint");
        var endpoint = id is null ? null : await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null && input.IsValid)
        {
            input.NotFound(field);
        }

        return endpoint;
    }
}
