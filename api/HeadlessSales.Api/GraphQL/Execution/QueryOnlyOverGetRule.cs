using GraphQL.Validation;
using GraphQLParser.AST;

namespace HeadlessSales.Api.GraphQL.Execution;

/// <summary>GET must be safe: a mutation or subscription requested over GET is refused, and the transport answers 405.</summary>
public sealed class QueryOnlyOverGetRule : ValidationRuleBase
{
    public static readonly QueryOnlyOverGetRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation != OperationType.Query)
        {
            context.ReportError(new MethodNotAllowedError(context.Document.Source, context.Operation));
        }

        return default;
    }
}

public sealed class MethodNotAllowedError : ValidationError
{
    public const string ErrorCode = "METHOD_NOT_ALLOWED";

    public MethodNotAllowedError(GraphQLParser.ROM source, GraphQLOperationDefinition operation)
        : base(source, null, $"Only query operations may be sent with GET; send {operation.Operation.ToString().ToLowerInvariant()} operations with POST.", operation)
    {
        Code = ErrorCode;
    }
}
