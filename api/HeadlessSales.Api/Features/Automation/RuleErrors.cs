using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>The condition does not parse or type-check; <see cref="Position"/> and <see cref="Length"/> mark the offending part of its text.</summary>
public sealed record ConditionError(string Field, int Position, int Length, string Detail)
    : UserError($"The condition is not valid at {Position}: {Detail}", "CONDITION_INVALID");

/// <summary>An action of the rule raises the very event that starts it: it would start itself forever.</summary>
public sealed record SelfTriggeringRuleError(string Field, string EventType)
    : UserError($"This action raises '{EventType}', the event that starts the rule: the rule would start itself again and again.", "SELF_TRIGGERING_RULE");
