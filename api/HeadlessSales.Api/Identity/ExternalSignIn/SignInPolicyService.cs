using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Identity.ExternalSignIn;

/// <summary>A tenant's sign-in policy; a tenant that never set one has the defaults (no requirement).</summary>
public sealed class SignInPolicyService(ISalesDbContextPool pool, TimeProvider clock)
{
    public async Task<TenantSignInPolicy> GetAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        return await db.TenantSignInPolicies.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new TenantSignInPolicy { TenantId = tenantId };
    }

    public async Task<TenantSignInPolicy> UpdateAsync(long tenantId, bool? requireAdminSecondFactor, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        var policy = await db.TenantSignInPolicies.FirstOrDefaultAsync(cancellationToken);
        if (policy is null)
        {
            policy = db.TenantSignInPolicies.Add(new TenantSignInPolicy { TenantId = tenantId }).Entity;
        }

        policy.RequireAdminSecondFactor = requireAdminSecondFactor ?? policy.RequireAdminSecondFactor;
        policy.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return policy;
    }
}
