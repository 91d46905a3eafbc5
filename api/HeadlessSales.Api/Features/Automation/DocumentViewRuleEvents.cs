using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// Hands customers' document views (<c>document.viewed</c>, journaled and published after the commit) to the rules,
/// as events of the contact the link was made for. Apart from <see cref="RuleEventFeed"/> so that the move of the
/// rules' feed onto the journal takes <see cref="From"/> as it is.
/// </summary>
public sealed class DocumentViewRuleEvents(IEventBus bus, RuleEngine engine) : IHostedService
{
    private IDisposable? _subscription;

    public static RuleEvent From(DocumentViewed e) => new($"view:{e.ViewId}", e.TenantId, "document.viewed", CustomFieldEntity.Contact, e.ContactId, e.OccurredAt,
        new Dictionary<string, object?>
        {
            ["documentId"] = GlobalId.Encode("Document", e.DocumentId),
            ["kindCode"] = e.KindCode,
            ["fileName"] = e.FileName,
            ["shareLinkId"] = GlobalId.Encode(DocumentShareLinkType.TypeName, e.ShareLinkId),
        });

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Listen<DocumentViewed>(_ => true, e => engine.Enqueue(From(e)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
