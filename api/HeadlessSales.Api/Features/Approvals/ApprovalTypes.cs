using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Approvals;

public static class ApprovalPolicyRules
{
    public const int MaxSteps = 10;
}

/// <summary>
/// Who sees an approval request: whoever sees its subject's owner's records, the requester, and the
/// approvers (current, or who decided a step).
/// </summary>
public static class ApprovalVisibility
{
    public static IQueryable<ApprovalRequest> Visible(SalesDbContext db, Actor actor)
    {
        if (db.SeesWholeTenant)
        {
            return db.ApprovalRequests;
        }

        var owners = db.VisibleOwnerIds;
        var me = actor.MemberId;
        return db.ApprovalRequests.Where(r => owners.Contains(r.SubjectOwnerId)
            || (me != null && (r.RequestedById == me || r.CurrentApproverId == me || db.Set<ApprovalDecision>().Any(d => d.RequestId == r.Id && d.DeciderId == me))));
    }

    /// <summary>Whether a member is asked to decide the step of <paramref name="requested"/>.</summary>
    public static bool IsApprover(Actor actor, ApprovalRequested requested) =>
        actor.TenantId == requested.TenantId && actor.MemberId is { } me && me != requested.RequestedById
        && (requested.ApproverId is { } approver
            ? approver == me
            : actor.Role == (requested.Role == ApproverRole.SalesOps ? MemberRole.SalesOps : MemberRole.Admin));
}

public sealed class ApprovalRequestByIdDataLoader(SalesDbContextFactory databases, CurrentActor actor) : BatchDataLoader<long, ApprovalRequest>
{
    protected override async Task<IReadOnlyDictionary<long, ApprovalRequest>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await ApprovalVisibility.Visible(db, actor.Actor).AsNoTracking().Where(r => keys.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
    }
}

public sealed class ApprovalPolicyByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<ApprovalPolicy>(databases);

public sealed class ApprovalDecisionsByRequestIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<ApprovalDecision>>
{
    protected override async Task<IReadOnlyDictionary<long, List<ApprovalDecision>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var decisions = await db.ApprovalDecisions.AsNoTracking().Where(d => keys.Contains(d.RequestId)).OrderBy(d => d.Step).ToListAsync(cancellationToken);
        return decisions.GroupBy(d => d.RequestId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

/// <summary>The approval requests of many subjects of one type, newest first; the key is the subject id.</summary>
public abstract class ApprovalRequestsBySubjectIdDataLoader(SalesDbContextFactory databases, CurrentActor actor, string subjectType) : BatchDataLoader<long, List<ApprovalRequest>>
{
    protected override async Task<IReadOnlyDictionary<long, List<ApprovalRequest>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var requests = await ApprovalVisibility.Visible(db, actor.Actor).AsNoTracking()
            .Where(r => r.SubjectType == subjectType && keys.Contains(r.SubjectId)).OrderByDescending(r => r.Id).ToListAsync(cancellationToken);
        return requests.GroupBy(r => r.SubjectId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

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

public sealed class ApprovalRequestFilterType : InputObjectGraphType
{
    public ApprovalRequestFilterType()
    {
        Name = "ApprovalRequestFilter";
        Field<ListGraphType<NonNullGraphType<ApprovalStatusType>>>("statuses");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("subjectIds");
        Field<BooleanGraphType>("awaitingMe").Description("Only pending requests whose current step the caller decides.");
    }
}

public sealed class CreateApprovalPolicyInputType : InputObjectGraphType
{
    public CreateApprovalPolicyInputType()
    {
        Name = "CreateApprovalPolicyInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Upper-case letters, digits and _; unique within the tenant.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApproverRoleType>>>>("steps").Description($"In order; 1 to {ApprovalPolicyRules.MaxSteps}.");
    }
}

public sealed class RequestApprovalInputType : InputObjectGraphType
{
    public RequestApprovalInputType()
    {
        Name = "RequestApprovalInput";
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description("What to approve, e.g. an Opportunity id.");
        Field<NonNullGraphType<StringGraphType>>("policyCode");
        Field<StringGraphType>("comment").Description($"At most {ApprovalService.CommentMaxLength} characters.");
    }
}

public sealed class DecideApprovalInputType : InputObjectGraphType
{
    public DecideApprovalInputType()
    {
        Name = "DecideApprovalInput";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The approval request.");
        Field<StringGraphType>("comment").Description($"Required to reject; at most {ApprovalService.CommentMaxLength} characters.");
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

public sealed class CreateApprovalPolicyErrorType() : MutationErrorUnion("createApprovalPolicy", typeof(ValidationErrorType), typeof(DuplicateErrorType));

public sealed class RequestApprovalErrorType() : MutationErrorUnion("requestApproval", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfApprovalErrorType));

public sealed class ApproveRequestErrorType() : MutationErrorUnion("approveRequest", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfApprovalErrorType), typeof(NotTheApproverErrorType), typeof(ApprovalAlreadyDecidedErrorType));

public sealed class RejectRequestErrorType() : MutationErrorUnion("rejectRequest", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfApprovalErrorType), typeof(NotTheApproverErrorType), typeof(ApprovalAlreadyDecidedErrorType));

public sealed class CreateApprovalPolicyPayloadType() : PayloadType<ApprovalPolicyType, ApprovalPolicy, CreateApprovalPolicyErrorType>("createApprovalPolicy", "policy");

public sealed class RequestApprovalPayloadType() : PayloadType<ApprovalRequestType, ApprovalRequest, RequestApprovalErrorType>("requestApproval", "request");

public sealed class ApproveRequestPayloadType() : PayloadType<ApprovalRequestType, ApprovalRequest, ApproveRequestErrorType>("approveRequest", "request");

public sealed class RejectRequestPayloadType() : PayloadType<ApprovalRequestType, ApprovalRequest, RejectRequestErrorType>("rejectRequest", "request");
