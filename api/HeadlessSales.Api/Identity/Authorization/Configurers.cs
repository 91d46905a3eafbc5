using HeadlessSales.Api.Features.Organization;

namespace HeadlessSales.Api.Identity.Authorization;

/// <summary>The members who tune how the tenant works (routing, pipelines, catalogs, health and report settings).</summary>
public static class Configurers
{
    public static readonly MemberRole[] Roles = [MemberRole.Admin, MemberRole.SalesOps];
}
