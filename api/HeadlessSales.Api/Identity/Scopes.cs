using HeadlessSales.Api.Features.Organization;

namespace HeadlessSales.Api.Identity;

/// <summary>What a token may be used for. Members get the scopes they ask for that their role allows.</summary>
public static class Scopes
{
    public const string SalesRead = "sales:read";
    public const string SalesWrite = "sales:write";
    public const string OrgAdmin = "org:admin";
    public const string AuditRead = "audit:read";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [SalesRead] = "Read the organisation, customers and sales data the caller may see.",
        [SalesWrite] = "Create and change customers and sales data the caller may see.",
        [OrgAdmin] = "Administer the tenant: its structure and integration clients (admins), its sales-process settings (admins and sales ops).",
        [AuditRead] = "Read the audit log.",
    };

    public static IReadOnlyList<string> All { get; } = [.. Descriptions.Keys];

    /// <summary>
    /// The platform operator's only scope: create, suspend and list tenants. Not in <see cref="All"/>: no member and no
    /// integration client of a tenant can be granted it, and an operator's token carries nothing else.
    /// </summary>
    public const string PlatformOperator = "platform:operator";

    /// <summary>
    /// The scopes a member of <paramref name="role"/> may be granted. Sales ops hold <see cref="OrgAdmin"/> for the
    /// process settings they tune; the fields that change the org tree or integration clients also require the admin role.
    /// </summary>
    public static IReadOnlySet<string> AllowedFor(MemberRole role) => role switch
    {
        MemberRole.Admin => new HashSet<string> { SalesRead, SalesWrite, OrgAdmin, AuditRead },
        MemberRole.SalesOps => new HashSet<string> { SalesRead, SalesWrite, OrgAdmin, AuditRead },
        MemberRole.Reviewer => new HashSet<string> { SalesRead },
        _ => new HashSet<string> { SalesRead, SalesWrite },
    };
}

/// <summary>The claim types of our tokens, beside the standard <c>sub</c>, <c>name</c>, <c>role</c> and <c>scope</c>.</summary>
public static class HeadlessSalesClaims
{
    public const string Tenant = "tenant";
    public const string MemberId = "member_id";
    // Not "client_id": OpenIddict puts the presenting client there, which for a front-end is not an integration.
    public const string ClientId = "integration_client";
    public const string PlatformOperator = "platform_operator";
}
