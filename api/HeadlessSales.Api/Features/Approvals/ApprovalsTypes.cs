using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;

namespace HeadlessSales.Api.Features.Approvals;

public sealed class ApproverRoleType : EnumerationGraphType<ApproverRole>
{
    public ApproverRoleType()
    {
        Name = "ApproverRole";
        Description = "Who decides a step: TEAM_LEAD and REGION_MANAGER are found from the subject owner's team and region; any SALES_OPS or ADMIN member decides a role-wide step.";
    }
}

public sealed class ApprovalStatusType : EnumerationGraphType<ApprovalStatus>
{
    public ApprovalStatusType() => Name = "ApprovalStatus";
}

public sealed class ApprovalOutcomeType : EnumerationGraphType<ApprovalOutcome>
{
    public ApprovalOutcomeType() => Name = "ApprovalOutcome";
}

public sealed class ApprovalPolicyType : NodeType<ApprovalPolicy>
{
    public ApprovalPolicyType() : base("ApprovalPolicy", "A named approval chain: ordered steps, each decided by a role.")
    {
        Field(p => p.Code).Description("Unique within the tenant; stage gates name policies by it.");
        Field(p => p.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApproverRoleType>>>>("steps").Resolve(ctx => ctx.Source.Steps);
        Field(p => p.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class ApprovalRequestType : NodeType<ApprovalRequest>
{
    public ApprovalRequestType() : base("ApprovalRequest", "A request for approval of a subject under a policy, decided step by step.")
    {
        Field<NonNullGraphType<ApprovalPolicyType>>("policy")
            .Resolve(ctx => ctx.DataLoader<ApprovalPolicyByIdDataLoader>().LoadAsync(ctx.Source.PolicyId));
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description("Global id of what is being approved, e.g. an Opportunity.")
            .Resolve(ctx => GlobalId.Encode(ctx.Source.SubjectType, ctx.Source.SubjectId));
        Field<NodeInterface>("subject")
            .Description("What is being approved; null when the caller cannot see it.")
            .Resolve(ctx => ctx.RequestServices!.GetServices<INodeLoader>().FirstOrDefault(l => l.TypeName == ctx.Source.SubjectType)?.Load(ctx.RequestServices!, ctx.Source.SubjectId));
        Field(r => r.Status, type: typeof(NonNullGraphType<ApprovalStatusType>));
        Field(r => r.CurrentStep).Description("0 for the first step; the number of steps once approved.");
        Field(r => r.CurrentApproverRole, type: typeof(ApproverRoleType)).Description("Who decides the pending step; null once finished.");
        Field<MemberType>("currentApprover")
            .Description("The person who decides the pending step; null for a role-wide step or once finished.")
            .Resolve(ctx => ctx.Source.CurrentApproverId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<MemberType>("requestedBy")
            .Resolve(ctx => ctx.Source.RequestedById is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(r => r.Comment, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApprovalDecisionType>>>>("decisions")
            .Description("The decisions so far, by step.")
            .Resolve(ctx => new DeferredResult<List<ApprovalDecision>>(async cancellationToken =>
                await ctx.DataLoader<ApprovalDecisionsByRequestIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field(r => r.RequestedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(r => r.CompletedAt, type: typeof(UtcDateTimeGraphType));
    }
}

public sealed class ApprovalDecisionType : ObjectGraphType<ApprovalDecision>
{
    public ApprovalDecisionType()
    {
        Name = "ApprovalDecision";
        Field(d => d.Step);
        Field(d => d.Role, type: typeof(NonNullGraphType<ApproverRoleType>));
        Field<NonNullGraphType<MemberType>>("decider")
            .Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.DeciderId));
        Field(d => d.Outcome, type: typeof(NonNullGraphType<ApprovalOutcomeType>));
        Field(d => d.Comment, nullable: true);
        Field(d => d.DecidedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class ApprovalRequestedEventType : ObjectGraphType<ApprovalRequested>
{
    public ApprovalRequestedEventType()
    {
        Name = "ApprovalRequestedEvent";
        Description = "A step of an approval request awaits the subscriber's decision.";
        Field<NonNullGraphType<IdGraphType>>("requestId").Resolve(ctx => GlobalId.Encode("ApprovalRequest", ctx.Source.RequestId));
        Field<ApprovalRequestType>("request")
            .Description("Loaded when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<ApprovalRequestByIdDataLoader>().LoadAsync(ctx.Source.RequestId));
        Field(e => e.Step);
        Field(e => e.Role, type: typeof(NonNullGraphType<ApproverRoleType>));
        Field<NonNullGraphType<IdGraphType>>("subjectId").Resolve(ctx => GlobalId.Encode(ctx.Source.SubjectType, ctx.Source.SubjectId));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class SelfApprovalErrorType : UserErrorType<SelfApprovalError>
{
    public SelfApprovalErrorType() : base("SelfApprovalError", "Nobody approves their own request.")
    {
    }
}

public sealed class NotTheApproverErrorType : UserErrorType<NotTheApproverError>
{
    public NotTheApproverErrorType() : base("NotTheApproverError", "The caller does not decide the request's current step.")
    {
        Field(e => e.Role, type: typeof(NonNullGraphType<ApproverRoleType>)).Description("Who decides the current step.");
    }
}

public sealed class ApprovalAlreadyDecidedErrorType : UserErrorType<ApprovalAlreadyDecidedError>
{
    public ApprovalAlreadyDecidedErrorType() : base("ApprovalAlreadyDecidedError", "The request is finished; it takes no more decisions.")
    {
        Field(e => e.Status, type: typeof(NonNullGraphType<ApprovalStatusType>));
    }
}
