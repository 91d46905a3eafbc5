using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>Milestone reward rules, claims paid into the incentive ledger, and reversals.</summary>
public sealed class RewardsMutations(TimeProvider clock, IStageEvidence evidence) : IMutationFields
{
    private static readonly MemberRole[] DeciderRoles = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateMilestoneRewardRulePayloadType>>("createMilestoneRewardRule")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: a milestone that pays the opportunity's owner once the named document kinds are on the opportunity.")
            .Argument<NonNullGraphType<CreateMilestoneRewardRuleInputType>>("input")
            .ResolveAsync(async ctx => await CreateRuleAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ClaimMilestoneRewardPayloadType>>("claimMilestoneReward")
            .Authorize(Scopes.SalesWrite)
            .Description("Pays the rule's amount to the opportunity's owner when its evidence is on file; at most once per rule and opportunity, also under concurrent claims.")
            .Argument<NonNullGraphType<ClaimMilestoneRewardInputType>>("input")
            .ResolveAsync(async ctx => await ClaimAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ReverseIncentiveEntryPayloadType>>("reverseIncentiveEntry")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: undoes a ledger entry with a new entry of the opposite amount that names it; the original is never changed.")
            .Argument<NonNullGraphType<ReverseIncentiveEntryInputType>>("input")
            .ResolveAsync(async ctx => await ReverseAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ApproveIncentiveEntryPayloadType>>("approveIncentiveEntry")
            .Authorize(Scopes.SalesWrite, DeciderRoles)
            .Description("A manager who sees the member approves a pending reward (of a rule that asks for approval); from then on it counts in the balance. Nobody approves their own.")
            .Argument<NonNullGraphType<DecideIncentiveEntryInputType>>("input")
            .ResolveAsync(async ctx => await DecideAsync(ctx, ctx.GetInput(), approve: true));

        mutation.Field<NonNullGraphType<RejectIncentiveEntryPayloadType>>("rejectIncentiveEntry")
            .Authorize(Scopes.SalesWrite, DeciderRoles)
            .Description("A manager who sees the member rejects a pending reward; it never counts, and the milestone is not paid again for that opportunity.")
            .Argument<NonNullGraphType<DecideIncentiveEntryInputType>>("input")
            .ResolveAsync(async ctx => await DecideAsync(ctx, ctx.GetInput(), approve: false));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<MilestoneRewardRule>> CreateRuleAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("Only sales ops and admins keep the milestone rules."));
        }

        await using var db = ctx.Database();
        var name = input.RequiredText("name", 200);
        var kinds = (input.List<string>("requiredDocumentKinds") ?? []).Select(k => k.Trim()).Distinct().ToList();
        if (kinds.Count == 0)
        {
            input.Invalid("requiredDocumentKinds", "A milestone names the evidence it needs: at least one document kind.");
        }
        else
        {
            var catalog = await evidence.DocumentKindsAsync(db, ct);
            if (kinds.Where(k => !catalog.Contains(k)).ToList() is { Count: > 0 } unknown)
            {
                input.Invalid("requiredDocumentKinds", $"Not in the document kind catalog: {string.Join(", ", unknown)}.");
            }
        }

        var amount = input.Get<Money>("amount");
        if (amount is null || amount.Currency != MilestoneRewardRule.Currency || amount.Amount <= 0)
        {
            input.Invalid("amount", $"A positive amount in {MilestoneRewardRule.Currency}.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var rule = new MilestoneRewardRule
        {
            TenantId = ctx.TenantId(), Name = name!, RequiredDocumentKinds = kinds, Amount = amount!.Amount, RequiresApproval = input.Get<bool?>("requiresApproval") ?? false, CreatedAt = Now,
        };
        db.MilestoneRewardRules.Add(rule);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(new DuplicateError(input.PathOf("name"), name!, "The tenant already has a milestone rule of that name."));
        }

        return MutationPayload.Success(rule);
    }

    private async Task<MutationPayload<IncentiveEntry>> ClaimAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var opportunityId = input.Id("opportunityId", "Opportunity");
        var opportunity = opportunityId is null ? null : await db.Opportunities.AsNoTracking().FirstOrDefaultAsync(o => o.Id == opportunityId, ct);
        if (opportunity is null)
        {
            return input.NotFoundPayload("opportunityId");
        }

        var ruleId = input.Id("ruleId", "MilestoneRewardRule");
        var rule = ruleId is null ? null : await db.MilestoneRewardRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId, ct);
        if (rule is null)
        {
            return input.NotFoundPayload("ruleId");
        }

        var present = await evidence.PresentDocumentKindsAsync(db, opportunity.Id, rule.RequiredDocumentKinds, ct);
        if (rule.RequiredDocumentKinds.Where(k => !present.Contains(k)).ToList() is { Count: > 0 } missing)
        {
            return MutationPayload.Failure(new MilestoneEvidenceMissingError(missing));
        }

        var entry = IncentiveEntry.MilestoneReward(rule, opportunity, ctx.Actor().Describe(), Now);
        db.IncentiveEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Paid already, perhaps by a concurrent claim that won the unique index.
            return MutationPayload.Failure(new DuplicateError(input.PathOf("ruleId"), input.Get<string>("ruleId")!, "The milestone is already paid for this opportunity."));
        }

        return MutationPayload.Success(entry);
    }

    private async Task<MutationPayload<IncentiveEntry>> ReverseAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        var entryId = input.Id("entryId", "IncentiveEntry");
        var original = entryId is null ? null : await db.IncentiveEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId, ct);
        if (original is null)
        {
            return input.NotFoundPayload("entryId");
        }

        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("Only sales ops and admins reverse ledger entries."));
        }

        var reason = input.RequiredText("reason", 500);
        if (original.Kind == IncentiveEntryKind.Reversal)
        {
            input.Invalid("entryId", "A reversal is not reversed; record a new entry instead.");
        }
        else if (!original.Counts)
        {
            input.Invalid("entryId", "Only an entry that counts is reversed; a pending one is approved or rejected.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var reversal = original.Reverse(reason!, ctx.Actor().Describe(), Now);
        db.IncentiveEntries.Add(reversal);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(new DuplicateError(input.PathOf("entryId"), input.Get<string>("entryId")!, "The entry is already reversed."));
        }

        return MutationPayload.Success(reversal);
    }

    private async Task<MutationPayload<IncentiveEntry>> DecideAsync(IResolveFieldContext ctx, InputFields input, bool approve)
    {
        await using var db = ctx.Database();
        var id = input.Id("entryId", "IncentiveEntry");
        // The row filter: an entry of a member outside the caller's view is not found, as one that never existed.
        var entry = id is null ? null : await db.IncentiveEntries.FirstOrDefaultAsync(e => e.Id == id, ctx.CancellationToken);
        if (entry is null)
        {
            return input.NotFoundPayload("entryId");
        }

        var actor = ctx.Actor();
        if (entry.RefusalOfDecider(actor.MemberId) is { } refusal)
        {
            return MutationPayload.Failure(refusal);
        }

        entry.Decide(approve, actor.MemberId!.Value, Now);
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return MutationPayload.Failure(new InvalidStateError("Somebody decided this entry meanwhile; reload it."));
        }

        return MutationPayload.Success(entry);
    }
}
