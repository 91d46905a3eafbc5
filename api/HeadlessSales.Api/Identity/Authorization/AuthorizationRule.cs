using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Identity.Authorization;

/// <summary>
/// Where field access is enforced: before execution, for every field the document selects,
/// from the field's declared scope and roles and the caller's token, as <see cref="FieldAuthorization.RefusalOf"/> decides. A refused document runs nothing.
/// </summary>
public sealed class AuthorizationRule : ValidationRuleBase
{
    public static readonly AuthorizationRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var actor = context.RequestServices?.GetService<CurrentActor>()?.Actor ?? Actor.Anonymous;
        var roots = new HashSet<IGraphType?>([context.Schema.Query, context.Schema.Mutation, context.Schema.Subscription]);
        return new(new MatchingNodeVisitor<GraphQLField>((node, ctx) =>
        {
            var field = ctx.TypeInfo.GetFieldDef();
            if (field is null || field.Name.StartsWith("__", StringComparison.Ordinal))
            {
                return;
            }

            var scope = field.RequiredScope();
            var isRoot = roots.Contains(ctx.TypeInfo.GetParentType());
            var refusal = FieldAuthorization.RefusalOf(actor, scope, field.RequiredRoles(), needsToken: isRoot && !field.AllowsAnonymous());
            if (refusal == AccessRefusal.None)
            {
                return;
            }

            var (code, message) = refusal switch
            {
                AccessRefusal.Unauthenticated => (AuthorizationError.Unauthenticated, $"`{field.Name}` needs an access token."),
                AccessRefusal.MissingScope => (AuthorizationError.Forbidden, $"`{field.Name}` needs the `{scope}` scope."),
                _ => (AuthorizationError.Forbidden, $"`{field.Name}` is not available to your role."),
            };
            ctx.ReportError(new AuthorizationError(ctx.Document.Source, node, code, message));
        }));
    }
}

public sealed class AuthorizationError : ValidationError
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";

    public AuthorizationError(GraphQLParser.ROM source, ASTNode node, string code, string message)
        : base(source, null, message, node)
    {
        Code = code;
    }
}
