using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>What a condition sees of a record and the owner it reaches: the facts by path, the owner and their team.</summary>
public sealed record RecordFacts(Dictionary<string, object?> Facts, long? OwnerId, long? TeamId, bool Found);

/// <summary>The record fields conditions may name, per kind, and how they are read; custom fields are <c>record.custom.&lt;key&gt;</c>.</summary>
public static class RuleFacts
{
    private static readonly IReadOnlyDictionary<CustomFieldEntity, IReadOnlyDictionary<string, RuleValueType>> RecordFields = new Dictionary<CustomFieldEntity, IReadOnlyDictionary<string, RuleValueType>>
    {
        [CustomFieldEntity.Lead] = new Dictionary<string, RuleValueType>
        {
            ["name"] = RuleValueType.Text, ["company"] = RuleValueType.Text, ["industry"] = RuleValueType.Text, ["province"] = RuleValueType.Text,
            ["source"] = RuleValueType.Text, ["status"] = RuleValueType.Text, ["hasOwner"] = RuleValueType.Boolean, ["createdAt"] = RuleValueType.DateTime,
        },
        [CustomFieldEntity.Opportunity] = new Dictionary<string, RuleValueType>
        {
            ["name"] = RuleValueType.Text, ["amount"] = RuleValueType.Number, ["probability"] = RuleValueType.Number, ["stage"] = RuleValueType.Text,
            ["expectedCloseDate"] = RuleValueType.Date, ["createdAt"] = RuleValueType.DateTime,
        },
        [CustomFieldEntity.Account] = new Dictionary<string, RuleValueType>
        {
            ["name"] = RuleValueType.Text, ["industry"] = RuleValueType.Text, ["subSegment"] = RuleValueType.Text, ["province"] = RuleValueType.Text,
            ["size"] = RuleValueType.Text, ["ownership"] = RuleValueType.Text, ["archived"] = RuleValueType.Boolean,
        },
        [CustomFieldEntity.Contact] = new Dictionary<string, RuleValueType>
        {
            ["name"] = RuleValueType.Text, ["title"] = RuleValueType.Text, ["decisionRole"] = RuleValueType.Text,
        },
    };

    /// <summary>Every path a condition of a rule started by <paramref name="shape"/> may name, with its type.</summary>
    public static Dictionary<string, RuleValueType> PathsFor(RuleEventCatalog.EventShape shape, IEnumerable<CustomFieldDefinition> definitions)
    {
        var paths = new Dictionary<string, RuleValueType>(StringComparer.Ordinal)
        {
            ["event.type"] = RuleValueType.Text,
            ["event.occurredAt"] = RuleValueType.DateTime,
            ["event.depth"] = RuleValueType.Number,
        };
        foreach (var (name, type) in shape.Data)
        {
            paths["event." + name] = type;
        }

        if (shape.Subject is { } kind)
        {
            foreach (var (name, type) in RecordFields[kind])
            {
                paths["record." + name] = type;
            }

            foreach (var definition in definitions.Where(d => d.Entity == kind))
            {
                paths["record.custom." + definition.Key] = TypeOf(definition.Type);
            }
        }

        return paths;
    }

    private static RuleValueType TypeOf(CustomFieldType type) => type switch
    {
        CustomFieldType.Number => RuleValueType.Number,
        CustomFieldType.Date => RuleValueType.Date,
        CustomFieldType.MultiChoice => RuleValueType.TextList,
        _ => RuleValueType.Text,
    };

    private static string Code<T>(T value) where T : struct, Enum => global::GraphQL.StringExtensions.ToConstantCase(value.ToString());

    public static async Task<RecordFacts> LoadAsync(SalesDbContext db, RuleEvent e, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["event.type"] = e.Type,
            ["event.occurredAt"] = e.OccurredAt,
            ["event.depth"] = (decimal)e.Depth,
        };
        foreach (var (name, value) in e.Data)
        {
            facts["event." + name] = value;
        }

        if (e.SubjectKind is not { } kind || e.SubjectId is not { } id)
        {
            return new RecordFacts(facts, null, null, false);
        }

        long? ownerId = null;
        long? teamId = null;
        var found = true;
        void Set(string name, object? value) => facts["record." + name] = value;
        switch (kind)
        {
            case CustomFieldEntity.Lead:
                var lead = await db.Set<Lead>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
                found = lead is not null;
                if (lead is not null)
                {
                    Set("name", lead.Name);
                    Set("company", lead.Company);
                    Set("industry", Code(lead.Industry));
                    Set("province", lead.Province);
                    Set("source", Code(lead.Source));
                    Set("status", Code(lead.Status));
                    Set("hasOwner", lead.OwnerId is not null);
                    Set("createdAt", lead.CreatedAt);
                    (ownerId, teamId) = (lead.OwnerId, lead.TeamId);
                }

                break;
            case CustomFieldEntity.Opportunity:
                var opportunity = await db.Set<Opportunity>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
                found = opportunity is not null;
                if (opportunity is not null)
                {
                    Set("name", opportunity.Name);
                    Set("amount", opportunity.Amount);
                    Set("probability", (decimal)opportunity.Probability);
                    Set("stage", await db.Set<PipelineStage>().Where(s => s.Id == opportunity.StageId).Select(s => s.Code).FirstOrDefaultAsync(cancellationToken));
                    Set("expectedCloseDate", opportunity.ExpectedCloseDate);
                    Set("createdAt", opportunity.CreatedAt);
                    ownerId = opportunity.OwnerId;
                }

                break;
            case CustomFieldEntity.Account:
                var account = await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
                found = account is not null;
                if (account is not null)
                {
                    Set("name", account.Name);
                    Set("industry", Code(account.Industry));
                    Set("subSegment", account.SubSegment);
                    Set("province", account.Province);
                    Set("size", Code(account.Size));
                    Set("ownership", Code(account.Ownership));
                    Set("archived", account.Archived);
                    ownerId = account.OwnerId;
                }

                break;
            case CustomFieldEntity.Contact:
                var contact = await db.Set<Contact>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
                found = contact is not null;
                if (contact is not null)
                {
                    Set("name", contact.Name);
                    Set("title", contact.Title);
                    Set("decisionRole", Code(contact.DecisionRole));
                    ownerId = await db.Set<Account>().Where(a => a.Id == contact.AccountId).Select(a => a.OwnerId).FirstOrDefaultAsync(cancellationToken);
                }

                break;
        }

        var definitions = (await CustomFieldStore.DefinitionsAsync(db, kind, cancellationToken)).ToDictionary(d => d.Id);
        foreach (var value in await CustomFieldStore.ValuesAsync(db, kind, [id], cancellationToken))
        {
            if (definitions.TryGetValue(value.DefinitionId, out var definition))
            {
                Set("custom." + definition.Key, definition.Type switch
                {
                    CustomFieldType.Number => value.Number,
                    CustomFieldType.Date => value.Date,
                    CustomFieldType.MultiChoice => value.ChosenValues.ToList(),
                    _ => value.Text,
                });
            }
        }

        if (teamId is null && ownerId is { } owner)
        {
            teamId = await db.Set<Member>().Where(m => m.Id == owner).Select(m => m.TeamId).FirstOrDefaultAsync(cancellationToken);
        }

        return new RecordFacts(facts, ownerId, teamId, found);
    }
}
