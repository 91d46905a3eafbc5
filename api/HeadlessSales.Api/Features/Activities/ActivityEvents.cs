using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>A follow-up was logged, on the board of <see cref="TeamId"/>.</summary>
public sealed record FollowUpLogged(long TenantId, long ActivityId, long? TeamId, long MemberId, long? SubjectOwnerId, DateTime OccurredAt) : IDomainEvent;
