using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>No-code configuration of the sales process: custom fields (stored by the platform) and rules.</summary>
public static class AutomationModule
{
    public static IServiceCollection AddAutomation(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, CustomFieldDefinitionQueries>();
        services.AddSingleton<IMutationFields, CustomFieldDefinitionMutations>();
        return services;
    }
}
