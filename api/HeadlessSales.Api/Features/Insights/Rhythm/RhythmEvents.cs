using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>A decision signal came on an opportunity and its owner was reminded to push for signature.</summary>
public sealed record SigningReminderRaised(long TenantId, long ReminderId, long MemberId, long OpportunityId, string SignalCode, string SignalName, DateTime OccurredAt) : IDomainEvent;

/// <summary>The weekly job made a rep's to-sign list for the week starting <see cref="WeekOf"/> (the list is read with <c>toSignList</c>).</summary>
public sealed record ToSignListReady(long TenantId, long MemberId, DateOnly WeekOf, int Opportunities, DateTime OccurredAt) : IDomainEvent;

/// <summary>The daily judge found the month's ready-to-sign forecast clustering in its last 3 days and stored the month's alert.</summary>
public sealed record MonthEndSpikeAlertRaised(
    long TenantId, long AlertId, int Year, int Month, string Scope, int ReadyToSign, int LateReadyToSign, double LateShare, string Message, DateTime OccurredAt) : IDomainEvent;
