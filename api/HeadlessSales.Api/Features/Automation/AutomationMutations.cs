using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Features.Integration;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>Rules are the tenant's process settings: made, changed and tried by admins (and sales ops), run by the engine.</summary>
public sealed class AutomationMutations(TimeProvider clock, RuleEngine engine) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateAutomationRulePayloadType>>("createAutomationRule")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a rule. Its condition is type-checked against the trigger's event and record (errors point at the offending part), its actions against the record, and a rule whose action raises its own trigger is refused.")
            .Argument<NonNullGraphType<CreateAutomationRuleInputType>>("input")
            .ResolveAsync(async ctx => await SaveAsync(ctx, ctx.GetInput(), isNew: true));

        mutation.Field<NonNullGraphType<UpdateAutomationRulePayloadType>>("updateAutomationRule")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Changes a rule, switches it on or off, or resumes it after the engine paused it.")
            .Argument<NonNullGraphType<UpdateAutomationRuleInputType>>("input")
            .ResolveAsync(async ctx => await SaveAsync(ctx, ctx.GetInput(), isNew: false));

        mutation.Field<NonNullGraphType<DryRunAutomationRulePayloadType>>("dryRunAutomationRule")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Shows what a rule would do for a recorded or described event, performing nothing.")
            .Argument<NonNullGraphType<DryRunAutomationRuleInputType>>("input")
            .ResolveAsync(async ctx => await DryRunAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<AutomationRule>> SaveAsync(IResolveFieldContext ctx, InputFields input, bool isNew)
    {
        await using var db = ctx.Database();
        AutomationRule? rule = null;
        if (!isNew)
        {
            var id = input.Id("id", "AutomationRule");
            rule = id is null ? null : await db.AutomationRules.FirstOrDefaultAsync(r => r.Id == id, ctx.CancellationToken);
            if (rule is null)
            {
                return input.NotFoundPayload("id");
            }
        }

        var trigger = input.Has("trigger") ? input.Get<Dictionary<string, object?>>("trigger") : null;
        var delay = trigger is null ? rule?.DelayMinutes ?? 0 : trigger.GetValueOrDefault("delayMinutes") as int? ?? 0;
        var actions = input.Has("actions") ? ReadActions(input) : rule!.Actions;
        var count = trigger is null ? rule?.Counting : trigger.GetValueOrDefault("count") is Dictionary<string, object?> counting
            ? new RuleCount(counting.GetValueOrDefault("times") as int? ?? 0, counting.GetValueOrDefault("withinMinutes") as int? ?? 0)
            : null;
        var schedule = trigger is null ? rule?.Schedule : ReadSchedule(trigger);
        if (trigger is not null && schedule is not null && (trigger.GetValueOrDefault("event") is not null || delay > 0 || count is not null || trigger.GetValueOrDefault("unlessEvent") is not null))
        {
            input.Errors.Add(new ValidationError(input.PathOf("trigger.schedule"), "A schedule trigger takes no event, delay or count."));
        }

        var draft = new RuleDraft(
            input.Has("name") ? input.Get<string>("name")?.Trim() ?? string.Empty : rule!.Name,
            schedule is not null ? RuleTriggerKind.Schedule : delay > 0 ? RuleTriggerKind.Delayed : RuleTriggerKind.Event,
            schedule is not null ? RuleScheduling.EventType : trigger is null ? rule!.EventType : trigger.GetValueOrDefault("event") as string ?? string.Empty,
            trigger is null ? rule?.UnlessEventType : trigger.GetValueOrDefault("unlessEvent") as string,
            delay,
            input.Has("condition") ? input.Get<string>("condition") ?? string.Empty : rule?.Condition ?? string.Empty,
            actions,
            input.Has("maxDepth") ? input.Get<int?>("maxDepth") ?? AutomationRule.DefaultMaxDepth : rule?.MaxDepth ?? AutomationRule.DefaultMaxDepth,
            count,
            schedule);
        var subject = RuleEventCatalog.Events.GetValueOrDefault(draft.EventType)?.Subject;
        var definitions = subject is { } kind ? await CustomFieldStore.DefinitionsAsync(db, kind, ctx.CancellationToken) : [];
        var memberIds = actions.Select(a => a.MemberId).OfType<long>().ToList();
        var members = await db.Members.Where(m => memberIds.Contains(m.Id) && m.Active).Select(m => m.Id).ToListAsync(ctx.CancellationToken);
        var endpointIds = actions.Select(a => a.WebhookEndpointId).OfType<long>().ToList();
        var endpoints = await db.WebhookEndpoints.Where(e => endpointIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(ctx.CancellationToken);
        input.Errors.AddRange(RuleDefinition.Check(draft, definitions, members.Contains, endpoints.Contains, input.PathOf));
        input.Errors.AddRange(await RuleContentPush.CheckAsync(db, draft, input.PathOf, ctx.CancellationToken));
        input.Errors.AddRange(await RuleAssignment.CheckAsync(db, draft, input.PathOf, ctx.CancellationToken));
        input.Errors.AddRange(RuleAward.Check(draft, members.Contains, input.PathOf));
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var now = Now;
        rule ??= db.AutomationRules.Add(new AutomationRule { TenantId = ctx.TenantId(), Name = draft.Name, EventType = draft.EventType, CreatedAt = now }).Entity;
        rule.Apply(draft, now);
        if (input.Get<bool?>("enabled") is { } enabled)
        {
            rule.Enabled = enabled;
        }

        if (input.Get<bool?>("resume") is true)
        {
            rule.Resume(now);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
        await db.SaveChangesAsync(ctx.CancellationToken);
        await RuleScheduling.PlanAsync(db, rule, now, ctx.CancellationToken);
        await transaction.CommitAsync(ctx.CancellationToken);
        return MutationPayload.Success(rule);
    }

    private static RuleSchedule? ReadSchedule(Dictionary<string, object?> trigger) =>
        trigger.GetValueOrDefault("schedule") is Dictionary<string, object?> schedule
            ? new RuleSchedule(
                (schedule.GetValueOrDefault("weekdays") as IEnumerable<object?> ?? []).OfType<DayOfWeek>().Distinct().ToList(),
                schedule.GetValueOrDefault("time") as string ?? string.Empty)
            : null;

    private static List<RuleAction> ReadActions(InputFields input)
    {
        var actions = new List<RuleAction>();
        var items = input.List<Dictionary<string, object?>>("actions") ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            long? memberId = null;
            if (item.GetValueOrDefault("memberId") is string id)
            {
                memberId = GlobalId.TryDecode(id, "Member") ?? -1;
            }

            actions.Add(new RuleAction(
                (RuleActionKind)item["kind"]!,
                item.GetValueOrDefault("recipient") as RuleRecipient?,
                memberId,
                (item.GetValueOrDefault("message") as string)?.Trim(),
                item.GetValueOrDefault("fieldKey") as string,
                item.GetValueOrDefault("value") as string,
                item.GetValueOrDefault("dueInMinutes") as int?,
                item.GetValueOrDefault("webhookEndpointId") is string endpoint ? GlobalId.TryDecode(endpoint, "WebhookEndpoint") ?? -1 : null,
                item.GetValueOrDefault("documentId") is string document ? GlobalId.TryDecode(document, "Document") ?? -1 : null,
                item.GetValueOrDefault("caseId") is string wonCase ? GlobalId.TryDecode(wonCase, "WonCase") ?? -1 : null,
                item.GetValueOrDefault("pushTo") as PushTarget?,
                item.GetValueOrDefault("assignTo") as RuleAssignee?,
                item.GetValueOrDefault("points") as int?,
                item.GetValueOrDefault("amount") as decimal?));
        }

        return actions;
    }

    private async Task<MutationPayload<DryRunResult>> DryRunAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var ruleId = input.Id("ruleId", "AutomationRule");
        var rule = ruleId is null ? null : await db.AutomationRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId, ctx.CancellationToken);
        if (rule is null)
        {
            return input.NotFoundPayload("ruleId");
        }

        var shape = RuleEventCatalog.Events[rule.EventType];
        RuleEvent e;
        if (input.Get<string>("executionId") is not null)
        {
            var executionId = input.Id("executionId", "RuleExecution");
            var recorded = executionId is null ? null : await db.RuleExecutions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == executionId, ctx.CancellationToken);
            if (recorded is null)
            {
                return input.NotFoundPayload("executionId");
            }

            var facts = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(recorded.Inputs) ?? [];
            var data = facts.Where(f => f.Key.StartsWith("event.", StringComparison.Ordinal) && shape.Data.ContainsKey(f.Key[6..]))
                .ToDictionary(f => f.Key[6..], f => Plain(f.Value, shape.Data[f.Key[6..]]));
            e = new RuleEvent("dry-run", rule.TenantId, rule.EventType, recorded.SubjectKind, recorded.SubjectId, recorded.StartedAt, data, recorded.Depth);
        }
        else
        {
            long? subjectId = null;
            if (shape.Subject is { } kind)
            {
                subjectId = input.Id("subjectId", kind.ToString());
                if (subjectId is null || !await VisibleAsync(db, kind, subjectId.Value, ctx.CancellationToken))
                {
                    return input.NotFoundPayload("subjectId");
                }
            }

            var data = new Dictionary<string, object?>();
            foreach (var item in input.List<Dictionary<string, object?>>("data") ?? [])
            {
                data[(string)item["name"]!] = item.GetValueOrDefault("text") ?? item.GetValueOrDefault("number") ?? item.GetValueOrDefault("boolean");
            }

            e = new RuleEvent("dry-run", rule.TenantId, rule.EventType, shape.Subject, subjectId, Now, data);
        }

        var execution = new RuleExecution { TenantId = rule.TenantId, RuleId = rule.Id, EventKey = e.Key, EventType = e.Type, StartedAt = Now };
        await engine.EvaluateAndActAsync(db, rule, execution, e, dryRun: true, ctx.CancellationToken);
        return MutationPayload.Success(new DryRunResult(execution));
    }

    private static async Task<bool> VisibleAsync(SalesDbContext db, CustomFieldEntity kind, long id, CancellationToken cancellationToken) => kind switch
    {
        CustomFieldEntity.Lead => await db.Set<Leads.Lead>().AnyAsync(l => l.Id == id, cancellationToken),
        CustomFieldEntity.Opportunity => await db.Set<Pipeline.Opportunity>().AnyAsync(o => o.Id == id, cancellationToken),
        CustomFieldEntity.Account => await db.Set<Customers.Account>().AnyAsync(a => a.Id == id, cancellationToken),
        _ => await db.Set<Customers.Contact>().AnyAsync(c => c.Id == id, cancellationToken),
    };

    private static object? Plain(System.Text.Json.JsonElement value, RuleValueType type) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.Number => value.GetDecimal(),
        System.Text.Json.JsonValueKind.String when type == RuleValueType.DateTime => value.GetDateTime().ToUniversalTime(),
        System.Text.Json.JsonValueKind.String => value.GetString(),
        _ => null,
    };
}
