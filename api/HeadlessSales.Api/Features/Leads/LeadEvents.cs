using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A lead got an owner, by a rule or by hand.</summary>
public sealed record LeadAssigned(long TenantId, long LeadId, long OwnerId, long? TeamId, bool Reassigned, DateTime OccurredAt) : IDomainEvent;

/// <summary>A lead's owner recorded the first response: the SOP's response deadline is met or missed for good.</summary>
public sealed record LeadFirstResponseRecorded(long TenantId, long LeadId, long OwnerId, long? TeamId, FirstResponseOutcome Outcome, DateTime OccurredAt) : IDomainEvent;

public sealed class LeadAssignedEventType : ObjectGraphType<LeadAssigned>
{
    public LeadAssignedEventType()
    {
        Name = "LeadAssignedEvent";
        Description = "A lead got an owner. `lead` carries the first-call script and product suggestions.";
        Field<NonNullGraphType<IdGraphType>>("leadId").Resolve(ctx => GlobalId.Encode("Lead", ctx.Source.LeadId));
        Field<LeadType>("lead")
            .Description("The lead as it is now, loaded with the subscriber's permissions when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(ctx.Source.LeadId));
        Field<NonNullGraphType<IdGraphType>>("ownerId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.OwnerId));
        Field(e => e.Reassigned).Description("True when a person moved the lead rather than a rule.");
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public static class LeadEventPublishing
{
    /// <summary>Announces the owners of committed leads; leads left in a queue have nobody to tell.</summary>
    public static void PublishAssignments(this IEventBus events, IEnumerable<Lead> leads, DateTime now, bool reassigned = false)
    {
        foreach (var lead in leads)
        {
            if (lead.OwnerId is { } ownerId)
            {
                events.Publish(new LeadAssigned(lead.TenantId, lead.Id, ownerId, lead.TeamId, reassigned, now));
            }
        }
    }
}
