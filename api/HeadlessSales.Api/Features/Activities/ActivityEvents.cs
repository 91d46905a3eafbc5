using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>A follow-up was logged, on the board of <see cref="TeamId"/>.</summary>
public sealed record FollowUpLogged(long TenantId, long ActivityId, long? TeamId, long MemberId, long? SubjectOwnerId, DateTime OccurredAt) : IDomainEvent;

public sealed class FollowUpLoggedEventType : ObjectGraphType<FollowUpLogged>
{
    public FollowUpLoggedEventType()
    {
        Name = "FollowUpLoggedEvent";
        Description = "A follow-up appeared on a team's board.";
        Field<NonNullGraphType<IdGraphType>>("activityId").Resolve(ctx => GlobalId.Encode("Activity", ctx.Source.ActivityId));
        Field<ActivityType>("activity")
            .Description("The follow-up with its summary, loaded with the subscriber's permissions when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<ActivityByIdDataLoader>().LoadAsync(ctx.Source.ActivityId));
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("When it was logged.");
    }
}
