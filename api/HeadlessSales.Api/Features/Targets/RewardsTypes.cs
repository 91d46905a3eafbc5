using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Values;

namespace HeadlessSales.Api.Features.Targets;

public sealed class IncentiveEntryKindType : EnumerationGraphType<IncentiveEntryKind>
{
    public IncentiveEntryKindType() => Name = "IncentiveEntryKind";
}

public sealed class IncentiveEntryApprovalType : EnumerationGraphType<IncentiveEntryApproval>
{
    public IncentiveEntryApprovalType() => Name = "IncentiveEntryApproval";
}

public sealed class MilestoneRewardRuleType : NodeType<MilestoneRewardRule>
{
    public MilestoneRewardRuleType() : base("MilestoneRewardRule", "A milestone that pays the opportunity's owner once its evidence (document kinds on the opportunity) is on file.")
    {
        Field(r => r.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("requiredDocumentKinds").Resolve(ctx => ctx.Source.RequiredDocumentKinds);
        Field<NonNullGraphType<MoneyType>>("amount").Resolve(ctx => ctx.Source.Reward);
        Field(r => r.RequiresApproval).Description("A claim waits, PENDING, for a manager's approval before it counts.");
        Field(r => r.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class IncentiveEntryType : NodeType<IncentiveEntry>
{
    public IncentiveEntryType() : base("IncentiveEntry", "One line of a member's incentive ledger; never changed — a reversal is a new, negative entry naming the original.")
    {
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field<NonNullGraphType<MoneyType>>("amount").Resolve(ctx => ctx.Source.Money);
        Field(e => e.Kind, type: typeof(NonNullGraphType<IncentiveEntryKindType>));
        Field(e => e.Reason).Description("The rule's name for a reward, the reason given for a reversal.");
        Field<MilestoneRewardRuleType>("rule").Resolve(ctx => ctx.Source.RuleId is { } id ? ctx.DataLoader<MilestoneRewardRuleByIdDataLoader>().LoadAsync(id) : null);
        Field<OpportunityType>("opportunity").Description("Null when the caller cannot see it.")
            .Resolve(ctx => ctx.Source.OpportunityId is { } id ? ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(id) : null);
        Field<IncentiveEntryType>("reverses").Description("The entry a reversal undoes.")
            .Resolve(ctx => ctx.Source.ReversesEntryId is { } id ? ctx.DataLoader<IncentiveEntryByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(e => e.Approval, type: typeof(IncentiveEntryApprovalType)).Description("Null when the entry needed no approval; only an APPROVED or approval-free entry counts in the balance.");
        Field<MemberType>("decidedBy").Resolve(ctx => ctx.Source.DecidedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.DecidedAt, type: typeof(UtcDateTimeGraphType));
    }
}

/// <summary>A member's ledger over a period: its entries and their sum.</summary>
public sealed record IncentiveLedger(long MemberId, DateOnly? From, DateOnly? To, IReadOnlyList<IncentiveEntry> Entries)
{
    public Money Balance => new(Entries.Where(e => e.Counts && e.Currency == MilestoneRewardRule.Currency).Sum(e => e.Amount), MilestoneRewardRule.Currency);

    /// <summary>The contribution points among the entries (earned less spent); kept apart from the money.</summary>
    public int Points => (int)Entries.Where(e => e.Counts && e.Currency == IncentiveEntry.Points).Sum(e => e.Amount);
}

public sealed class IncentiveLedgerType : ObjectGraphType<IncentiveLedger>
{
    public IncentiveLedgerType()
    {
        Name = "IncentiveLedger";
        Description = "A member's incentive entries in a period, oldest first, their money balance (CNY) and their contribution points (PTS).";
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(l => l.From, type: typeof(DateOnlyGraphType));
        Field(l => l.To, type: typeof(DateOnlyGraphType)).Description("Exclusive.");
        Field<NonNullGraphType<MoneyType>>("balance").Description("The money entries' sum (CNY).").Resolve(ctx => ctx.Source.Balance);
        Field(l => l.Points).Description("The contribution points' sum (entries in PTS): earned for cases, less redeemed.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IncentiveEntryType>>>>("entries").Resolve(ctx => ctx.Source.Entries);
    }
}

public sealed class MilestoneEvidenceMissingErrorType : UserErrorType<MilestoneEvidenceMissingError>
{
    public MilestoneEvidenceMissingErrorType() : base("MilestoneEvidenceMissingError", "The milestone's evidence is not all on the opportunity.")
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("missingDocumentKinds").Resolve(ctx => ctx.Source.MissingDocumentKinds);
    }
}

public sealed class CreateMilestoneRewardRuleInputType : InputObjectGraphType
{
    public CreateMilestoneRewardRuleInputType()
    {
        Name = "CreateMilestoneRewardRuleInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("requiredDocumentKinds").Description("Document kind codes that must be on the opportunity.");
        Field<NonNullGraphType<MoneyInputType>>("amount").Description("In CNY.");
        Field<BooleanGraphType>("requiresApproval").Description("A claim waits for a manager's approval before it counts; false when omitted.");
    }
}

public sealed class ClaimMilestoneRewardInputType : InputObjectGraphType
{
    public ClaimMilestoneRewardInputType()
    {
        Name = "ClaimMilestoneRewardInput";
        Field<NonNullGraphType<IdGraphType>>("opportunityId");
        Field<NonNullGraphType<IdGraphType>>("ruleId");
    }
}

public sealed class ReverseIncentiveEntryInputType : InputObjectGraphType
{
    public ReverseIncentiveEntryInputType()
    {
        Name = "ReverseIncentiveEntryInput";
        Field<NonNullGraphType<IdGraphType>>("entryId");
        Field<NonNullGraphType<StringGraphType>>("reason");
    }
}

public sealed class DecideIncentiveEntryInputType : InputObjectGraphType
{
    public DecideIncentiveEntryInputType()
    {
        Name = "DecideIncentiveEntryInput";
        Field<NonNullGraphType<IdGraphType>>("entryId").Description("A PENDING entry of a member the caller sees.");
    }
}

public sealed class CreateMilestoneRewardRuleErrorType() : MutationErrorUnion("createMilestoneRewardRule", typeof(ValidationErrorType), typeof(InvalidStateErrorType), typeof(DuplicateErrorType));

public sealed class ClaimMilestoneRewardErrorType() : MutationErrorUnion("claimMilestoneReward", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(DuplicateErrorType),
    typeof(MilestoneEvidenceMissingErrorType));

public sealed class ReverseIncentiveEntryErrorType() : MutationErrorUnion("reverseIncentiveEntry", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType),
    typeof(DuplicateErrorType));

public sealed class CreateMilestoneRewardRulePayloadType() : PayloadType<MilestoneRewardRuleType, MilestoneRewardRule, CreateMilestoneRewardRuleErrorType>("createMilestoneRewardRule", "rule");

public sealed class ClaimMilestoneRewardPayloadType() : PayloadType<IncentiveEntryType, IncentiveEntry, ClaimMilestoneRewardErrorType>("claimMilestoneReward", "entry");

public sealed class ReverseIncentiveEntryPayloadType() : PayloadType<IncentiveEntryType, IncentiveEntry, ReverseIncentiveEntryErrorType>("reverseIncentiveEntry", "entry");

public sealed class ApproveIncentiveEntryErrorType() : MutationErrorUnion("approveIncentiveEntry", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class RejectIncentiveEntryErrorType() : MutationErrorUnion("rejectIncentiveEntry", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class ApproveIncentiveEntryPayloadType() : PayloadType<IncentiveEntryType, IncentiveEntry, ApproveIncentiveEntryErrorType>("approveIncentiveEntry", "entry");

public sealed class RejectIncentiveEntryPayloadType() : PayloadType<IncentiveEntryType, IncentiveEntry, RejectIncentiveEntryErrorType>("rejectIncentiveEntry", "entry");
