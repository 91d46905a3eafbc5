using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Identity.ExternalSignIn;

/// <summary>
/// A tenant's own OpenID Connect provider (the enterprise's directory), through which its members may sign in instead
/// of with a password. One per tenant. The client secret is kept protected by Data Protection, never returned.
/// </summary>
public sealed class ExternalSignInProvider : ITenantOwned
{
    public const int MaxScopes = 10;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>What the login page offers: "sign in with <c>DisplayName</c>".</summary>
    public required string DisplayName { get; set; }

    /// <summary>The provider's issuer (absolute URI); its discovery document is read from <c>.well-known/openid-configuration</c> under it.</summary>
    public required string Issuer { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The client secret as <see cref="ExternalSignInSecrets"/> protected it.</summary>
    public required string ProtectedClientSecret { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// <summary>The claim of the provider's identity whose value must equal an active member's e-mail.</summary>
    public string MemberClaim { get; set; } = DefaultMemberClaim;

    public const string DefaultMemberClaim = "email";

    /// <summary>Goes up with every change, so a sign-in begun under the old settings cannot finish under the new ones.</summary>
    public int Revision { get; private set; } = 1;

    public DateTime UpdatedAt { get; set; }

    /// <summary>The OpenIddict client registration this provider is known by: tenant and revision.</summary>
    public string RegistrationId => RegistrationIdOf(TenantId, Revision);

    public static string RegistrationIdOf(long tenantId, int revision) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"tenant-{tenantId}-r{revision}");

    /// <returns>The tenant and revision of a registration id made by <see cref="RegistrationIdOf"/>, or null.</returns>
    public static (long TenantId, int Revision)? ParseRegistrationId(string? registrationId)
    {
        var parts = registrationId?.Split('-');
        return parts is ["tenant", var tenant, ['r', .. var revision]]
            && long.TryParse(tenant, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var tenantId)
            && int.TryParse(revision, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? (tenantId, number)
            : null;
    }

    public void Reconfigure(string displayName, string issuer, string clientId, string? protectedClientSecret, IReadOnlyList<string> scopes, string memberClaim, DateTime now)
    {
        DisplayName = displayName;
        Issuer = issuer;
        ClientId = clientId;
        ProtectedClientSecret = protectedClientSecret ?? ProtectedClientSecret;
        Scopes = [.. scopes];
        MemberClaim = memberClaim;
        Revision++;
        UpdatedAt = now;
    }
}

/// <summary>The tenant's sign-in rules that are not a member's own: for now, whether its admins must have a second factor.</summary>
public sealed class TenantSignInPolicy : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>When on, an admin without TOTP is made to enrol one at the login page before getting in.</summary>
    public bool RequireAdminSecondFactor { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public static class ExternalSignInDbSets
{
    extension(SalesDbContext db)
    {
        public DbSet<ExternalSignInProvider> ExternalSignInProviders => db.Set<ExternalSignInProvider>();
        public DbSet<TenantSignInPolicy> TenantSignInPolicies => db.Set<TenantSignInPolicy>();
    }
}

internal sealed class ExternalSignInProviderConfiguration : IEntityTypeConfiguration<ExternalSignInProvider>
{
    public void Configure(EntityTypeBuilder<ExternalSignInProvider> builder)
    {
        builder.ToTable("ExternalSignInProviders");
        builder.HasIndex(p => p.TenantId).IsUnique();
        builder.Property(p => p.DisplayName).HasMaxLength(100);
        builder.Property(p => p.Issuer).HasMaxLength(400);
        builder.Property(p => p.ClientId).HasMaxLength(200);
        builder.Property(p => p.ProtectedClientSecret).HasMaxLength(2000);
        builder.PrimitiveCollection(p => p.Scopes).HasMaxLength(1000);
        builder.Property(p => p.MemberClaim).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TenantSignInPolicyConfiguration : IEntityTypeConfiguration<TenantSignInPolicy>
{
    public void Configure(EntityTypeBuilder<TenantSignInPolicy> builder)
    {
        builder.ToTable("TenantSignInPolicies");
        builder.HasIndex(p => p.TenantId).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
