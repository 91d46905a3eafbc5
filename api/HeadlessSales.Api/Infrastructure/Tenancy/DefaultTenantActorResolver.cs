using System.Security.Claims;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.Tenancy;

public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>The tenant anonymous requests act for until token-based identity is configured.</summary>
    public string DefaultTenantSlug { get; set; } = "demo";
}

/// <summary>
/// Single-tenant mode: every caller acts for the configured tenant. Token-based identity replaces this
/// resolver; nothing else in the API depends on which resolver is registered.
/// </summary>
public sealed class DefaultTenantActorResolver(ISalesDbContextPool pool, TenancyOptions options) : IActorResolver
{
    private long _tenantId;

    public async ValueTask<ResolvedActor?> ResolveAsync(ActorCredentials credentials, CancellationToken cancellationToken)
    {
        if (_tenantId == 0)
        {
            await using var db = pool.RentAcrossTenants();
            _tenantId = await db.Tenants.Where(t => t.Slug == options.DefaultTenantSlug).Select(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        }

        // An unknown tenant resolves to id 0, which owns no rows: the caller sees an empty API, not an error.
        return new ResolvedActor(_tenantId, credentials.Principal ?? new ClaimsPrincipal(new ClaimsIdentity()));
    }
}
