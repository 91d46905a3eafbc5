using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>No-code configuration of the sales process: custom fields (stored by the platform) and rules.</summary>
public static class AutomationModule
{
    public static IServiceCollection AddAutomation(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, CustomFieldDefinitionQueries>();
        services.AddSingleton<IMutationFields, CustomFieldDefinitionMutations>();
        services.AddSingleton<IQueryFields, AutomationQueries>();
        services.AddSingleton<IMutationFields, AutomationMutations>();
        services.AddSingleton<ProcessTemplateInstaller>();
        services.AddSingleton<IQueryFields, ProcessTemplateQueries>();
        services.AddSingleton<IMutationFields, ProcessTemplateMutations>();
        services.AddSingleton<ISubscriptionFields, AutomationSubscriptions>();
        RuleCustomFieldChanged.AddJournaledEvents(services);
        services.AddJournaledEvent<AutomationNoticeReceived>(AutomationNoticeReceived.Name, e => e.SubjectKind is { } kind && e.SubjectId is { } id ? JournaledEventType.Subject(kind.ToString(), id) : null);
        services.AddSingleton<RuleEngine>();
        services.AddSingleton<ITimerHandler, RuleDelayTimerHandler>();
        services.AddSingleton<ITimerHandler, RuleScheduleTimerHandler>();
        services.AddOptions<RuleFeedOptions>().BindConfiguration(RuleFeedOptions.Section);
        services.AddSingleton<RuleJournalFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleJournalFeed>());
        services.AddNode<AutomationRuleType, AutomationRule, AutomationRuleByIdDataLoader>();
        return services;
    }
}
