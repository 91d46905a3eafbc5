using System.Text.Json;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Automation;

public enum RuleTriggerKind
{
    /// <summary>Runs when the event happens.</summary>
    Event,

    /// <summary>Runs a number of working minutes after the event, unless the "unless" event happened for the same record first.</summary>
    Delayed,

    /// <summary>Runs on chosen weekdays at a local time of the tenant, for the tenant (no record): <see cref="RuleScheduling"/>.</summary>
    Schedule,
}

public enum RuleActionKind
{
    NotifyMember,
    Escalate,
    CreateTask,
    SetField,
    CallWebhook,

    /// <summary>Pushes a document or an approved case to the record's owner, or shares a document with the customer (a share link).</summary>
    PushContent,

    /// <summary>Hands the lead or opportunity to a named member, or a lead to the next rep in its team's rotation.</summary>
    Assign,

    /// <summary>Points or an incentive amount into the incentive ledger, for the record's owner or a named member.</summary>
    Award,
}

/// <summary>Whom a notification or task reaches: the record's owner, their team lead, their region manager, or a named member.</summary>
public enum RuleRecipient
{
    Owner,
    TeamLead,
    RegionManager,
    Member,
}

/// <summary>One action of a rule, stored with it as JSON: its parts by kind (a message, a recipient, a field and value, a due time).</summary>
public sealed record RuleAction(
    RuleActionKind Kind,
    RuleRecipient? Recipient = null,
    long? MemberId = null,
    string? Message = null,
    string? FieldKey = null,
    string? FieldValue = null,
    int? DueInMinutes = null,
    long? WebhookEndpointId = null,
    long? DocumentId = null,
    long? CaseId = null,
    PushTarget? PushTo = null,
    RuleAssignee? AssignTo = null,
    int? Points = null,
    decimal? Amount = null);

/// <summary>A no-code rule: trigger → typed condition → actions. Paused by the engine after repeated failures.</summary>
public sealed class AutomationRule : ITenantOwned
{
    public const int FailuresBeforePause = 3;
    public const int DefaultMaxDepth = 3;

    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Name { get; set; }

    public RuleTriggerKind TriggerKind { get; set; }

    /// <summary>The event type that starts the rule, e.g. <c>lead.assigned</c>.</summary>
    public required string EventType { get; set; }

    /// <summary>For a delayed rule: the event that, happening first for the same record, cancels the run.</summary>
    public string? UnlessEventType { get; set; }

    public int DelayMinutes { get; set; }

    /// <summary>A counting rule acts on the <c>CountTimes</c>-th counted event of a record within <c>CountWithinMinutes</c>.</summary>
    public int? CountTimes { get; set; }

    public int? CountWithinMinutes { get; set; }

    /// <summary>SCHEDULE: the weekdays it fires on, one bit per <see cref="DayOfWeek"/> (Sunday = bit 0).</summary>
    public int? ScheduleWeekdays { get; set; }

    /// <summary>SCHEDULE: the local time it fires at, in minutes after midnight in the tenant's time zone.</summary>
    public int? ScheduleMinuteOfDay { get; set; }

    public RuleSchedule? Schedule => ScheduleWeekdays is { } mask && ScheduleMinuteOfDay is { } minute
        ? new RuleSchedule(RuleScheduling.Days(mask), $"{minute / 60:00}:{minute % 60:00}")
        : null;

    public RuleCount? Counting => CountTimes is { } times && CountWithinMinutes is { } within ? new RuleCount(times, within) : null;

    /// <summary>The condition's text as saved (empty: always); checked against the trigger's event and record when saved.</summary>
    public string Condition { get; set; } = string.Empty;

    public string ActionsJson { get; set; } = "[]";

    public bool Enabled { get; set; } = true;

    /// <summary>Why the engine paused the rule; null while it runs.</summary>
    public string? PausedReason { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>How deep a chain of rule-caused events may reach before this rule stops reacting (loop prevention).</summary>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<RuleAction> Actions
    {
        get => JsonSerializer.Deserialize<List<RuleAction>>(ActionsJson, JsonOptions) ?? [];
        set => ActionsJson = JsonSerializer.Serialize(value, JsonOptions);
    }

    public bool Active => Enabled && PausedReason is null;

    /// <summary>Takes a checked draft's definition (<see cref="RuleDefinition.Check"/>): trigger, condition, actions and depth.</summary>
    public void Apply(RuleDraft draft, DateTime at)
    {
        Name = draft.Name;
        TriggerKind = draft.TriggerKind;
        EventType = draft.EventType;
        UnlessEventType = draft.TriggerKind == RuleTriggerKind.Delayed ? draft.UnlessEventType : null;
        DelayMinutes = draft.DelayMinutes;
        CountTimes = draft.Count?.Times;
        CountWithinMinutes = draft.Count?.WithinMinutes;
        var scheduled = draft.TriggerKind == RuleTriggerKind.Schedule ? draft.Schedule : null;
        ScheduleWeekdays = scheduled is null ? null : RuleScheduling.Mask(scheduled.Weekdays);
        ScheduleMinuteOfDay = scheduled is null ? null : RuleScheduling.MinuteOfDay(scheduled.Time);
        Condition = draft.Condition.Trim();
        Actions = draft.Actions;
        MaxDepth = draft.MaxDepth;
        UpdatedAt = at;
    }

    /// <summary>Whether the rule does what the draft describes (its name, switch and run history aside).</summary>
    public bool Does(RuleDraft draft) =>
        TriggerKind == draft.TriggerKind && EventType == draft.EventType && DelayMinutes == draft.DelayMinutes
        && UnlessEventType == (draft.TriggerKind == RuleTriggerKind.Delayed ? draft.UnlessEventType : null)
        && CountTimes == draft.Count?.Times && CountWithinMinutes == draft.Count?.WithinMinutes
        && ScheduleWeekdays == (draft.TriggerKind == RuleTriggerKind.Schedule && draft.Schedule is { } schedule ? RuleScheduling.Mask(schedule.Weekdays) : null)
        && ScheduleMinuteOfDay == (draft.TriggerKind == RuleTriggerKind.Schedule && draft.Schedule is { } time ? RuleScheduling.MinuteOfDay(time.Time) : null)
        && Condition == draft.Condition.Trim() && MaxDepth == draft.MaxDepth
        && ActionsJson == JsonSerializer.Serialize(draft.Actions, JsonOptions);

    /// <summary>Counts a failed run; the third in a row pauses the rule. True when this failure paused it.</summary>
    public bool RecordFailure(string reason, DateTime at)
    {
        ConsecutiveFailures++;
        UpdatedAt = at;
        if (ConsecutiveFailures >= FailuresBeforePause && PausedReason is null)
        {
            PausedReason = $"Paused after {ConsecutiveFailures} failed runs in a row; the last: {reason}";
            return true;
        }

        return false;
    }

    public void RecordSuccess() => ConsecutiveFailures = 0;

    public void Resume(DateTime at)
    {
        PausedReason = null;
        ConsecutiveFailures = 0;
        Enabled = true;
        UpdatedAt = at;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

internal sealed class AutomationRuleConfiguration : IEntityTypeConfiguration<AutomationRule>
{
    public void Configure(EntityTypeBuilder<AutomationRule> builder)
    {
        builder.ToTable("AutomationRules");
        builder.Ignore(r => r.Actions);
        builder.Ignore(r => r.Counting);
        builder.Ignore(r => r.Schedule);
        builder.HasIndex(r => new { r.TenantId, r.EventType });
        builder.HasIndex(r => new { r.TenantId, r.UnlessEventType });
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.EventType).HasMaxLength(64);
        builder.Property(r => r.UnlessEventType).HasMaxLength(64);
        builder.Property(r => r.TriggerKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Condition).HasMaxLength(RuleExpression.MaxLength);
        builder.Property(r => r.ActionsJson).HasMaxLength(8000);
        builder.Property(r => r.PausedReason).HasMaxLength(1000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
