using HeadlessSales.Api.Features.Targets.Diagnosis;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>
/// Dual-track targets down the org tree to weekly plans, computed from the records, with calibrations of the process
/// baselines (see NOTES.md).
/// </summary>
public static class TargetsModule
{
    public static IServiceCollection AddTargets(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, TargetsQueries>();
        services.AddSingleton<IMutationFields, TargetsMutations>();
        services.AddSingleton<ISubscriptionFields, TargetsSubscriptions>();
        services.AddSingleton<IQueryFields, RewardsQueries>();
        services.AddSingleton<IMutationFields, RewardsMutations>();
        services.AddSingleton<TargetAttainmentCalculator>();

        services.AddScoped<TargetsByParentIdDataLoader>();
        services.AddScoped<TargetMetricsByTargetIdDataLoader>();
        services.AddScoped<TargetAttainmentByTargetDataLoader>();
        services.AddScoped<WeeklyPlansByTargetIdDataLoader>();
        services.AddScoped<WeeklyPlanItemsByPlanIdDataLoader>();
        services.AddScoped<AllocationGapsByTargetDataLoader>();
        services.AddScoped<OpenFindingsByTargetDataLoader>();

        services.AddNode<SalesTargetType, SalesTarget, SalesTargetByIdDataLoader>();
        services.AddNode<WeeklyPlanType, WeeklyPlan, WeeklyPlanByIdDataLoader>();
        services.AddNode<TargetCalibrationType, TargetCalibration, TargetCalibrationByIdDataLoader>();
        services.AddJournaledEvent<TargetCalibrated>("target.calibrated", e => JournaledEventType.Subject("TargetCalibration", e.CalibrationId));
        services.AddNode<MilestoneRewardRuleType, MilestoneRewardRule, MilestoneRewardRuleByIdDataLoader>();
        services.AddNode<IncentiveEntryType, IncentiveEntry, IncentiveEntryByIdDataLoader>();
        return services.AddTargetHealth();
    }

    /// <summary>Target-health diagnosis (issue 18 item 5): findings, their schedule and triggers, the query and the live stream.</summary>
    private static IServiceCollection AddTargetHealth(this IServiceCollection services)
    {
        services.AddOptions<TargetHealthOptions>().BindConfiguration(TargetHealthOptions.Section);
        services.AddSingleton<TargetHealthEvaluator>();
        services.AddSingleton<ITimerHandler, TargetHealthTimerHandler>();
        services.AddSingleton<TargetHealthTrigger>();
        services.AddHostedService(sp => sp.GetRequiredService<TargetHealthTrigger>());
        services.AddSingleton<IQueryFields, TargetHealthQueries>();
        services.AddSingleton<IMutationFields, TargetHealthMutations>();
        services.AddSingleton<ISubscriptionFields, TargetHealthSubscriptions>();
        services.AddNode<TargetHealthFindingType, TargetHealthFinding, TargetHealthFindingByIdDataLoader>();
        services.AddJournaledEvent<TargetHealthAlerted>("target-health.changed", e => JournaledEventType.Subject("TargetHealthFinding", e.FindingId));
        return services;
    }
}
