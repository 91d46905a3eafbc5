using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Identity;

/// <summary>What enrolment hands out once: the secret for an authenticator app, as text and as the URI a QR code carries.</summary>
public sealed record TotpEnrolment(string Secret, string OtpauthUri);

/// <summary>
/// The optional second factor of admins: enrol (a new secret, proving the password), confirm with a first code (which
/// turns it on and hands out the recovery codes once), disable (password and a code). Sign-in then asks for a code
/// (<see cref="MemberCredential.AcceptSecondFactor"/>).
/// </summary>
public sealed class SecondFactorService(ISalesDbContextPool pool, IPasswordHasher<MemberCredential> hasher, TotpSecrets secrets, TimeProvider clock)
{
    public const string Issuer = "HeadlessSales";

    private DateTimeOffset Now => clock.GetUtcNow();

    public async Task<(TotpEnrolment? Enrolment, UserError? Error)> EnrollAsync(long tenantId, long memberId, string currentPassword, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        var credential = await db.MemberCredentials.FirstOrDefaultAsync(c => c.MemberId == memberId, cancellationToken);
        if (await WrongPasswordAsync(db, credential, currentPassword, cancellationToken) is { } wrong)
        {
            return (null, wrong);
        }

        if (credential!.RequiresSecondFactor)
        {
            return (null, new InvalidStateError("A second factor is on already; disable it before enrolling another authenticator."));
        }

        var email = await db.Members.Where(m => m.Id == memberId).Select(m => m.Email).FirstAsync(cancellationToken);
        var slug = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).FirstAsync(cancellationToken);
        var secret = Totp.NewSecret();
        credential.BeginTotpEnrolment(secrets.Protect(secret), Now.UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return (new TotpEnrolment(secret, Totp.OtpauthUri($"{Issuer} {slug}", email, secret)), null);
    }

    public async Task<(IReadOnlyList<string>? RecoveryCodes, UserError? Error)> ConfirmAsync(long tenantId, long memberId, string code, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        var credential = await db.MemberCredentials.FirstOrDefaultAsync(c => c.MemberId == memberId, cancellationToken);
        if (credential?.PendingTotpSecret is not { } pending)
        {
            return (null, new InvalidStateError("No enrolment is waiting for a code: start with enrollTotp."));
        }

        if (Totp.Verify(Base32.Decode(secrets.Reveal(pending)), code.Trim(), Now, lastUsedStep: null) is not { } step)
        {
            return (null, new ValidationError("input.code", "The code does not match the new secret; check the authenticator's clock."));
        }

        var codes = RecoveryCodes.New();
        credential.ConfirmTotp(step, codes.Select(RecoveryCodes.Hash), Now.UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return (codes, null);
    }

    public async Task<UserError?> DisableAsync(long tenantId, long memberId, string currentPassword, string code, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        var credential = await db.MemberCredentials.FirstOrDefaultAsync(c => c.MemberId == memberId, cancellationToken);
        if (await WrongPasswordAsync(db, credential, currentPassword, cancellationToken) is { } wrong)
        {
            return wrong;
        }

        if (!credential!.RequiresSecondFactor)
        {
            return new InvalidStateError("No second factor is on.");
        }

        if (!credential.AcceptSecondFactor(code, secrets, Now))
        {
            credential.RecordFailure(Now.UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return new ValidationError("input.code", "The code is wrong or was used already.");
        }

        credential.DisableTotp(Now.UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>The password check of the sensitive changes: a wrong one counts towards the lockout like a failed sign-in.</summary>
    private async Task<UserError?> WrongPasswordAsync(SalesDbContext db, MemberCredential? credential, string password, CancellationToken cancellationToken)
    {
        var now = Now.UtcDateTime;
        if (credential is not null && !credential.IsLocked(now)
            && hasher.VerifyHashedPassword(credential, credential.PasswordHash, password) != PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (credential?.RecordFailure(now) == true || credential is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ValidationError("input.currentPassword", "The current password is wrong.");
    }
}
