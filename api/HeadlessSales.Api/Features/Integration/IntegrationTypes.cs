using GraphQL.Types;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Auditing;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Integration;

public sealed class WebhookEndpointType : NodeType<WebhookEndpoint>
{
    public WebhookEndpointType() : base("WebhookEndpoint", "Where the tenant's events are POSTed, signed per Standard Webhooks. Administrators only.")
    {
        Field<NonNullGraphType<StringGraphType>>("url").Resolve(ctx => ctx.Source.Url);
        Field<StringGraphType>("description").Resolve(ctx => ctx.Source.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventTypes")
            .Description("The event types delivered; empty for all.").Resolve(ctx => ctx.Source.EventTypes);
        Field<NonNullGraphType<BooleanGraphType>>("enabled").Resolve(ctx => ctx.Source.Enabled);
        Field<StringGraphType>("disabledReason").Description("Why it is off: by hand, or the receiver answered 410 Gone.").Resolve(ctx => ctx.Source.DisabledReason);
        Field<UtcDateTimeGraphType>("previousSecretUntil")
            .Description("Until when deliveries also carry the signature of the secret before the last rotation.").Resolve(ctx => ctx.Source.PreviousSecretUntil);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("createdAt").Resolve(ctx => ctx.Source.CreatedAt);
        this.AuthorizeEveryField(Scopes.OrgAdmin, MemberRole.Admin);
    }
}

public sealed class WebhookDeliveryStatusType : EnumerationGraphType<WebhookDeliveryStatus>
{
    public WebhookDeliveryStatusType() => Name = "WebhookDeliveryStatus";
}

public sealed class WebhookDeliveryType : NodeType<WebhookDelivery>
{
    public WebhookDeliveryType() : base("WebhookDelivery", "One event owed to one endpoint, and how its attempts went: the delivery log. Administrators only.")
    {
        Field<NonNullGraphType<WebhookEndpointType>>("endpoint")
            .Resolve(ctx => ctx.DataLoader<WebhookEndpointByIdDataLoader>().LoadAsync(ctx.Source.EndpointId));
        Field<NonNullGraphType<StringGraphType>>("messageId").Description("The webhook-id header: the same on every attempt and replay.").Resolve(ctx => ctx.Source.MessageId);
        Field<NonNullGraphType<StringGraphType>>("eventType").Resolve(ctx => ctx.Source.EventType);
        // An Int: 2^31 messages to one endpoint is far beyond any retention; checked, so it would fail loudly rather than wrap.
        Field<NonNullGraphType<IntGraphType>>("sequence").Description("The endpoint's sequence number of this message (1, 2, …), as in the body.")
            .Resolve(ctx => checked((int)ctx.Source.Sequence));
        Field<NonNullGraphType<WebhookDeliveryStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field<NonNullGraphType<IntGraphType>>("attempts").Resolve(ctx => ctx.Source.Attempts);
        Field<UtcDateTimeGraphType>("nextAttemptAt").Description("When a pending delivery is tried next.")
            .Resolve(ctx => ctx.Source.Status == WebhookDeliveryStatus.Pending ? ctx.Source.NextAttemptAt : null);
        Field<IntGraphType>("lastStatusCode").Resolve(ctx => ctx.Source.LastStatusCode);
        Field<StringGraphType>("lastError").Resolve(ctx => ctx.Source.LastError);
        Field<UtcDateTimeGraphType>("lastAttemptAt").Resolve(ctx => ctx.Source.LastAttemptAt);
        Field<UtcDateTimeGraphType>("deliveredAt").Resolve(ctx => ctx.Source.DeliveredAt);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("occurredAt").Resolve(ctx => ctx.Source.OccurredAt);
        Field<NonNullGraphType<StringGraphType>>("body").Description("The JSON body every attempt sends.").Resolve(ctx => ctx.Source.Body);
        this.AuthorizeEveryField(Scopes.OrgAdmin, MemberRole.Admin);
    }
}

/// <summary>One entry of the events feed.</summary>
public sealed class JournalEventType : ObjectGraphType<JournalEntry>
{
    public JournalEventType()
    {
        Name = "JournalEvent";
        Description = "A committed event of the tenant, as webhooks deliver it.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after` to read what came after this event.")
            .Resolve(ctx => EventFeedCursor.Encode(ctx.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("type").Resolve(ctx => ctx.Source.Type);
        Field<IdGraphType>("subjectId").Description("The global id of the record the event is about.").Resolve(ctx => ctx.Source.SubjectId);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("occurredAt").Resolve(ctx => ctx.Source.OccurredAt);
        Field<NonNullGraphType<StringGraphType>>("payload").Description("The event as JSON.").Resolve(ctx => ctx.Source.Payload);
    }
}

public sealed record EventFeed(IReadOnlyList<JournalEntry> Nodes, string? EndCursor, bool HasMore);

public sealed class EventFeedType : ObjectGraphType<EventFeed>
{
    public EventFeedType()
    {
        Name = "EventFeed";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JournalEventType>>>>("nodes").Resolve(ctx => ctx.Source.Nodes);
        Field<StringGraphType>("endCursor").Description("The cursor to continue from; the `after` given when nothing new came.").Resolve(ctx => ctx.Source.EndCursor);
        Field<NonNullGraphType<BooleanGraphType>>("hasMore").Resolve(ctx => ctx.Source.HasMore);
    }
}

public static class EventFeedCursor
{
    private const string Kind = "EventCursor";

    public static string Encode(long position) => GlobalId.Encode(Kind, position);

    public static long? Decode(string cursor) => cursor == Encode(0) ? 0 : GlobalId.TryDecode(cursor, Kind);
}

/// <summary>A payload that carries an endpoint's signing secret, shown this once.</summary>
public sealed record WebhookSecretPayload(WebhookEndpoint? Endpoint, string? Secret, IReadOnlyList<UserError> Errors) : IMutationOutcome
{
    IEnumerable<string> IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? IMutationOutcome.Changed => Endpoint;
}

public abstract class WebhookSecretPayloadType<TErrorUnion> : ObjectGraphType<WebhookSecretPayload> where TErrorUnion : MutationErrorUnion
{
    protected WebhookSecretPayloadType(string mutationName)
    {
        Name = $"{char.ToUpperInvariant(mutationName[0])}{mutationName[1..]}Payload";
        Field<WebhookEndpointType>("webhookEndpoint").Resolve(ctx => ctx.Source.Endpoint);
        Field<StringGraphType>("secret")
            .Description("The signing secret (whsec_…) for the receiver's verification. Shown now only.")
            .Resolve(ctx => ctx.Source.Secret);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TErrorUnion>>>>("errors").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed record ReplayedDeliveries(int Count, IReadOnlyList<UserError> Errors) : IMutationOutcome
{
    IEnumerable<string> IMutationOutcome.ErrorCodes => Errors.Select(e => e.Code);

    object? IMutationOutcome.Changed => null;
}

public sealed class ReplayWebhookDeliveriesPayloadType : ObjectGraphType<ReplayedDeliveries>
{
    public ReplayWebhookDeliveriesPayloadType()
    {
        Name = "ReplayWebhookDeliveriesPayload";
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many deliveries were queued again (or created for events the endpoint had not had).")
            .Resolve(ctx => ctx.Source.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReplayWebhookDeliveriesErrorType>>>>("errors").Resolve(ctx => ctx.Source.Errors);
    }
}

public sealed class CreateWebhookEndpointInputType : InputObjectGraphType
{
    public CreateWebhookEndpointInputType()
    {
        Name = "CreateWebhookEndpointInput";
        Field<NonNullGraphType<StringGraphType>>("url").Description("A public http(s) address; internal addresses are refused.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("eventTypes").Description("Event types to deliver (see `eventTypes`); none for all.");
        Field<StringGraphType>("description");
    }
}

public sealed class UpdateWebhookEndpointInputType : InputObjectGraphType
{
    public UpdateWebhookEndpointInputType()
    {
        Name = "UpdateWebhookEndpointInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("url");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("eventTypes");
        Field<StringGraphType>("description");
        Field<BooleanGraphType>("enabled").Description("Switches deliveries off or on again; pending ones wait meanwhile.");
    }
}

public sealed class WebhookEndpointIdInputType : InputObjectGraphType
{
    public WebhookEndpointIdInputType()
    {
        Name = "WebhookEndpointIdInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class ReplayWebhookDeliveryInputType : InputObjectGraphType
{
    public ReplayWebhookDeliveryInputType()
    {
        Name = "ReplayWebhookDeliveryInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class ReplayWebhookDeliveriesInputType : InputObjectGraphType
{
    public ReplayWebhookDeliveriesInputType()
    {
        Name = "ReplayWebhookDeliveriesInput";
        Field<NonNullGraphType<IdGraphType>>("endpointId");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("from").Description("Events that occurred at or after this.");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("to").Description("Events that occurred before this.");
    }
}

public sealed class CreateWebhookEndpointErrorType() : MutationErrorUnion("createWebhookEndpoint", typeof(ValidationErrorType));

public sealed class UpdateWebhookEndpointErrorType() : MutationErrorUnion("updateWebhookEndpoint", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class RotateWebhookEndpointSecretErrorType() : MutationErrorUnion("rotateWebhookEndpointSecret", typeof(NotFoundErrorType));

public sealed class ReplayWebhookDeliveryErrorType() : MutationErrorUnion("replayWebhookDelivery", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class ReplayWebhookDeliveriesErrorType() : MutationErrorUnion("replayWebhookDeliveries", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class CreateWebhookEndpointPayloadType() : WebhookSecretPayloadType<CreateWebhookEndpointErrorType>("createWebhookEndpoint");

public sealed class RotateWebhookEndpointSecretPayloadType() : WebhookSecretPayloadType<RotateWebhookEndpointSecretErrorType>("rotateWebhookEndpointSecret");

public sealed class UpdateWebhookEndpointPayloadType() : PayloadType<WebhookEndpointType, WebhookEndpoint, UpdateWebhookEndpointErrorType>("updateWebhookEndpoint", "webhookEndpoint");

public sealed class ReplayWebhookDeliveryPayloadType() : PayloadType<WebhookDeliveryType, WebhookDelivery, ReplayWebhookDeliveryErrorType>("replayWebhookDelivery", "webhookDelivery");
