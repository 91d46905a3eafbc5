using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// Hands committed domain events to the rules engine, under the journal's type names. Today they come from the event bus, which publishes after the
/// commit; their key names the event (type, record, time), so every node that hears one claims the same log row and
/// one runs it. The seam for the event journal (branch integration): replace this feed by the journal's consumer and
/// use "j:{position}" as the key — nothing else changes. See NOTES.md for what the bus cannot promise (an event lost
/// when a node dies between commit and publish).
/// </summary>
public sealed class RuleEventFeed(IEventBus bus, RuleEngine engine, ISalesDbContextPool pool) : IHostedService
{
    private readonly List<IDisposable> _subscriptions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(bus.Listen<LeadAssigned>(_ => true, e => engine.Enqueue(Event("lead.assigned", e.TenantId, CustomFieldEntity.Lead, e.LeadId, e.OccurredAt,
            new() { ["reassigned"] = e.Reassigned }))));
        _subscriptions.Add(bus.Listen<LeadFirstResponseRecorded>(_ => true, e => engine.Enqueue(Event("lead.first-response-recorded", e.TenantId, CustomFieldEntity.Lead, e.LeadId, e.OccurredAt,
            new() { ["outcome"] = Code(e.Outcome) }))));
        _subscriptions.Add(bus.Listen<OpportunityStageChanged>(_ => true, e => engine.Enqueue(() => StageChangedAsync(e))));
        _subscriptions.Add(bus.Listen<ApprovalCompleted>(e => e.SubjectType == "Opportunity", e => engine.Enqueue(Event("approval.completed", e.TenantId, CustomFieldEntity.Opportunity, e.SubjectId, e.OccurredAt,
            new() { ["policyCode"] = e.PolicyCode, ["outcome"] = Code(e.Outcome) }))));
        _subscriptions.Add(bus.Listen<AccountChanged>(_ => true, e => engine.Enqueue(Event("account.changed", e.TenantId, CustomFieldEntity.Account, e.AccountId, e.OccurredAt,
            new() { ["kind"] = Code(e.Kind) }))));
        return Task.CompletedTask;
    }

    /// <summary>Stage changes carry stage ids; rules speak of stage codes.</summary>
    private async Task<RuleEvent> StageChangedAsync(OpportunityStageChanged e)
    {
        await using var db = pool.Rent(e.TenantId);
        long[] ids = e.FromStageId is { } from ? [from, e.ToStageId] : [e.ToStageId];
        var codes = await db.Set<PipelineStage>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Code);
        return Event("opportunity.stage-changed", e.TenantId, CustomFieldEntity.Opportunity, e.OpportunityId, e.OccurredAt, new()
        {
            ["fromStage"] = e.FromStageId is { } fromId ? codes.GetValueOrDefault(fromId) : null,
            ["toStage"] = codes.GetValueOrDefault(e.ToStageId),
            ["kind"] = Code(e.Kind),
        });
    }

    /// <summary>
    /// The key names the event by what it says: two events of one record in the same tick (a creation and an advance in
    /// one request) differ by their data, and every node builds the same key for the same event.
    /// </summary>
    private static RuleEvent Event(string type, long tenantId, CustomFieldEntity kind, long subjectId, DateTime occurredAt, Dictionary<string, object?> data) =>
        new($"bus:{type}:{subjectId}:{occurredAt.Ticks}:{string.Join(",", data.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value))}", tenantId, type, kind, subjectId, occurredAt, data);

    private static string Code<T>(T value) where T : struct, Enum => global::GraphQL.StringExtensions.ToConstantCase(value.ToString());

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscriptions.ForEach(s => s.Dispose());
        return engine.WhenIdleAsync().WaitAsync(cancellationToken);
    }
}
