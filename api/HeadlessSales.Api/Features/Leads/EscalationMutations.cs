using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>Acknowledging and resolving escalations.</summary>
public sealed class EscalationMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AcknowledgeEscalationPayloadType>>("acknowledgeEscalation")
            .Authorize(Scopes.SalesWrite)
            .Description("Says the escalation was seen and is being handled; it climbs no further up the chain. Only its current recipient, or someone above them in the chain, may.")
            .Argument<NonNullGraphType<EscalationActionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeAsync(ctx, ctx.GetInput(), EscalationStatus.Acknowledged));

        mutation.Field<NonNullGraphType<ResolveEscalationPayloadType>>("resolveEscalation")
            .Authorize(Scopes.SalesWrite)
            .Description("Closes the escalation. Only its current recipient, or someone above them in the chain, may.")
            .Argument<NonNullGraphType<EscalationActionInputType>>("input")
            .ResolveAsync(async ctx => await ChangeAsync(ctx, ctx.GetInput(), EscalationStatus.Resolved));
    }

    private async Task<MutationPayload<Escalation>> ChangeAsync(IResolveFieldContext ctx, InputFields input, EscalationStatus to)
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

        if (!await EscalationRecipients.MayActAsync(db, actor, escalation!, ctx.CancellationToken))
        {
            return MutationPayload.Failure(new NotEscalationRecipientError(escalation!.Level));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // MayActAsync admits members only.
        var memberId = actor.MemberId!.Value;
        if ((to == EscalationStatus.Acknowledged ? escalation!.Acknowledge(memberId, note, now) : escalation!.Resolve(memberId, note, now)) is { } refused)
        {
            return MutationPayload.Failure(refused);
        }

        var lead = await db.Leads.IgnoreQueryFilters().FirstAsync(l => l.Id == escalation.LeadId && l.TenantId == escalation.TenantId, ctx.CancellationToken);
        db.LeadHistory.Add(LeadHistoryEntry.For(lead, to == EscalationStatus.Acknowledged ? LeadHistoryKind.EscalationAcknowledged : LeadHistoryKind.EscalationResolved,
            now, actor.MemberId, note));
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(escalation);
    }
}
