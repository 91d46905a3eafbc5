using System.Collections.Concurrent;
using HeadlessSales.Api.Infrastructure.CustomFields;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// Compiled conditions, keyed by their text, their event and the custom fields they were checked against: a condition is
/// parsed and type-checked once, not on every run (ten times the evaluation itself, see RuleEvaluationBenchmarks). A
/// changed custom field changes the key, so a condition is checked again against what the fields are now.
/// </summary>
public static class RuleConditionCache
{
    private const int Capacity = 10_000;

    private static readonly ConcurrentDictionary<string, (RuleNode? Node, IReadOnlyList<RuleExpressionError> Errors)> Compiled = new(StringComparer.Ordinal);

    public static (RuleNode? Node, IReadOnlyList<RuleExpressionError> Errors) Compile(string condition, string eventType, IReadOnlyList<CustomFieldDefinition> definitions)
    {
        var key = $"{eventType}\n{string.Join(",", definitions.Select(d => $"{d.Entity}.{d.Key}:{d.Type}"))}\n{condition}";
        if (Compiled.TryGetValue(key, out var found))
        {
            return found;
        }

        if (Compiled.Count >= Capacity)
        {
            // Simple and bounded: thousands of distinct conditions are far more than tenants write.
            Compiled.Clear();
        }

        return Compiled[key] = RuleExpression.Compile(condition, RuleFacts.PathsFor(RuleEventCatalog.Events[eventType], definitions));
    }
}
