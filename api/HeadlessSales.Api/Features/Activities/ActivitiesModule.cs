using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;

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
        services.AddJournaledEvent<FollowUpLogged>("follow-up.logged", e => JournaledEventType.Subject("Activity", e.ActivityId));
        services.AddNode<ActivityTagType, ActivityTag, ActivityTagByIdDataLoader>();
        return services;
    }
}
