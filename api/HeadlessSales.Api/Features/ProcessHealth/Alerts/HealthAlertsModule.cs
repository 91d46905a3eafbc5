using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

public static class HealthAlertsModule
{
    public static IServiceCollection AddHealthAlerts(this IServiceCollection services)
    {
        services.AddOptions<HealthAlertOptions>().BindConfiguration(HealthAlertOptions.Section);
        services.AddSingleton<HealthAlertEvaluator>();
        services.AddSingleton<ITimerHandler, HealthAlertTimerHandler>();
        services.AddSingleton<HealthAlertTrigger>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthAlertTrigger>());
        services.AddSingleton<IQueryFields, HealthAlertsQueries>();
        services.AddSingleton<ISubscriptionFields, HealthAlertsSubscriptions>();
        services.AddNode<HealthAlertType, HealthAlert, HealthAlertByIdDataLoader>();
        services.AddJournaledEvent<HealthAlertChanged>("health-alert.changed", e => JournaledEventType.Subject("HealthAlert", e.AlertId));
        return services;
    }
}
