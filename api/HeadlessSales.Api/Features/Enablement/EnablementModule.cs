using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The enablement loop: won cases written up and reviewed into a library, and the coach that answers from it.</summary>
public static class EnablementModule
{
    public static IServiceCollection AddEnablement(this IServiceCollection services, string dataFolder)
    {
        services.AddSingleton<IQueryFields, EnablementQueries>();
        services.AddSingleton<IMutationFields, EnablementMutations>();
        // v2: documents store their segmented terms; a folder of the earlier shape is left behind, and v2 rebuilt from the database.
        services.AddSingleton(provider => new CaseSearchIndex(provider.GetRequiredService<ISalesDbContextPool>(), Path.Combine(dataFolder, "case-index-v3")));
        services.AddSingleton<CaseLibrary>();
        services.AddSingleton<Coach>();
        services.AddSingleton<FollowUpCoach>();
        services.AddTypeFields<LogActivityPayloadType, FollowUpCoachingFields>();
        services.AddSingleton<ISubscriptionFields, FollowUpCoachingSubscriptions>();
        services.AddSingleton<IQueryFields, ContributionQueries>();
        services.AddSingleton<IMutationFields, ContributionMutations>();
        services.AddSingleton<ContributionLedger>();
        services.AddSingleton<IInterceptor, CoachedWinRecorder>();
        services.AddSingleton<LearningPathFields>();
        services.AddSingleton<IQueryFields>(provider => provider.GetRequiredService<LearningPathFields>());
        services.AddSingleton<IMutationFields>(provider => provider.GetRequiredService<LearningPathFields>());
        services.AddSingleton<IInterceptor, LearningPathAssigner>();
        services.AddSingleton<PracticeFields>();
        services.AddSingleton<IQueryFields>(provider => provider.GetRequiredService<PracticeFields>());
        services.AddSingleton<IMutationFields>(provider => provider.GetRequiredService<PracticeFields>());

        services.AddOptions<CaseObligationOptions>().BindConfiguration(CaseObligationOptions.Section);
        services.AddSingleton<ITimerHandler, CaseObligationJob>();
        services.AddHostedService<CaseObligationScheduler>();
        services.AddSingleton<IQueryFields, CaseObligationFields>();
        services.AddSingleton<CapabilityRadarFields>();
        services.AddSingleton<IQueryFields>(provider => provider.GetRequiredService<CapabilityRadarFields>());
        services.AddSingleton<IMutationFields>(provider => provider.GetRequiredService<CapabilityRadarFields>());

        services.AddScoped<WonCaseVersionsByCaseIdDataLoader>();

        services.AddNode<WonCaseType, WonCase, WonCaseByIdDataLoader>();
        services.AddNode<RewardCatalogItemType, RewardCatalogItem, RewardCatalogItemByIdDataLoader>();
        services.AddNode<PointsRedemptionType, PointsRedemption, PointsRedemptionByIdDataLoader>();
        services.AddNode<PracticeTaskType, PracticeTask, PracticeTaskByIdDataLoader>();
        services.AddNode<TrainingCourseType, TrainingCourse, TrainingCourseByIdDataLoader>();
        services.AddNode<CaseObligationType, CaseObligation, CaseObligationByIdDataLoader>();
        services.AddNode<PracticeSubmissionType, PracticeSubmission, PracticeSubmissionByIdDataLoader>();
        return services;
    }
}
