using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
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
    public EscalationType() : base("Escalation", "A missed SOP deadline, raised to one level of the escalation chain.")
    {
        Field<NonNullGraphType<IdGraphType>>("leadId").Resolve(ctx => GlobalId.Encode("Lead", ctx.Source.LeadId));
        Field<LeadType>("lead").Resolve(ctx => ctx.DataLoader<LeadByIdDataLoader>().LoadAsync(ctx.Source.LeadId));
        Field(e => e.Step).Description("0 for the first level of the chain.");
        Field(e => e.Level, type: typeof(NonNullGraphType<EscalationLevelType>));
        Field(e => e.Reason, type: typeof(NonNullGraphType<EscalationReasonType>));
        Field<MemberType>("target").Description("The person told; null for a role-wide level such as SALES_OPS.")
            .Resolve(ctx => ctx.Source.TargetMemberId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.Status, type: typeof(NonNullGraphType<EscalationStatusType>));
        Field(e => e.RaisedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(e => e.AcknowledgedAt, type: typeof(UtcDateTimeGraphType));
        Field(e => e.ResolvedAt, type: typeof(UtcDateTimeGraphType));
        Field(e => e.Note, nullable: true);
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
        Field(e => e.Level, type: typeof(NonNullGraphType<EscalationLevelType>));
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
        Field<BooleanGraphType>("mine").Description("Only escalations raised to the caller.");
    }
}
