using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>The live feed of calibrations for the people they affect.</summary>
public sealed class TargetsSubscriptions(IEventBus events) : ISubscriptionFields
{
    public void AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<TargetCalibratedEventType>>("onTargetCalibrated")
            .Authorize(Scopes.SalesRead)
            .Description("Calibrations of a process baseline that changed the subscriber's own target, or one they see (a team member's, their region's).")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                return events.Observe<TargetCalibrated>(e => e.TenantId == actor.TenantId
                    && (actor.VisibleOwnerIds is null || e.AffectedMemberIds.Any(member => actor.SeesOwner(member)) || (e.RegionManagerId is { } manager && actor.SeesOwner(manager))));
            });
    }
}

public sealed class TargetCalibratedEventType : ObjectGraphType<TargetCalibrated>
{
    public TargetCalibratedEventType()
    {
        Name = "TargetCalibratedEvent";
        Description = "A region's process baseline changed; the calibration says before, after and why.";
        Field<NonNullGraphType<IdGraphType>>("calibrationId").Resolve(ctx => GlobalId.Encode("TargetCalibration", ctx.Source.CalibrationId));
        Field<TargetCalibrationType>("calibration")
            .Description("Loaded when the event is delivered; null when the subscriber does not see the region's history (a rep), who still reads what changed on the event.")
            .Resolve(ctx => ctx.DataLoader<TargetCalibrationByIdDataLoader>().LoadAsync(ctx.Source.CalibrationId));
        Field(e => e.MetricKind, type: typeof(NonNullGraphType<TargetMetricKindType>));
        Field(e => e.ProcessMetric, nullable: true);
        Field<DecimalStringGraphType>("before").Resolve(ctx => ctx.Source.Before);
        Field<NonNullGraphType<DecimalStringGraphType>>("after").Resolve(ctx => ctx.Source.After);
        Field(e => e.Reason, type: typeof(NonNullGraphType<CalibrationReasonType>));
        Field(e => e.ReasonText);
        Field(e => e.EffectiveFrom, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}
