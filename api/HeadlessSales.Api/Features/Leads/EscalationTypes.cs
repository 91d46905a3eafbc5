using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Leads;

public sealed class EscalationLevelType : EnumerationGraphType<EscalationLevel>
{
    public EscalationLevelType()
    {
        Name = "EscalationLevel";
        Description = "A step of the escalation chain.";
    }
}

public sealed class EscalationReasonType : EnumerationGraphType<EscalationReason>
{
    public EscalationReasonType() => Name = "EscalationReason";
}

public sealed class EscalationStatusType : EnumerationGraphType<EscalationStatus>
{
    public EscalationStatusType() => Name = "EscalationStatus";
}

public sealed class EscalationType : NodeType<Escalation>
{
    public EscalationType() : base("Escalation", "A missed SOP deadline and the steps of the escalation chain it reached; acted on by its current recipient or someone above them.")
    {
        Field<NonNullGraphType<IdGraphType>>("leadId").Resolve(ctx => GlobalId.Encode("Lead", ctx.Source.LeadId));
        Field<LeadType>("lead").Resolve(ctx => ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(ctx.Source.LeadId));
        Field(e => e.Step).Description("Index of the current step in the chain, 0 for the first.");
        Field(e => e.Level, type: typeof(NonNullGraphType<EscalationLevelType>)).Description("The level of the current step.");
        Field(e => e.Reason, type: typeof(NonNullGraphType<EscalationReasonType>));
        Field<MemberType>("target").Description("The current recipient; null for a role-wide level such as SALES_OPS.")
            .Resolve(ctx => ctx.Source.TargetMemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EscalationStepType>>>>("steps")
            .Description("Every step reached, first to current: who was told and when.")
            .Resolve(ctx => new DeferredResult<List<EscalationStep>>(async cancellationToken =>
                await ctx.DataLoader<EscalationStepsByEscalationIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field(e => e.Status, type: typeof(NonNullGraphType<EscalationStatusType>));
        Field(e => e.RaisedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("When the deadline was missed and the first step told.");
        Field(e => e.AcknowledgedAt, type: typeof(UtcDateTimeGraphType));
        Field<MemberType>("acknowledgedBy").Description("Who acknowledged it.")
            .Resolve(ctx => ctx.Source.AcknowledgedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.ResolvedAt, type: typeof(UtcDateTimeGraphType));
        Field<MemberType>("resolvedBy").Description("Who resolved it.")
            .Resolve(ctx => ctx.Source.ResolvedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.Note, nullable: true);
    }
}

public sealed class EscalationStepType : ObjectGraphType<EscalationStep>
{
    public EscalationStepType()
    {
        Name = "EscalationStep";
        Description = "A step an escalation reached.";
        Field(s => s.Step).Description("Index in the chain, 0 for the first.");
        Field(s => s.Level, type: typeof(NonNullGraphType<EscalationLevelType>));
        Field<MemberType>("target").Description("The person told; null for a role-wide level such as SALES_OPS.")
            .Resolve(ctx => ctx.Source.TargetMemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(s => s.ReachedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class NotEscalationRecipientErrorType : UserErrorType<NotEscalationRecipientError>
{
    public NotEscalationRecipientErrorType() : base("NotEscalationRecipientError", "The caller is neither the escalation's current recipient nor above them in the chain.")
    {
        Field(e => e.Level, type: typeof(NonNullGraphType<EscalationLevelType>)).Description("The level of the escalation's current step.");
    }
}

public sealed class EscalationRaisedEventType : ObjectGraphType<EscalationRaised>
{
    public EscalationRaisedEventType()
    {
        Name = "EscalationRaisedEvent";
        Field<NonNullGraphType<IdGraphType>>("escalationId").Resolve(ctx => GlobalId.Encode("Escalation", ctx.Source.EscalationId));
        Field<EscalationType>("escalation")
            .Description("Loaded when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<EscalationByIdDataLoader>().LoadAsync(ctx.Source.EscalationId));
        Field<NonNullGraphType<IdGraphType>>("leadId").Resolve(ctx => GlobalId.Encode("Lead", ctx.Source.LeadId));
        Field(e => e.Level, type: typeof(NonNullGraphType<EscalationLevelType>)).Description("The level of the step reached.");
        Field(e => e.Step).Description("The step reached: 0 when the escalation is raised, more as it climbs the chain.");
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

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
        Field<BooleanGraphType>("mine").Description("Only escalations whose current recipient is the caller.");
    }
}
