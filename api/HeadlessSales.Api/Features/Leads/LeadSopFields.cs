using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

public enum EscalationOrderField
{
    RaisedAt,
}

public sealed class EscalationOrderFieldType : EnumerationGraphType<EscalationOrderField>
{
    public EscalationOrderFieldType() => Name = "EscalationOrderField";
}

public sealed class EscalationOrderType() : OrderInputType<EscalationOrderFieldType>("EscalationOrder", "How escalations are ordered.");

public sealed class EscalationFilterType : InputObjectGraphType
{
    public EscalationFilterType()
    {
        Name = "EscalationFilter";
        Field<ListGraphType<NonNullGraphType<EscalationStatusType>>>("statuses");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("leadIds");
        Field<BooleanGraphType>("mine").Description("Only escalations raised to the caller.");
    }
}

/// <summary>Who sees an escalation: whoever sees its lead, and the person it was raised to.</summary>
internal static class EscalationVisibility
{
    public static IQueryable<Escalation> Visible(SalesDbContext db, Actor actor) =>
        db.Escalations.Where(e => (actor.MemberId != null && e.TargetMemberId == actor.MemberId) || db.Set<Lead>().Any(l => l.Id == e.LeadId));

    public static bool Sees(Actor actor, EscalationRaised raised) =>
        actor.TenantId == raised.TenantId
        && (actor.VisibleOwnerIds is null
            || (actor.MemberId is { } me && raised.TargetMemberId == me)
            || (raised.LeadOwnerId is { } owner && actor.VisibleOwnerIds.Contains(owner)));
}

public sealed class LeadSopFields(TimeProvider clock, IEventBus events) : IQueryFields, IMutationFields, ISubscriptionFields
{
    private static readonly Dictionary<EscalationOrderField, Func<bool, SortOrder<Escalation>>> Orders = new()
    {
        [EscalationOrderField.RaisedAt] = desc => SortOrder<Escalation>.By("raisedAt", e => e.RaisedAt, desc),
    };

    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<EscalationType>>>("escalations")
            .Authorize(Scopes.SalesRead)
            .Description("Escalations of the leads the caller sees, and those raised to the caller.")
            .PagingArguments()
            .Argument<EscalationFilterType>("where")
            .Argument<EscalationOrderType>("order")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var actor = ctx.Actor();
                var escalations = EscalationVisibility.Visible(db, actor).AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<EscalationStatus>("statuses") is { } statuses)
                {
                    escalations = escalations.Where(e => statuses.Contains(e.Status));
                }

                if (filter.Ids("leadIds", "Lead") is { } leadIds)
                {
                    escalations = escalations.Where(e => leadIds.Contains(e.LeadId));
                }

                if (filter.Get<bool?>("mine") is true)
                {
                    escalations = escalations.Where(e => e.TargetMemberId == actor.MemberId);
                }

                var connection = await escalations.ToConnectionAsync(ctx.GetOrder(Orders), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AcknowledgeEscalationPayloadType>>("acknowledgeEscalation")
            .Authorize(Scopes.SalesWrite)
            .Description("Says the escalation was seen and is being handled; it climbs no further up the chain.")
            .Argument<NonNullGraphType<EscalationActionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeAsync(ctx, ctx.GetInput(), EscalationStatus.Acknowledged));

        mutation.Field<NonNullGraphType<ResolveEscalationPayloadType>>("resolveEscalation")
            .Authorize(Scopes.SalesWrite)
            .Description("Closes the escalation.")
            .Argument<NonNullGraphType<EscalationActionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeAsync(ctx, ctx.GetInput(), EscalationStatus.Resolved));
    }

    void ISubscriptionFields.AddTo(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<LeadAssignedEventType>>("onLeadAssigned")
            .Authorize(Scopes.SalesRead)
            .Description("Leads assigned to the caller (a member), or to `ownerId` among the members the caller sees.")
            .Argument<IdGraphType>("ownerId")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                long? ownerId = ctx.GetArgument<string?>("ownerId") is { } id
                    ? GlobalId.TryDecode(id, "Member") ?? throw new ExecutionError($"'{id}' is not a valid Member id.") { Code = "INVALID_ID" }
                    : actor.MemberId;
                return events.Observe<LeadAssigned>(e => e.TenantId == actor.TenantId
                    && (ownerId is null || e.OwnerId == ownerId)
                    && (actor.VisibleOwnerIds is null || actor.VisibleOwnerIds.Contains(e.OwnerId)));
            });

        subscription.Field<NonNullGraphType<EscalationRaisedEventType>>("onEscalationRaised")
            .Authorize(Scopes.SalesRead)
            .Description("Escalations in a team or a region the caller sees, or all the caller sees when neither is given.")
            .Argument<IdGraphType>("teamId")
            .Argument<IdGraphType>("regionId")
            .ResolveStream(ctx =>
            {
                var actor = ctx.Actor();
                var teamId = Decode(ctx.GetArgument<string?>("teamId"), "Team");
                var regionId = Decode(ctx.GetArgument<string?>("regionId"), "Region");
                return events.Observe<EscalationRaised>(e => EscalationVisibility.Sees(actor, e)
                    && (teamId is null || e.TeamId == teamId)
                    && (regionId is null || e.RegionId == regionId));
            });
    }

    private static long? Decode(string? id, string type) =>
        id is null ? null : GlobalId.TryDecode(id, type) ?? throw new ExecutionError($"'{id}' is not a valid {type} id.") { Code = "INVALID_ID" };

    private async Task<MutationPayload> ChangeAsync(IResolveFieldContext ctx, InputFields input, EscalationStatus to)
    {
        await using var db = ctx.Database();
        var actor = ctx.Actor();
        var id = input.Id("id", "Escalation");
        var escalation = id is null ? null : await EscalationVisibility.Visible(db, actor).FirstOrDefaultAsync(e => e.Id == id, ctx.CancellationToken);
        if (escalation is null && input.IsValid)
        {
            input.NotFound("id");
        }

        var note = input.OptionalText("note", 500);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (escalation!.Status == EscalationStatus.Resolved || escalation.Status == to)
        {
            return MutationPayload.Failure(new InvalidStateError($"The escalation is already {escalation.Status.ToString().ToLowerInvariant()}."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        escalation.Status = to;
        escalation.Note = note ?? escalation.Note;
        if (to == EscalationStatus.Acknowledged)
        {
            escalation.AcknowledgedAt = now;
        }
        else
        {
            escalation.ResolvedAt = now;
        }

        var lead = await db.Leads.IgnoreQueryFilters().FirstAsync(l => l.Id == escalation.LeadId && l.TenantId == escalation.TenantId, ctx.CancellationToken);
        db.LeadHistory.Add(LeadHistoryEntry.For(lead, to == EscalationStatus.Acknowledged ? LeadHistoryKind.EscalationAcknowledged : LeadHistoryKind.EscalationResolved,
            now, actor.MemberId, note));
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(escalation);
    }
}
