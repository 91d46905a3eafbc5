using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>
/// A call to one registered endpoint asked for by another module (a rule's CALL_WEBHOOK action). Journaled in the
/// asking transaction like any event, so the fan-out turns it into a delivery of that endpoint only — signed, retried,
/// logged and replayable like every other — and it is lost neither when the process dies nor when the work rolls back.
/// </summary>
public sealed record WebhookRequested(long TenantId, long EndpointId, string Reason, string? SubjectId, string? Message, IReadOnlyDictionary<string, object?> Data, DateTime OccurredAt) : IDomainEvent
{
    public const string Name = "webhook.requested";
}

public static class WebhookRequests
{
    /// <summary>Asks for a delivery to <paramref name="request"/>'s endpoint once this context's transaction commits.</summary>
    public static void RequestWebhook(this SalesDbContext db, WebhookRequested request) => db.Journal(request);

    /// <summary>Whether <paramref name="endpoint"/> receives <paramref name="entry"/>: a requested call goes to its endpoint only, other events by the endpoint's filter.</summary>
    public static bool Receives(this WebhookEndpoint endpoint, JournalEntry entry)
    {
        if (entry.Type != WebhookRequested.Name)
        {
            return endpoint.Accepts(entry.Type);
        }

        using var payload = System.Text.Json.JsonDocument.Parse(entry.Payload);
        return payload.RootElement.TryGetProperty("endpointId", out var id) && id.GetInt64() == endpoint.Id;
    }
}
