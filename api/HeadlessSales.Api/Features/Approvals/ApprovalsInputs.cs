using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Approvals;

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

public sealed class CreateApprovalPolicyErrorType() : MutationErrorUnion("createApprovalPolicy", typeof(ValidationErrorType), typeof(DuplicateErrorType));

public sealed class RequestApprovalErrorType() : MutationErrorUnion("requestApproval", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfApprovalErrorType));

public sealed class ApproveRequestErrorType() : MutationErrorUnion("approveRequest", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfApprovalErrorType), typeof(NotTheApproverErrorType), typeof(ApprovalAlreadyDecidedErrorType));

public sealed class RejectRequestErrorType() : MutationErrorUnion("rejectRequest", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfApprovalErrorType), typeof(NotTheApproverErrorType), typeof(ApprovalAlreadyDecidedErrorType));

public sealed class CreateApprovalPolicyPayloadType() : PayloadType<ApprovalPolicyType, ApprovalPolicy, CreateApprovalPolicyErrorType>("createApprovalPolicy", "policy");

public sealed class RequestApprovalPayloadType() : PayloadType<ApprovalRequestType, ApprovalRequest, RequestApprovalErrorType>("requestApproval", "request");

public sealed class ApproveRequestPayloadType() : PayloadType<ApprovalRequestType, ApprovalRequest, ApproveRequestErrorType>("approveRequest", "request");

public sealed class RejectRequestPayloadType() : PayloadType<ApprovalRequestType, ApprovalRequest, RejectRequestErrorType>("rejectRequest", "request");
