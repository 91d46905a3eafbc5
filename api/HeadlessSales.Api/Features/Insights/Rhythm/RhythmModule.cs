using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

public static class RhythmModule
{
    /// <summary>Decision signals and reminders, the weekly to-sign lists, the rhythm bonus and the month's rhythm.</summary>
    public static IServiceCollection AddSigningRhythm(this IServiceCollection services)
    {
        services.AddOptions<RhythmOptions>().BindConfiguration(RhythmOptions.Section);
        services.AddSingleton<IInterceptor, RhythmRecorder>();
        services.AddSingleton<IQueryFields, RhythmQueries>();
        services.AddSingleton<IMutationFields, RhythmMutations>();
        services.AddSingleton<ISubscriptionFields, RhythmSubscriptions>();
        services.AddSingleton<ITimerHandler, WeeklyToSignJob>();
        services.AddHostedService<WeeklyToSignScheduler>();
        services.AddSingleton<ITimerHandler, MonthEndSpikeJob>();
        services.AddHostedService<MonthEndSpikeScheduler>();
        services.AddJournaledEvent<MonthEndSpikeAlertRaised>("month-end-spike.raised", e => JournaledEventType.Subject("MonthEndSpikeAlert", e.AlertId));
        return services;
    }
}
