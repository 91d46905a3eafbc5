using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>Keeping what points earn and buy (sales ops), spending them (a member) and deciding a redemption (their managers).</summary>
public sealed class ContributionMutations(ContributionLedger ledger, TimeProvider clock) : IMutationFields
{
    public const int MaxQuantity = 30;

    /// <summary>Who decides a redemption: whoever manages the member (and sees their records), never the member.</summary>
    private static readonly MemberRole[] DeciderRoles = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UpdateContributionSettingsPayloadType>>("updateContributionSettings")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: the points an approved case and a coached win earn.")
            .Argument<NonNullGraphType<UpdateContributionSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateSettingsAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateRewardCatalogItemPayloadType>>("createRewardCatalogItem")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: adds a reward points buy (a training resource, leave days).")
            .Argument<NonNullGraphType<CreateRewardCatalogItemInputType>>("input")
            .ResolveAsync(async ctx => await CreateItemAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RedeemPointsPayloadType>>("redeemPoints")
            .Authorize(Scopes.SalesWrite)
            .Description("The caller spends their points on a catalog reward: the points are held at once (never above the balance, also when requests race) and a manager approves or rejects.")
            .Argument<NonNullGraphType<RedeemPointsInputType>>("input")
            .ResolveAsync(async ctx => await RedeemAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ApprovePointsRedemptionPayloadType>>("approvePointsRedemption")
            .Authorize(Scopes.SalesWrite, DeciderRoles)
            .Description("A manager who sees the member approves their redemption; nobody decides their own.")
            .Argument<NonNullGraphType<DecidePointsRedemptionInputType>>("input")
            .ResolveAsync(async ctx => await DecideAsync(ctx, ctx.GetInput(), approve: true));

        mutation.Field<NonNullGraphType<RejectPointsRedemptionPayloadType>>("rejectPointsRedemption")
            .Authorize(Scopes.SalesWrite, DeciderRoles)
            .Description("A manager who sees the member rejects their redemption with a comment; the held points come back as a reversal.")
            .Argument<NonNullGraphType<DecidePointsRedemptionInputType>>("input")
            .ResolveAsync(async ctx => await DecideAsync(ctx, ctx.GetInput(), approve: false));
    }

    private async Task<MutationPayload<ContributionSettings>> UpdateSettingsAsync(IResolveFieldContext ctx, InputFields input)
    {
        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("Only sales ops and admins change what contributions earn."));
        }

        await using var db = ctx.Database();
        var settings = await db.ContributionSettings.FirstOrDefaultAsync(ctx.CancellationToken);
        if (settings is null)
        {
            settings = new ContributionSettings { TenantId = ctx.TenantId() };
            db.ContributionSettings.Add(settings);
        }

        settings.ApprovalPoints = Points(input, "approvalPoints", 0) ?? settings.ApprovalPoints;
        settings.CoachedWinPoints = Points(input, "coachedWinPoints", 0) ?? settings.CoachedWinPoints;
        TakeObligationSettings(input, settings);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(settings);
    }

    private async Task<MutationPayload<RewardCatalogItem>> CreateItemAsync(IResolveFieldContext ctx, InputFields input)
    {
        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("Only sales ops and admins keep the reward catalog."));
        }

        var name = input.RequiredText("name", RewardCatalogItem.NameMaxLength);
        var points = Points(input, "points", 1);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var item = new RewardCatalogItem { TenantId = ctx.TenantId(), Name = name!, Kind = input.Get<RewardKind>("kind"), Points = points!.Value, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.RewardCatalogItems.Add(item);
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(new DuplicateError("input.name", name!, "The catalog already has a reward of that name."));
        }

        return MutationPayload.Success(item);
    }

    private async Task<MutationPayload<PointsRedemption>> RedeemAsync(IResolveFieldContext ctx, InputFields input)
    {
        var quantity = input.Get<int?>("quantity") ?? 1;
        if (quantity is < 1 or > MaxQuantity)
        {
            input.Invalid("quantity", $"1 to {MaxQuantity}.");
        }

        await using var db = ctx.Database();
        var itemId = input.Id("itemId", "RewardCatalogItem");
        var item = itemId is null ? null : await db.RewardCatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ctx.CancellationToken);
        if (item is null)
        {
            return input.NotFoundPayload("itemId");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var result = await ledger.RedeemAsync(db, ctx.Actor(), item, quantity, ctx.CancellationToken);
        return result.Error is { } error ? MutationPayload.Failure(error) : MutationPayload.Success(result.Redemption!);
    }

    private async Task<MutationPayload<PointsRedemption>> DecideAsync(IResolveFieldContext ctx, InputFields input, bool approve)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "PointsRedemption");
        // The row filter: a redemption of a member outside the caller's view is not found, as one that never existed.
        var redemption = id is null ? null : await db.PointsRedemptions.FirstOrDefaultAsync(r => r.Id == id, ctx.CancellationToken);
        if (redemption is null)
        {
            return input.NotFoundPayload("id");
        }

        var comment = approve
            ? input.OptionalText("comment", PointsRedemption.CommentMaxLength)
            : input.RequiredText("comment", PointsRedemption.CommentMaxLength);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var result = await ledger.DecideAsync(db, ctx.Actor(), redemption, approve, comment, ctx.CancellationToken);
        return result.Error is { } error ? MutationPayload.Failure(error) : MutationPayload.Success(result.Redemption!);
    }

    /// <summary>Who owes a monthly case and when; a field given as null goes back to its default (top share, month end).</summary>
    private static void TakeObligationSettings(InputFields input, ContributionSettings settings)
    {
        if (input.Has("obligationTopCount"))
        {
            var count = input.Get<int?>("obligationTopCount");
            if (count is < 1 or > 100)
            {
                input.Invalid("obligationTopCount", "1 to 100, or null for the top share.");
            }

            settings.ObligationTopCount = count;
        }

        if (input.Get<double?>("obligationTopShare") is { } share)
        {
            if (share is <= 0 or > 1)
            {
                input.Invalid("obligationTopShare", "Above 0 and at most 1.");
            }

            settings.ObligationTopShare = share;
        }

        if (input.Has("obligationDueDay"))
        {
            var day = input.Get<int?>("obligationDueDay");
            if (day is < 1 or > 28)
            {
                input.Invalid("obligationDueDay", "1 to 28, or null for the month's end.");
            }

            settings.ObligationDueDay = day;
        }

        if (input.Get<int?>("obligationReminderDays") is { } days)
        {
            if (days is < 0 or > 27)
            {
                input.Invalid("obligationReminderDays", "0 to 27.");
            }

            settings.ObligationReminderDays = days;
        }
    }

    private static int? Points(InputFields input, string name, int min)
    {
        var points = input.Get<int?>(name);
        if (points is { } value && (value < min || value > ContributionSettings.MaxPoints))
        {
            input.Invalid(name, $"{min} to {ContributionSettings.MaxPoints}.");
        }

        return points;
    }
}
