using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// An integration (an ISV product, a script) that gets tokens with the client-credentials grant and acts
/// for one tenant. The OAuth application with the hashed secret is kept by OpenIddict under <see cref="ClientId"/>.
/// </summary>
public sealed class IntegrationClient : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string ClientId { get; init; }

    public required string Name { get; set; }

    public List<string> Scopes { get; set; } = [];

    public DateTime CreatedAt { get; init; }

    public DateTime? SecretRotatedAt { get; set; }

    /// <summary>Once set, the client gets no tokens and its tokens stop working.</summary>
    public DateTime? RevokedAt { get; set; }
}

/// <summary>A member's password for the login page of the authorization-code flow.</summary>
public sealed class MemberCredential : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    public required string PasswordHash { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Wrong passwords in a row since the last sign-in; at <see cref="LockoutThreshold"/> the account locks.</summary>
    public int FailedSignIns { get; private set; }

    public DateTime? LockedUntil { get; private set; }

    public const int LockoutThreshold = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public bool IsLocked(DateTime now) => LockedUntil is { } until && until > now;

    /// <returns>True when this failure locked the account.</returns>
    public bool RecordFailure(DateTime now)
    {
        FailedSignIns++;
        if (FailedSignIns < LockoutThreshold)
        {
            return false;
        }

        FailedSignIns = 0;
        LockedUntil = now + LockoutDuration;
        return true;
    }

    public void RecordSuccess() => FailedSignIns = 0;

    public void SetPassword(string passwordHash, DateTime now)
    {
        PasswordHash = passwordHash;
        UpdatedAt = now;
        FailedSignIns = 0;
        LockedUntil = null;
    }

    /// <summary>
    /// The confirmed TOTP secret (Base32), protected by <see cref="TotpSecrets"/> (one written before protection began is
    /// read as it is and protected at its next use); while set, signing in needs a code as well as the password.
    /// </summary>
    public string? TotpSecret { get; private set; }

    /// <summary>A secret handed out by enrolment and not confirmed with a code yet, protected like <see cref="TotpSecret"/>; signing in does not need it.</summary>
    public string? PendingTotpSecret { get; private set; }

    public DateTime? TotpEnabledAt { get; private set; }

    /// <summary>The time step of the last code accepted: that code and every earlier one are refused from then on.</summary>
    public long? TotpLastStep { get; private set; }

    /// <summary>SHA-256 hashes (hex) of the unused recovery codes; each works once, in place of a code.</summary>
    public List<string> RecoveryCodeHashes { get; private set; } = [];

    public bool RequiresSecondFactor => TotpSecret is not null;

    public void BeginTotpEnrolment(string protectedSecret, DateTime now)
    {
        PendingTotpSecret = protectedSecret;
        UpdatedAt = now;
    }

    /// <summary>The pending secret becomes the member's, with the step of the code that confirmed it used up.</summary>
    public void ConfirmTotp(long step, IEnumerable<string> recoveryCodeHashes, DateTime now)
    {
        TotpSecret = PendingTotpSecret;
        PendingTotpSecret = null;
        TotpEnabledAt = now;
        TotpLastStep = step;
        RecoveryCodeHashes = [.. recoveryCodeHashes];
        UpdatedAt = now;
    }

    public void DisableTotp(DateTime now)
    {
        TotpSecret = null;
        PendingTotpSecret = null;
        TotpEnabledAt = null;
        TotpLastStep = null;
        RecoveryCodeHashes = [];
        UpdatedAt = now;
    }

    /// <summary>
    /// Takes a second factor: a code of the confirmed secret newer than the last one used, or an unused recovery code, which is
    /// then spent. False for anything else, and always false without a confirmed secret.
    /// </summary>
    public bool AcceptSecondFactor(string? code, ProtectedSecrets secrets, DateTimeOffset now)
    {
        if (TotpSecret is null || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var secret = secrets.Reveal(TotpSecret);
        if (Totp.Verify(Base32.Decode(secret), code.Trim(), now, TotpLastStep) is { } step)
        {
            TotpLastStep = step;
            if (!ProtectedSecrets.IsProtected(TotpSecret))
            {
                // A secret stored before protection began is protected at its first use since.
                TotpSecret = secrets.Protect(secret);
            }

            return true;
        }

        var hash = RecoveryCodes.Hash(code);
        if (RecoveryCodeHashes.Contains(hash))
        {
            RecoveryCodeHashes = [.. RecoveryCodeHashes.Where(h => h != hash)];
            return true;
        }

        return false;
    }
}

/// <summary>Single-use codes for a member who lost their authenticator: random, shown once, stored as hashes.</summary>
public static class RecoveryCodes
{
    public const int Count = 8;

    public static List<string> New() =>
        [.. Enumerable.Range(0, Count).Select(_ => Base32.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)).ToLowerInvariant().Insert(5, "-"))];

    /// <summary>48 random bits per code, so a plain SHA-256 is enough; case, spaces and the dash do not matter.</summary>
    public static string Hash(string code) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code.Trim().Replace("-", string.Empty).Replace(" ", string.Empty).ToLowerInvariant())));
}

public enum PasswordTokenPurpose
{
    /// <summary>A new member sets their first password.</summary>
    Invitation,

    /// <summary>A member who forgot theirs sets a new one.</summary>
    PasswordReset,
}

/// <summary>
/// A single-use, expiring link that lets a member set a password: an invitation or a reset. Only the SHA-256 of the
/// token is kept, so a copy of the database lets nobody in.
/// </summary>
public sealed class PasswordToken : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    public PasswordTokenPurpose Purpose { get; init; }

    public required string TokenHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? UsedAt { get; private set; }

    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    public bool IsUsable(DateTime now) => UsedAt is null && ExpiresAt > now;

    public void Use(DateTime now) => UsedAt = now;

    /// <summary>A new token (handed out once, in the link) and its stored hash.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, HashOf(token));
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}

/// <summary>
/// A platform operator's client: it gets tokens with the client-credentials grant that carry only the
/// <see cref="Scopes.PlatformOperator"/> scope and no tenant, so it manages tenants and reads none of their data.
/// </summary>
public sealed class PlatformOperator : IEntity
{
    public long Id { get; private set; }

    public required string ClientId { get; init; }

    public required string Name { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? RevokedAt { get; set; }
}

internal sealed class IntegrationClientConfiguration : IEntityTypeConfiguration<IntegrationClient>
{
    public void Configure(EntityTypeBuilder<IntegrationClient> builder)
    {
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.HasIndex(c => new { c.TenantId, c.Name });
        builder.Property(c => c.ClientId).HasMaxLength(100);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.PrimitiveCollection(c => c.Scopes).HasMaxLength(400);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MemberCredentialConfiguration : IEntityTypeConfiguration<MemberCredential>
{
    public void Configure(EntityTypeBuilder<MemberCredential> builder)
    {
        builder.HasIndex(c => c.MemberId).IsUnique();
        builder.Property(c => c.PasswordHash).HasMaxLength(200);
        // Room for the Data Protection payload of a Base32 secret.
        builder.Property(c => c.TotpSecret).HasMaxLength(400);
        builder.Property(c => c.PendingTotpSecret).HasMaxLength(400);
        builder.PrimitiveCollection(c => c.RecoveryCodeHashes).HasMaxLength(1000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PasswordTokenConfiguration : IEntityTypeConfiguration<PasswordToken>
{
    public void Configure(EntityTypeBuilder<PasswordToken> builder)
    {
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => new { t.TenantId, t.MemberId });
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlatformOperatorConfiguration : IEntityTypeConfiguration<PlatformOperator>
{
    public void Configure(EntityTypeBuilder<PlatformOperator> builder)
    {
        builder.HasIndex(o => o.ClientId).IsUnique();
        builder.Property(o => o.ClientId).HasMaxLength(100);
        builder.Property(o => o.Name).HasMaxLength(100);
    }
}
