using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
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
        services.AddScoped<TargetAttainmentByTargetIdDataLoader>();
        services.AddScoped<WeeklyPlansByTargetIdDataLoader>();
        services.AddScoped<WeeklyPlanItemsByPlanIdDataLoader>();
        services.AddScoped<AllocationGapsByTargetIdDataLoader>();

        services.AddNode<SalesTargetType, SalesTarget, SalesTargetByIdDataLoader>();
        services.AddNode<WeeklyPlanType, WeeklyPlan, WeeklyPlanByIdDataLoader>();
        services.AddNode<TargetCalibrationType, TargetCalibration, TargetCalibrationByIdDataLoader>();
        services.AddJournaledEvent<TargetCalibrated>("target.calibrated", e => JournaledEventType.Subject("TargetCalibration", e.CalibrationId));
        services.AddNode<MilestoneRewardRuleType, MilestoneRewardRule, MilestoneRewardRuleByIdDataLoader>();
        services.AddNode<IncentiveEntryType, IncentiveEntry, IncentiveEntryByIdDataLoader>();
        return services;
    }
}
