using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Activities;

public static class ActivitiesModule
{
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, ActivitiesQueries>();
        services.AddSingleton<IMutationFields, ActivitiesMutations>();
        services.AddSingleton<IQueryFields, ManagerBoardQueries>();
        services.AddSingleton<ISubscriptionFields, ManagerBoardSubscriptions>();
        services.AddTypeFields<LeadType, LeadFollowUpFields>();
        services.AddTypeFields<AccountType, AccountFollowUpFields>();
        services.AddTypeFields<OpportunityType, OpportunityFollowUpFields>();
        services.AddSingleton<IFollowUpSummarizer, TemplateFollowUpSummarizer>();
        services.AddHostedService<FollowUpCatalogInitializer>();

        services.AddScoped<ActivityTagCatalogByTenantDataLoader>();
        services.AddScoped<FollowUpSettingsByTenantDataLoader>();
        services.AddScoped<FollowUpStateBySubjectDataLoader>();

        services.AddNode<ActivityType, Activity, ActivityByIdDataLoader>();
        services.AddNode<ActivityTagType, ActivityTag, ActivityTagByIdDataLoader>();
        return services;
    }
}
