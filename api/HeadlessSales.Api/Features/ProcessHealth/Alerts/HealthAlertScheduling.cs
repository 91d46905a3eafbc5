using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

/// <summary>The scheduled health alert evaluation, one durable timer per tenant.</summary>
public sealed class HealthAlertTimerHandler(HealthAlertEvaluator evaluator) : TenantEvaluationTimerHandler(evaluator)
{
    public static ScheduledTimer NextEvaluation(long tenantId, DateTime now, TimeSpan interval) =>
        ITenantEvaluation.NextTimer(HealthAlertEvaluator.TimerKind, tenantId, now, interval);
}

/// <summary>Evaluates a tenant's health alerts soon after a lead is assigned or answered, a deadline escalated, a follow-up logged or an opportunity moved.</summary>
public sealed class HealthAlertTrigger(
    ISalesDbContextPool pool, IEventBus events, HealthAlertEvaluator evaluator, TimeProvider clock, ILogger<HealthAlertTrigger> logger)
    : TenantEvaluationTrigger(pool, events, evaluator, clock, logger)
{
    protected override void ListenToTriggers()
    {
        Listen<LeadAssigned>();
        Listen<LeadFirstResponseRecorded>();
        Listen<EscalationRaised>();
        Listen<FollowUpLogged>();
        Listen<OpportunityStageChanged>();
    }
}
