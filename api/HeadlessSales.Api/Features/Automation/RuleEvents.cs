using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// An event as the rules engine takes it: what happened, to which record, with its data. <see cref="Key"/> identifies
/// the event for exactly-once runs; once the event journal is merged it is the journal position (NOTES.md).
/// </summary>
public sealed record RuleEvent(string Key, long TenantId, string Type, CustomFieldEntity? SubjectKind, long? SubjectId, DateTime OccurredAt, IReadOnlyDictionary<string, object?> Data, int Depth = 0);

/// <summary>The event types a rule can start on, with their record and data fields: what conditions are checked against.</summary>
public static class RuleEventCatalog
{
    public sealed record EventShape(string Type, CustomFieldEntity? Subject, IReadOnlyDictionary<string, RuleValueType> Data, string Description);

    public const string CustomFieldChangedSuffix = ".custom_field_changed";

    public static readonly IReadOnlyDictionary<string, EventShape> Events = new EventShape[]
    {
        new("lead.assigned", CustomFieldEntity.Lead, new Dictionary<string, RuleValueType> { ["reassigned"] = RuleValueType.Boolean }, "A lead got an owner (at intake or by reassignment)."),
        new("lead.first-response-recorded", CustomFieldEntity.Lead, new Dictionary<string, RuleValueType> { ["outcome"] = RuleValueType.Text }, "The owner recorded the first response to a lead."),
        new("opportunity.stage-changed", CustomFieldEntity.Opportunity, new Dictionary<string, RuleValueType> { ["fromStage"] = RuleValueType.Text, ["toStage"] = RuleValueType.Text, ["kind"] = RuleValueType.Text }, "An opportunity entered a stage (stage codes, e.g. QUOTATION)."),
        new("opportunity.assigned", CustomFieldEntity.Opportunity, new Dictionary<string, RuleValueType> { ["byRule"] = RuleValueType.Boolean }, "An opportunity changed hands (byRule: a rule's ASSIGN did it)."),
        new("approval.completed", CustomFieldEntity.Opportunity, new Dictionary<string, RuleValueType> { ["policyCode"] = RuleValueType.Text, ["outcome"] = RuleValueType.Text }, "An approval of an opportunity finished (outcome APPROVED or REJECTED)."),
        new("document.viewed", CustomFieldEntity.Contact, new Dictionary<string, RuleValueType>
        {
            ["documentId"] = RuleValueType.Text, ["kindCode"] = RuleValueType.Text, ["fileName"] = RuleValueType.Text, ["shareLinkId"] = RuleValueType.Text,
        }, "A customer contact opened a document shared with them (the record is the contact; kindCode is the document's kind, e.g. SOLUTION_PROPOSAL)."),
        new("account.changed", CustomFieldEntity.Account, new Dictionary<string, RuleValueType> { ["kind"] = RuleValueType.Text }, "An account was created, updated or archived."),
    }
    .Concat(Enum.GetValues<CustomFieldEntity>().Select(kind => new EventShape(
        KindName(kind) + CustomFieldChangedSuffix, kind, new Dictionary<string, RuleValueType> { ["key"] = RuleValueType.Text }, $"A rule set a custom field of a {KindName(kind)}.")))
    .Append(RuleScheduling.Shape)
    .ToDictionary(e => e.Type, StringComparer.Ordinal);

    public static string KindName(CustomFieldEntity kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The events a rule's own action raises on its record: a rule started by one of them would start itself.</summary>
    public static IEnumerable<string> Raised(RuleAction action, CustomFieldEntity? subject) => (action.Kind, subject) switch
    {
        (RuleActionKind.SetField, { } kind) => [KindName(kind) + CustomFieldChangedSuffix],
        (RuleActionKind.Assign, CustomFieldEntity.Lead) => ["lead.assigned"],
        (RuleActionKind.Assign, CustomFieldEntity.Opportunity) => ["opportunity.assigned"],
        _ => [],
    };
}

/// <summary>
/// A rule's SET_FIELD changed a custom field of a record: journaled as <c>&lt;kind&gt;.custom_field_changed</c> in the run's
/// transaction (one type per kind, as the journal names one type per event), with how many rule actions deep it is,
/// so loop prevention counts it when the rules read it back.
/// </summary>
public abstract record RuleCustomFieldChanged(long TenantId, long RecordId, string Key, long RuleId, int RuleDepth, DateTime OccurredAt) : IDomainEvent
{
    public static RuleCustomFieldChanged For(CustomFieldEntity kind, long tenantId, long recordId, string key, long ruleId, int ruleDepth, DateTime at) => kind switch
    {
        CustomFieldEntity.Lead => new LeadCustomFieldChanged(tenantId, recordId, key, ruleId, ruleDepth, at),
        CustomFieldEntity.Account => new AccountCustomFieldChanged(tenantId, recordId, key, ruleId, ruleDepth, at),
        CustomFieldEntity.Contact => new ContactCustomFieldChanged(tenantId, recordId, key, ruleId, ruleDepth, at),
        _ => new OpportunityCustomFieldChanged(tenantId, recordId, key, ruleId, ruleDepth, at),
    };

    /// <summary>Registers the four types under their public names, about the record.</summary>
    public static IServiceCollection AddJournaledEvents(IServiceCollection services)
    {
        static string? About(CustomFieldEntity kind, RuleCustomFieldChanged e) => JournaledEventType.Subject(kind.ToString(), e.RecordId);
        static string NameOf(CustomFieldEntity kind) => RuleEventCatalog.KindName(kind) + RuleEventCatalog.CustomFieldChangedSuffix;
        services.AddJournaledEvent<LeadCustomFieldChanged>(NameOf(CustomFieldEntity.Lead), e => About(CustomFieldEntity.Lead, e));
        services.AddJournaledEvent<AccountCustomFieldChanged>(NameOf(CustomFieldEntity.Account), e => About(CustomFieldEntity.Account, e));
        services.AddJournaledEvent<ContactCustomFieldChanged>(NameOf(CustomFieldEntity.Contact), e => About(CustomFieldEntity.Contact, e));
        return services.AddJournaledEvent<OpportunityCustomFieldChanged>(NameOf(CustomFieldEntity.Opportunity), e => About(CustomFieldEntity.Opportunity, e));
    }
}

public sealed record LeadCustomFieldChanged(long TenantId, long RecordId, string Key, long RuleId, int RuleDepth, DateTime OccurredAt)
    : RuleCustomFieldChanged(TenantId, RecordId, Key, RuleId, RuleDepth, OccurredAt);

public sealed record AccountCustomFieldChanged(long TenantId, long RecordId, string Key, long RuleId, int RuleDepth, DateTime OccurredAt)
    : RuleCustomFieldChanged(TenantId, RecordId, Key, RuleId, RuleDepth, OccurredAt);

public sealed record ContactCustomFieldChanged(long TenantId, long RecordId, string Key, long RuleId, int RuleDepth, DateTime OccurredAt)
    : RuleCustomFieldChanged(TenantId, RecordId, Key, RuleId, RuleDepth, OccurredAt);

public sealed record OpportunityCustomFieldChanged(long TenantId, long RecordId, string Key, long RuleId, int RuleDepth, DateTime OccurredAt)
    : RuleCustomFieldChanged(TenantId, RecordId, Key, RuleId, RuleDepth, OccurredAt);
