using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api.Identity.Authorization;

/// <summary>
/// Who may select a field, declared where the field is declared and enforced for every document by
/// <see cref="AuthorizationRule"/>. Every field of a root type needs an authenticated caller unless it
/// is marked <see cref="AllowAnonymous{TSource,TReturn}"/>.
/// </summary>
public static class FieldAuthorization
{
    internal const string ScopeKey = "headlesssales.scope";
    internal const string RolesKey = "headlesssales.roles";
    internal const string AnonymousKey = "headlesssales.anonymous";

    /// <summary>The caller's token must carry <paramref name="scope"/>; a member must also hold one of <paramref name="roles"/>, when given.</summary>
    public static FieldBuilder<TSource, TReturn> Authorize<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string scope, params MemberRole[] roles)
    {
        field.FieldType.WithMetadata(ScopeKey, scope);
        if (roles.Length > 0)
        {
            field.FieldType.WithMetadata(RolesKey, roles);
        }

        return field;
    }

    /// <summary>
    /// Only integration clients whose token carries <paramref name="scope"/>; no member of any role, e.g. a
    /// callback that only a provider's integration (a signing service) may make.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> AuthorizeIntegrationsOnly<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string scope)
    {
        field.FieldType.WithMetadata(ScopeKey, scope);
        field.FieldType.WithMetadata(RolesKey, Array.Empty<MemberRole>());
        return field;
    }

    /// <summary>
    /// For types reachable through <c>node(id:)</c> by any reader: every field but <c>id</c> needs the scope and roles, and
    /// the type records them, so that its objects are not found at all by a caller without them (<see cref="MayRead"/>).
    /// </summary>
    public static void AuthorizeEveryField(this IComplexGraphType type, string scope, params MemberRole[] roles)
    {
        type.WithMetadata(ScopeKey, scope);
        if (roles.Length > 0)
        {
            type.WithMetadata(RolesKey, roles);
        }

        foreach (var field in type.Fields.Where(f => f.Name != "id"))
        {
            field.WithMetadata(ScopeKey, scope);
            if (roles.Length > 0)
            {
                field.WithMetadata(RolesKey, roles);
            }
        }
    }

    public static FieldBuilder<TSource, TReturn> AllowAnonymous<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        field.FieldType.WithMetadata(AnonymousKey, true);
        return field;
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may read objects of <paramref name="type"/> at all. An object of a type they may
    /// not read answers as one that does not exist: its id must not tell that it does.
    /// </summary>
    public static bool MayRead(this IGraphType type, Actor actor) =>
        Permits(actor, type.GetMetadata<string?>(ScopeKey), type.GetMetadata<MemberRole[]?>(RolesKey));

    /// <summary>Whether a declared scope and role list admit <paramref name="actor"/>, decided as <see cref="AuthorizationRule"/> decides it for a field.</summary>
    internal static bool Permits(Actor actor, string? scope, MemberRole[]? roles) =>
        RefusalOf(actor, scope, roles, needsToken: false) == AccessRefusal.None;

    /// <summary>
    /// The one decision of field access: why a declared scope and role list refuse <paramref name="actor"/>, if they do.
    /// <paramref name="needsToken"/> asks for a token even where nothing is declared (root fields not marked anonymous).
    /// </summary>
    internal static AccessRefusal RefusalOf(Actor actor, string? scope, MemberRole[]? roles, bool needsToken)
    {
        if (!actor.IsAuthenticated)
        {
            return needsToken || scope is not null || roles is not null ? AccessRefusal.Unauthenticated : AccessRefusal.None;
        }

        if (scope is not null && !actor.Scopes.Contains(scope))
        {
            return AccessRefusal.MissingScope;
        }

        return roles is not null && actor.Kind == ActorKind.Member && (actor.Role is not { } role || !roles.Contains(role))
            ? AccessRefusal.RoleNotAllowed
            : AccessRefusal.None;
    }

    internal static string? RequiredScope(this FieldType field) => field.GetMetadata<string?>(ScopeKey);

    internal static MemberRole[]? RequiredRoles(this FieldType field) => field.GetMetadata<MemberRole[]?>(RolesKey);

    internal static bool AllowsAnonymous(this FieldType field) => field.GetMetadata(AnonymousKey, false);
}

internal enum AccessRefusal
{
    None,
    Unauthenticated,
    MissingScope,
    RoleNotAllowed,
}
