namespace HeadlessSales.Api.Features.ProcessHealth;

/// <summary>The widest a target or band may be, per unit: a share is at most 1, a dwell at most a year.</summary>
public static class HealthLimits
{
    public const double Ratio = 1;
    public const double Days = 365;
    public const double PerRepPerWeek = 50;
    public const int MaxFollowUpWindowDays = 30;
    public const int MaxLowestContributors = 20;

    public static double Of(MetricUnit unit) => unit switch
    {
        MetricUnit.Days => Days,
        MetricUnit.PerRepPerWeek => PerRepPerWeek,
        _ => Ratio,
    };
}
