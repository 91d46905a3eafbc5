using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Identity.Authorization;

/// <summary>
/// The one place field access is decided: before execution, for every field the document selects,
/// from the field's declared scope and roles and the caller's token. A refused document runs nothing.
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
            var roles = field.RequiredRoles();
            var isRoot = roots.Contains(ctx.TypeInfo.GetParentType());
            if (!actor.IsAuthenticated)
            {
                if ((isRoot && !field.AllowsAnonymous()) || scope is not null || roles is not null)
                {
                    ctx.ReportError(new AuthorizationError(ctx.Document.Source, node, AuthorizationError.Unauthenticated,
                        $"`{field.Name}` needs an access token."));
                }

                return;
            }

            if (scope is not null && !actor.Scopes.Contains(scope))
            {
                ctx.ReportError(new AuthorizationError(ctx.Document.Source, node, AuthorizationError.Forbidden,
                    $"`{field.Name}` needs the `{scope}` scope."));
            }
            else if (roles is not null && actor.Kind == ActorKind.Member && (actor.Role is not { } role || !roles.Contains(role)))
            {
                ctx.ReportError(new AuthorizationError(ctx.Document.Source, node, AuthorizationError.Forbidden,
                    $"`{field.Name}` is not available to your role."));
            }
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
