using System.Text.Json;
using HeadlessSales.Api.Features.Integration;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>
/// Runs the rules an event starts. Every run first claims its (rule, event) row in the execution log: the unique index
/// lets one node win, so a rule runs once per event however many nodes hear it. Actions run after the triggering change
/// is committed (events reach the engine only then), in their own transaction; a run that throws is logged as failed and
/// the third failure in a row pauses the rule and leaves an alert.
/// </summary>
public sealed class RuleEngine(ISalesDbContextPool pool, TimeProvider clock, ILogger<RuleEngine> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task HandleAsync(RuleEvent e, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(e.TenantId);
        var now = Now;
        if (e.SubjectKind is { } kind && e.SubjectId is { } subjectId)
        {
            // The "unless" event: delayed runs waiting on this record for a rule that this event cancels end here.
            var cancelling = await db.AutomationRules.Where(r => r.UnlessEventType == e.Type).Select(r => r.Id).ToListAsync(cancellationToken);
            if (cancelling.Count > 0)
            {
                await db.RuleDelays.Where(d => cancelling.Contains(d.RuleId) && d.SubjectKind == kind && d.SubjectId == subjectId && d.CancelledAt == null && d.StartedAt <= e.OccurredAt)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.CancelledAt, now).SetProperty(d => d.CancelledBy, e.Type), cancellationToken);
            }
        }

        var rules = await db.AutomationRules.AsNoTracking().Where(r => r.EventType == e.Type && r.Enabled && r.PausedReason == null).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        foreach (var rule in rules)
        {
            if (rule.TriggerKind == RuleTriggerKind.Delayed)
            {
                await StartDelayAsync(db, rule, e, cancellationToken);
            }
            else
            {
                await RunAsync(rule.Id, e, cancellationToken);
            }
        }
    }

    /// <summary>Writes the waiting run and its durable timer together; the timer survives restarts and fires on one node.</summary>
    private async Task StartDelayAsync(SalesDbContext db, AutomationRule rule, RuleEvent e, CancellationToken cancellationToken)
    {
        if (e.SubjectKind is not { } kind || e.SubjectId is not { } subjectId)
        {
            return;
        }

        var facts = await RuleFacts.LoadAsync(db, e, cancellationToken);
        var calendar = await CalendarAsync(db, facts.TeamId, cancellationToken);
        var delay = new RuleDelay
        {
            TenantId = e.TenantId,
            RuleId = rule.Id,
            EventKey = e.Key,
            EventType = e.Type,
            SubjectKind = kind,
            SubjectId = subjectId,
            EventData = JsonSerializer.Serialize(e.Data, AutomationRule.JsonOptions),
            Depth = e.Depth,
            StartedAt = e.OccurredAt,
            DueAt = WorkingTime.AddWorkingMinutes(calendar, e.OccurredAt, rule.DelayMinutes),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.RuleDelays.Add(delay);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Another node heard the same event first.
            return;
        }

        db.ScheduledTimers.Add(new ScheduledTimer { TenantId = e.TenantId, Kind = RuleDelay.TimerKind, SubjectId = delay.Id, AnchorAt = delay.StartedAt, DueAt = delay.DueAt });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<WorkingCalendar?> CalendarAsync(SalesDbContext db, long? teamId, CancellationToken cancellationToken)
    {
        var calendarId = teamId is { } id ? await db.Teams.Where(t => t.Id == id).Select(t => t.CalendarId).FirstOrDefaultAsync(cancellationToken) : null;
        var calendars = db.WorkingCalendars.AsNoTracking().OrderBy(c => c.Id);
        return calendarId is { } chosen
            ? await calendars.FirstOrDefaultAsync(c => c.Id == chosen, cancellationToken)
            : await calendars.FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Runs one rule for one event, once: returns the log entry, or null when it had run already (or another node is
    /// running it). The log row and the actions commit together, so a node that dies mid-run leaves nothing, and the
    /// next reader of the journal runs it again.
    /// </summary>
    public async Task<RuleExecution?> RunAsync(long ruleId, RuleEvent e, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(e.TenantId);
        var rule = await db.AutomationRules.FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
        if (rule is null || !rule.Active || await db.RuleExecutions.AnyAsync(x => x.RuleId == ruleId && x.EventKey == e.Key, cancellationToken))
        {
            return null;
        }

        var execution = NewExecution(rule, e);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.RuleExecutions.Add(execution);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
            {
                // Another node claimed it between our look and our insert.
                return null;
            }

            try
            {
                if (e.Depth > rule.MaxDepth)
                {
                    Finish(execution, RuleOutcome.TooDeep, null, $"The event is {e.Depth} rule actions deep; this rule reacts up to {rule.MaxDepth}.");
                }
                else
                {
                    await EvaluateAndActAsync(db, rule, execution, e, dryRun: false, cancellationToken);
                }

                rule.RecordSuccess();
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Rule {RuleId} failed on {EventKey}", rule.Id, e.Key);
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return await RecordFailedRunAsync(rule.Id, e, execution, exception.Message, cancellationToken);
            }
        }

        return execution;
    }

    private RuleExecution NewExecution(AutomationRule rule, RuleEvent e) => new()
    {
        TenantId = e.TenantId,
        RuleId = rule.Id,
        EventKey = e.Key,
        EventType = e.Type,
        SubjectKind = e.SubjectKind,
        SubjectId = e.SubjectId,
        Depth = e.Depth,
        Outcome = RuleOutcome.Running,
        StartedAt = Now,
    };

    /// <summary>The actions were rolled back; the log keeps the failed run (claiming the event, so it is not retried) and the rule counts it.</summary>
    private async Task<RuleExecution?> RecordFailedRunAsync(long ruleId, RuleEvent e, RuleExecution attempted, string reason, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(e.TenantId);
        var rule = await db.AutomationRules.FirstAsync(r => r.Id == ruleId, cancellationToken);
        var execution = NewExecution(rule, e);
        execution.Inputs = attempted.Inputs;
        execution.ConditionMet = attempted.ConditionMet;
        db.RuleExecutions.Add(execution);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return null;
        }

        await RecordFailureAsync(db, ruleId, execution.Id, reason, cancellationToken);
        return execution;
    }

    /// <summary>
    /// Runs a delayed rule inside the durable timer's transaction, so that the run and the timer's firing commit together
    /// (the timer's claim already keeps other nodes away; the log row is checked first all the same). What the actions
    /// raise is journaled in that transaction.
    /// </summary>
    public async Task RunInTransactionAsync(SalesDbContext db, long ruleId, RuleEvent e, CancellationToken cancellationToken)
    {
        var rule = await db.AutomationRules.FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
        if (rule is null || !rule.Active || await db.RuleExecutions.AnyAsync(x => x.RuleId == ruleId && x.EventKey == e.Key, cancellationToken))
        {
            return;
        }

        var execution = new RuleExecution
        {
            TenantId = e.TenantId, RuleId = rule.Id, EventKey = e.Key, EventType = e.Type, SubjectKind = e.SubjectKind, SubjectId = e.SubjectId,
            Depth = e.Depth, Outcome = RuleOutcome.Running, StartedAt = Now,
        };
        db.RuleExecutions.Add(execution);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            if (e.Depth > rule.MaxDepth)
            {
                Finish(execution, RuleOutcome.TooDeep, null, $"The event is {e.Depth} rule actions deep; this rule reacts up to {rule.MaxDepth}.");
            }
            else
            {
                await EvaluateAndActAsync(db, rule, execution, e, dryRun: false, cancellationToken);
            }

            rule.RecordSuccess();
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Rule {RuleId} failed on {EventKey}", rule.Id, e.Key);
            // Whatever the actions staged is dropped; the log row (saved above) records the failure.
            db.ChangeTracker.Clear();
            await RecordFailureAsync(db, rule.Id, execution.Id, exception.Message, cancellationToken);
        }
    }

    private async Task RecordFailureAsync(SalesDbContext db, long ruleId, long executionId, string reason, CancellationToken cancellationToken)
    {
        var rule = await db.AutomationRules.FirstAsync(r => r.Id == ruleId, cancellationToken);
        var execution = await db.RuleExecutions.FirstAsync(x => x.Id == executionId, cancellationToken);
        Finish(execution, RuleOutcome.Failed, execution.ConditionMet, reason);
        if (rule.RecordFailure(reason, Now))
        {
            db.Leave(new AutomationNotice
            {
                TenantId = rule.TenantId,
                Kind = NoticeKind.RuleAlert,
                RuleId = rule.Id,
                ExecutionId = execution.Id,
                Message = $"The rule '{rule.Name}' was paused: {rule.PausedReason}",
                CreatedAt = Now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the facts, decides, and (unless <paramref name="dryRun"/>) acts; fills the log entry either way. The events
    /// the actions raise are journaled in the run's context, one rule action deeper, and reach the rules from the journal.
    /// </summary>
    public async Task EvaluateAndActAsync(SalesDbContext db, AutomationRule rule, RuleExecution execution, RuleEvent e, bool dryRun, CancellationToken cancellationToken)
    {
        var facts = await RuleFacts.LoadAsync(db, e, cancellationToken);
        execution.Inputs = JsonSerializer.Serialize(facts.Facts, AutomationRule.JsonOptions);
        if (e.SubjectKind is not null && !facts.Found)
        {
            Finish(execution, RuleOutcome.ConditionFalse, false, "The record no longer exists.");
            return;
        }

        var met = true;
        if (rule.Condition.Trim().Length > 0)
        {
            var definitions = e.SubjectKind is { } kind ? await CustomFieldStore.DefinitionsAsync(db, kind, cancellationToken) : [];
            var (node, errors) = RuleConditionCache.Compile(rule.Condition, rule.EventType, definitions);
            if (node is null)
            {
                throw new InvalidOperationException($"The condition no longer type-checks (a custom field changed?): {errors[0].Message}");
            }

            met = RuleExpression.Evaluate(node, facts.Facts);
        }

        if (!met)
        {
            Finish(execution, dryRun ? RuleOutcome.DryRun : RuleOutcome.ConditionFalse, false, "The condition did not hold.");
            return;
        }

        if (rule.Counting is { } counting && e.SubjectKind is not null && await RuleCounting.TallyAsync(db, rule, counting, e, dryRun, cancellationToken) is var tally && tally != counting.Times)
        {
            Finish(execution, dryRun ? RuleOutcome.DryRun : RuleOutcome.ConditionFalse, false, RuleCounting.Describe(counting, tally));
            return;
        }

        var done = new List<string>();
        var now = Now;
        foreach (var (action, index) in rule.Actions.Select((a, i) => (a, i)))
        {
            switch (action.Kind)
            {
                case RuleActionKind.NotifyMember or RuleActionKind.CreateTask or RuleActionKind.Escalate:
                    var recipient = action.Kind == RuleActionKind.Escalate
                        ? await EscalationTargetAsync(db, facts, cancellationToken)
                        : await RecipientAsync(db, action, facts, cancellationToken);
                    if (recipient is null)
                    {
                        throw new InvalidOperationException($"Action {index + 1} ({action.Kind}) found nobody to reach: the record has no such person.");
                    }

                    var message = Fill(action.Message ?? $"Escalated by the rule '{rule.Name}'.", facts.Facts);
                    done.Add($"{action.Kind} → member {recipient}: {message}");
                    if (!dryRun)
                    {
                        db.Leave(new AutomationNotice
                        {
                            TenantId = rule.TenantId,
                            Kind = action.Kind switch { RuleActionKind.CreateTask => NoticeKind.Task, RuleActionKind.Escalate => NoticeKind.Escalation, _ => NoticeKind.Notification },
                            RuleId = rule.Id,
                            ExecutionId = execution.Id,
                            RecipientId = recipient,
                            SubjectKind = e.SubjectKind,
                            SubjectId = e.SubjectId,
                            Message = message,
                            DueAt = action.DueInMinutes is { } due ? now.AddMinutes(due) : null,
                            CreatedAt = now,
                        });
                    }

                    break;
                case RuleActionKind.SetField:
                    var kind = e.SubjectKind!.Value;
                    var definitions = await CustomFieldStore.DefinitionsAsync(db, kind, cancellationToken);
                    var definition = definitions.FirstOrDefault(d => d.Key == action.FieldKey)
                        ?? throw new InvalidOperationException($"Action {index + 1}: the custom field '{action.FieldKey}' no longer exists.");
                    var value = action.FieldValue is null ? new CustomFieldInputValue(definition.Key) : CustomFieldRules.FromText(definition, action.FieldValue);
                    var check = CustomFieldRules.Check([definition], value is null ? [] : [value], creating: false, (_, _) => "value");
                    if (value is null || check.Errors.Count > 0)
                    {
                        throw new InvalidOperationException($"Action {index + 1}: '{action.FieldValue}' no longer fits the field '{definition.Key}'.");
                    }

                    done.Add($"SET_FIELD {definition.Key} = {action.FieldValue ?? "(cleared)"}");
                    if (!dryRun)
                    {
                        await CustomFieldStore.StageAsync(db, kind, e.SubjectId!.Value, check.Writes, now, cancellationToken);
                        // Journaled in this run's transaction, one rule action deeper: the rules hear it from the journal like any event.
                        db.Journal(RuleCustomFieldChanged.For(kind, rule.TenantId, e.SubjectId!.Value, definition.Key, rule.Id, e.Depth + 1, now));
                    }

                    break;
                case RuleActionKind.PushContent:
                    done.Add(await RuleContentPush.RunAsync(db, rule, execution, action, index, e, facts, dryRun, now, cancellationToken));
                    break;
                case RuleActionKind.Assign:
                    done.Add(await RuleAssignment.RunAsync(db, rule, action, index, e, dryRun, now, cancellationToken));
                    break;
                case RuleActionKind.Award:
                    done.Add(await RuleAward.RunAsync(db, rule, action, index, e, facts, dryRun, now, cancellationToken));
                    break;
                case RuleActionKind.CallWebhook:
                    var endpointId = action.WebhookEndpointId ?? throw new InvalidOperationException($"Action {index + 1}: no webhook endpoint is named.");
                    if (!await db.WebhookEndpoints.AnyAsync(x => x.Id == endpointId, cancellationToken))
                    {
                        throw new InvalidOperationException($"Action {index + 1}: the webhook endpoint no longer exists.");
                    }

                    var said = action.Message is { } text ? Fill(text, facts.Facts) : null;
                    done.Add($"CALL_WEBHOOK → endpoint {endpointId}" + (said is null ? string.Empty : $": {said}"));
                    if (!dryRun)
                    {
                        // Journaled in this run's transaction: the webhook outbox delivers it once the run commits.
                        db.RequestWebhook(new WebhookRequested(rule.TenantId, endpointId, $"rule:{GlobalId.Encode("AutomationRule", rule.Id)}",
                            e.SubjectKind is { } subject && e.SubjectId is { } subjectKey ? GlobalId.Encode(subject.ToString(), subjectKey) : null,
                            said, new Dictionary<string, object?> { ["rule"] = rule.Name, ["event"] = e.Type, ["eventKey"] = e.Key }, now));
                    }

                    break;
            }
        }

        Finish(execution, dryRun ? RuleOutcome.DryRun : RuleOutcome.Succeeded, true, string.Join("\n", done));
    }

    private void Finish(RuleExecution execution, RuleOutcome outcome, bool? met, string detail)
    {
        execution.Outcome = outcome;
        execution.ConditionMet = met;
        execution.Detail = detail.Length > 4000 ? detail[..4000] : detail;
        execution.FinishedAt = Now;
    }

    private static async Task<long?> RecipientAsync(SalesDbContext db, RuleAction action, RecordFacts facts, CancellationToken cancellationToken) => action.Recipient switch
    {
        RuleRecipient.Member => action.MemberId,
        RuleRecipient.Owner => facts.OwnerId,
        RuleRecipient.TeamLead => facts.TeamId is { } team ? await db.Teams.Where(t => t.Id == team).Select(t => t.LeadId).FirstOrDefaultAsync(cancellationToken) : null,
        RuleRecipient.RegionManager => facts.TeamId is { } team
            ? await db.Teams.Where(t => t.Id == team).Join(db.Regions, t => t.RegionId, r => r.Id, (t, r) => r.ManagerId).FirstOrDefaultAsync(cancellationToken)
            : null,
        _ => null,
    };

    /// <summary>One level above the owner: the team lead, or the region manager when the owner leads the team or it has none.</summary>
    private static async Task<long?> EscalationTargetAsync(SalesDbContext db, RecordFacts facts, CancellationToken cancellationToken)
    {
        if (facts.TeamId is not { } team)
        {
            return null;
        }

        var place = await db.Teams.Where(t => t.Id == team).Join(db.Regions, t => t.RegionId, r => r.Id, (t, r) => new { t.LeadId, r.ManagerId }).FirstOrDefaultAsync(cancellationToken);
        return place?.LeadId is { } lead && lead != facts.OwnerId ? lead : place?.ManagerId;
    }

    /// <summary>Replaces <c>{record.name}</c>-style placeholders with the facts' values.</summary>
    internal static string Fill(string template, IReadOnlyDictionary<string, object?> facts)
    {
        foreach (var (path, value) in facts)
        {
            template = template.Replace("{" + path + "}", value switch
            {
                null => string.Empty,
                IEnumerable<string> list => string.Join(", ", list),
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString(),
            }, StringComparison.Ordinal);
        }

        return template;
    }
}
