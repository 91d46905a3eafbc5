using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

/// <summary>The scheduled target-health diagnosis, one durable timer per tenant.</summary>
public sealed class TargetHealthTimerHandler(TargetHealthEvaluator evaluator) : TenantEvaluationTimerHandler(evaluator);

/// <summary>Diagnoses a tenant soon after its numbers move: a contract signed, a collection recorded, an opportunity created or moved, a follow-up logged.</summary>
public sealed class TargetHealthTrigger(
    ISalesDbContextPool pool, IEventBus events, TargetHealthEvaluator evaluator, TimeProvider clock, ILogger<TargetHealthTrigger> logger)
    : TenantEvaluationTrigger(pool, events, evaluator, clock, logger)
{
    protected override void ListenToTriggers()
    {
        Listen<ContractSigned>();
        Listen<CollectionRecorded>();
        Listen<OpportunityStageChanged>();
        Listen<FollowUpLogged>();
    }
}
