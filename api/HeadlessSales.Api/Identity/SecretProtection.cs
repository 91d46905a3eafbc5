using Microsoft.AspNetCore.DataProtection;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// Secrets the server must read back (unlike passwords, which it only verifies), kept encrypted with ASP.NET Core Data
/// Protection under a purpose of their own, so a copy of the database alone reveals none of them. The keys live outside
/// the database (<c>Identity/DataProtection</c>, see <see cref="IdentityServiceCollectionExtensions"/>).
/// </summary>
public abstract class ProtectedSecrets(IDataProtectionProvider provider, string purpose)
{
    /// <summary>Marks a stored value as protected; a value without it was written before protection began, as it is.</summary>
    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector = provider.CreateProtector(purpose);

    public string Protect(string secret) => Prefix + _protector.Protect(secret);

    /// <summary>The secret a stored value holds: unprotected, or as it is when it predates protection.</summary>
    public string Reveal(string stored) => IsProtected(stored) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);
}

/// <summary>Members' TOTP secrets (confirmed and pending enrolments).</summary>
public sealed class TotpSecrets(IDataProtectionProvider provider) : ProtectedSecrets(provider, Purpose)
{
    public const string Purpose = "HeadlessSales.Identity.TotpSecret.v1";
}

/// <summary>The client secrets tenants give for their external OpenID Connect provider.</summary>
public sealed class ExternalSignInSecrets(IDataProtectionProvider provider) : ProtectedSecrets(provider, Purpose)
{
    public const string Purpose = "HeadlessSales.Identity.ExternalSignIn.ClientSecret.v1";
}
