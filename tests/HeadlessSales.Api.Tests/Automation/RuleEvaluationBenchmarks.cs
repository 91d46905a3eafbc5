using System.Diagnostics;
using HeadlessSales.Api.Features.Automation;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Tests.Leads;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>
/// Issue 21's rule-evaluation figure (runs only with <c>HEADLESSSALES_BENCH</c> set): 1,000 rules in a tenant over the
/// event catalog, 10,000 events with varied records; the cost per event of deciding every rule the event starts,
/// with conditions parsed and type-checked on every run, through the engine's cache, and held compiled. Facts
/// are given: the database reads of a run (rules, record, custom values) are not in these figures.
/// </summary>
public sealed class RuleEvaluationBenchmarks(ITestOutputHelper output)
{
    [BenchFact]
    public void ThousandRules_TenThousandEvents_DecisionCostPerEvent()
    {
        var random = new Random(21);
        var definitions = new List<CustomFieldDefinition>
        {
            new() { Entity = CustomFieldEntity.Lead, Key = "budget", Label = "预算", Type = CustomFieldType.Number },
            new() { Entity = CustomFieldEntity.Lead, Key = "segments", Label = "细分", Type = CustomFieldType.MultiChoice, Choices = ["光伏", "风电", "储能"] },
            new() { Entity = CustomFieldEntity.Opportunity, Key = "proposal_type", Label = "方案", Type = CustomFieldType.Choice, Choices = ["technical", "commercial"] },
            new() { Entity = CustomFieldEntity.Account, Key = "credit_limit", Label = "授信", Type = CustomFieldType.Number },
        };
        string[] industries = ["NEW_ENERGY", "MEDICAL_DEVICES", "INDUSTRIAL_AUTOMATION", "CHEMICALS"];
        var templates = new Dictionary<string, Func<int, string>>
        {
            ["lead.assigned"] = i => $"record.industry == '{industries[i % 4]}' and record.custom.budget >= {i * 10} and not event.reassigned",
            ["lead.first-response-recorded"] = i => $"event.outcome in ['CONNECTED', 'MEETING_BOOKED'] and record.custom.segments contains '储能' or record.province == '省{i % 30}'",
            ["opportunity.stage-changed"] = i => $"event.toStage == 'S{i % 8}' and record.custom.proposal_type == 'technical' and record.amount > {i * 100}",
            ["approval.completed"] = i => $"event.outcome == 'APPROVED' and event.policyCode == 'P{i % 5}' and record.probability >= {i % 100}",
            ["account.changed"] = i => $"event.kind == 'CREATED' and (record.custom.credit_limit > {i} or record.name contains '{i % 10}')",
        };
        var types = templates.Keys.ToArray();
        var rules = Enumerable.Range(0, 1_000).Select(i => (Type: types[i % types.Length], Condition: templates[types[i % types.Length]](i))).ToList();
        var byType = rules.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Select(r => r.Condition).ToList());
        var paths = types.ToDictionary(t => t, t => RuleFacts.PathsFor(RuleEventCatalog.Events[t], definitions));
        var compiled = byType.ToDictionary(p => p.Key, p => p.Value.Select(c => RuleExpression.Compile(c, paths[p.Key]).Node ?? throw new InvalidOperationException(c)).ToList());

        var events = Enumerable.Range(0, 10_000).Select(i =>
        {
            var type = types[random.Next(types.Length)];
            var facts = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["event.type"] = type, ["event.reassigned"] = random.Next(2) == 0, ["event.outcome"] = random.Next(2) == 0 ? "CONNECTED" : "APPROVED",
                ["event.toStage"] = $"S{random.Next(8)}", ["event.policyCode"] = $"P{random.Next(5)}", ["event.kind"] = "CREATED",
                ["record.industry"] = industries[random.Next(4)], ["record.province"] = $"省{random.Next(30)}", ["record.name"] = $"客户{random.Next(1000)}",
                ["record.amount"] = (decimal)random.Next(100_000), ["record.probability"] = (decimal)random.Next(100),
                ["record.custom.budget"] = (decimal)random.Next(10_000), ["record.custom.segments"] = new List<string> { "光伏", random.Next(2) == 0 ? "储能" : "风电" },
                ["record.custom.proposal_type"] = random.Next(2) == 0 ? "technical" : "commercial", ["record.custom.credit_limit"] = (decimal)random.Next(2_000),
            };
            return (Type: type, Facts: facts);
        }).ToList();

        var uncached = Measure(events, e => byType[e.Type].Count(c => RuleExpression.Evaluate(RuleExpression.Compile(c, paths[e.Type]).Node!, e.Facts)));
        var engine = Measure(events, e => byType[e.Type].Count(c => RuleExpression.Evaluate(RuleConditionCache.Compile(c, e.Type, definitions).Node!, e.Facts)));
        var cached = Measure(events, e => compiled[e.Type].Count(node => RuleExpression.Evaluate(node, e.Facts)));

        output.WriteLine($"1,000 rules ({rules.Count / types.Length} per event type), 10,000 events, decision only (facts given):");
        output.WriteLine($"  parse + type-check + evaluate on every run:          p50 {uncached.P50:F1} µs, p99 {uncached.P99:F1} µs per event; {uncached.Met} rule runs met their condition");
        output.WriteLine($"  the engine's path (RuleConditionCache, then evaluate): p50 {engine.P50:F1} µs, p99 {engine.P99:F1} µs per event");
        output.WriteLine($"  compiled nodes held by the caller, evaluate only:      p50 {cached.P50:F1} µs, p99 {cached.P99:F1} µs per event");
        Assert.Equal(uncached.Met, engine.Met);
        Assert.Equal(uncached.Met, cached.Met);
    }

    private static (double P50, double P99, long Met) Measure(List<(string Type, Dictionary<string, object?> Facts)> events, Func<(string Type, Dictionary<string, object?> Facts), int> decide)
    {
        foreach (var e in events.Take(500))
        {
            decide(e);
        }

        var times = new double[events.Count];
        long met = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            met += decide(events[i]);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return (times[times.Length / 2], times[(int)(times.Length * 0.99)], met);
    }
}
