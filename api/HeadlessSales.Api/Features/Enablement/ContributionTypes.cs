using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Enablement;

public sealed class RewardKindType : EnumerationGraphType<RewardKind>
{
    public RewardKindType() => Name = "RewardKind";
}

public sealed class RedemptionStatusType : EnumerationGraphType<RedemptionStatus>
{
    public RedemptionStatusType() => Name = "RedemptionStatus";
}

public sealed class ContributionSettingsType : ObjectGraphType<ContributionSettings>
{
    public ContributionSettingsType()
    {
        Name = "ContributionSettings";
        Description = "What contributions to the case library earn, in points (the incentive ledger's PTS entries).";
        Field(s => s.ApprovalPoints).Description("To a case's author when it is approved.");
        Field(s => s.CoachedWinPoints).Description("To a case's author when the coach gave it to another rep for an opportunity that was then won.");
        Field(s => s.ObligationTopCount, nullable: true).Description("How many of a month's top reps (by won deals) owe a case; null: the top share decides.");
        Field(s => s.ObligationTopShare).Description("Share of the month's reps with a win who owe a case (rounded down, at least one), when no top count is set.");
        Field(s => s.ObligationDueDay, nullable: true).Description("The day of the next month a month's case is due (UTC); null: that month's end.");
        Field(s => s.ObligationReminderDays).Description("Days before the due date the reminder lands on the obligation.");
    }
}

public sealed class RewardCatalogItemType : NodeType<RewardCatalogItem>
{
    public RewardCatalogItemType() : base("RewardCatalogItem", "Something contribution points buy: a training resource or leave days.")
    {
        Field(i => i.Name);
        Field(i => i.Kind, type: typeof(NonNullGraphType<RewardKindType>));
        Field(i => i.Points).Description("The price of one.");
        Field(i => i.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class PointsRedemptionType : NodeType<PointsRedemption>
{
    public PointsRedemptionType() : base("PointsRedemption", "A member's points spent on a catalog reward: held at the request, approved or rejected (and given back) by a manager.")
    {
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field<RewardCatalogItemType>("item").Resolve(ctx => ctx.DataLoader<RewardCatalogItemByIdDataLoader>().LoadAsync(ctx.Source.ItemId));
        Field(r => r.Quantity);
        Field(r => r.Points).Description("What it costs: the item's points × the quantity.");
        Field(r => r.Status, type: typeof(NonNullGraphType<RedemptionStatusType>));
        Field<IncentiveEntryType>("entry").Description("The ledger entry that took the points.")
            .Resolve(ctx => ctx.Source.EntryId is { } id ? ctx.DataLoader<IncentiveEntryByIdDataLoader>().LoadAsync(id) : null);
        Field(r => r.RequestedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field<MemberType>("decider").Resolve(ctx => ctx.Source.DeciderId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(r => r.DecisionComment, nullable: true);
        Field(r => r.DecidedAt, type: typeof(UtcDateTimeGraphType));
    }
}

/// <summary>One member's points earned in a quarter.</summary>
public sealed record ContributionStanding(int Rank, long MemberId, int Points, int CasesApproved, int CoachedWins);

public sealed record ContributionLeaderboard(long TeamId, int Year, int Quarter, DateTime From, DateTime To, IReadOnlyList<ContributionStanding> Standings);

public sealed class ContributionStandingType : ObjectGraphType<ContributionStanding>
{
    public ContributionStandingType()
    {
        Name = "ContributionStanding";
        Field(s => s.Rank).Description("1 for the most points; equal points share a rank.");
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(s => s.Points).Description("Points earned in the quarter (approved cases and coached wins, less their reversals); redemptions do not lower it.");
        Field(s => s.CasesApproved);
        Field(s => s.CoachedWins);
    }
}

public sealed class ContributionLeaderboardType : ObjectGraphType<ContributionLeaderboard>
{
    public ContributionLeaderboardType()
    {
        Name = "ContributionLeaderboard";
        Description = "A team's contribution points earned in a calendar quarter (UTC), most first.";
        Field<NonNullGraphType<TeamType>>("team").Resolve(ctx => ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(ctx.Source.TeamId));
        Field(l => l.Year);
        Field(l => l.Quarter);
        Field(l => l.From, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(l => l.To, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("Exclusive.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContributionStandingType>>>>("standings").Resolve(ctx => ctx.Source.Standings);
    }
}

public sealed class InsufficientPointsErrorType : UserErrorType<InsufficientPointsError>
{
    public InsufficientPointsErrorType() : base("InsufficientPointsError", "The member's points cannot pay for the redemption.")
    {
        Field(e => e.Balance);
        Field(e => e.Cost);
    }
}

public sealed class UpdateContributionSettingsInputType : InputObjectGraphType
{
    public UpdateContributionSettingsInputType()
    {
        Name = "UpdateContributionSettingsInput";
        Description = "Fields left out keep their value.";
        Field<IntGraphType>("approvalPoints").Description($"0 to {ContributionSettings.MaxPoints}.");
        Field<IntGraphType>("coachedWinPoints").Description($"0 to {ContributionSettings.MaxPoints}.");
        Field<IntGraphType>("obligationTopCount").Description("1 to 100; null: the top share decides.");
        Field<FloatGraphType>("obligationTopShare").Description("Above 0 and at most 1.");
        Field<IntGraphType>("obligationDueDay").Description("1 to 28; null: the month's end.");
        Field<IntGraphType>("obligationReminderDays").Description("0 to 27.");
    }
}

public sealed class CreateRewardCatalogItemInputType : InputObjectGraphType
{
    public CreateRewardCatalogItemInputType()
    {
        Name = "CreateRewardCatalogItemInput";
        Field<NonNullGraphType<StringGraphType>>("name").Description($"Unique in the catalog; at most {RewardCatalogItem.NameMaxLength} characters.");
        Field<NonNullGraphType<RewardKindType>>("kind");
        Field<NonNullGraphType<IntGraphType>>("points").Description($"1 to {ContributionSettings.MaxPoints}.");
    }
}

public sealed class RedeemPointsInputType : InputObjectGraphType
{
    public RedeemPointsInputType()
    {
        Name = "RedeemPointsInput";
        Field<NonNullGraphType<IdGraphType>>("itemId");
        Field<IntGraphType>("quantity").Description($"1 (the default) to {ContributionMutations.MaxQuantity}; leave days are redeemed by the day.");
    }
}

public sealed class DecidePointsRedemptionInputType : InputObjectGraphType
{
    public DecidePointsRedemptionInputType()
    {
        Name = "DecidePointsRedemptionInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("comment").Description($"Required to reject; at most {PointsRedemption.CommentMaxLength} characters.");
    }
}

public sealed class UpdateContributionSettingsErrorType() : MutationErrorUnion("updateContributionSettings", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class CreateRewardCatalogItemErrorType() : MutationErrorUnion("createRewardCatalogItem", typeof(ValidationErrorType), typeof(InvalidStateErrorType), typeof(DuplicateErrorType));

public sealed class RedeemPointsErrorType() : MutationErrorUnion("redeemPoints", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(InsufficientPointsErrorType));

public sealed class ApprovePointsRedemptionErrorType() : MutationErrorUnion("approvePointsRedemption", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class RejectPointsRedemptionErrorType() : MutationErrorUnion("rejectPointsRedemption", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class UpdateContributionSettingsPayloadType() : PayloadType<ContributionSettingsType, ContributionSettings, UpdateContributionSettingsErrorType>("updateContributionSettings", "settings");

public sealed class CreateRewardCatalogItemPayloadType() : PayloadType<RewardCatalogItemType, RewardCatalogItem, CreateRewardCatalogItemErrorType>("createRewardCatalogItem", "item");

public sealed class RedeemPointsPayloadType() : PayloadType<PointsRedemptionType, PointsRedemption, RedeemPointsErrorType>("redeemPoints", "redemption");

public sealed class ApprovePointsRedemptionPayloadType() : PayloadType<PointsRedemptionType, PointsRedemption, ApprovePointsRedemptionErrorType>("approvePointsRedemption", "redemption");

public sealed class RejectPointsRedemptionPayloadType() : PayloadType<PointsRedemptionType, PointsRedemption, RejectPointsRedemptionErrorType>("rejectPointsRedemption", "redemption");
