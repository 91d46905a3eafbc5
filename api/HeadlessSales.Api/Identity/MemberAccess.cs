using System.Collections.Concurrent;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace HeadlessSales.Api.Identity;

/// <summary>What a password must be: long enough to resist guessing, not the e-mail it signs in with.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    /// <returns>Why the password is refused, or null when it passes.</returns>
    public static string? Check(string password, string email)
    {
        if (password.Length < MinLength || password.Length > MaxLength)
        {
            return $"A password has {MinLength} to {MaxLength} characters.";
        }

        if (!password.Any(char.IsLetter) || password.All(char.IsLetter))
        {
            return "A password mixes letters with digits or symbols.";
        }

        if (password.Distinct().Count() < 6)
        {
            return "A password needs at least 6 different characters.";
        }

        var localPart = email.Split('@')[0];
        return localPart.Length >= 3 && password.Contains(localPart, StringComparison.OrdinalIgnoreCase)
            ? "A password must not contain the e-mail address it signs in with."
            : null;
    }
}

public sealed record EmailMessage(string To, string Subject, string Body, string? Link);

/// <summary>Sends the messages of sign-in (invitations, password resets). Replace the registration to send real mail.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>The last messages "sent" by <see cref="LoggingEmailSender"/>, for development and tests.</summary>
public sealed class EmailOutbox
{
    private const int Capacity = 200;
    private readonly ConcurrentQueue<EmailMessage> _messages = new();

    public IReadOnlyList<EmailMessage> Messages => [.. _messages];

    public void Add(EmailMessage message)
    {
        _messages.Enqueue(message);
        while (_messages.Count > Capacity && _messages.TryDequeue(out _))
        {
        }
    }
}

/// <summary>The default sender: writes the message to the log and to the <see cref="EmailOutbox"/>; nothing leaves the host.</summary>
public sealed class LoggingEmailSender(EmailOutbox outbox, ILogger<LoggingEmailSender> logger) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        outbox.Add(message);
        logger.LogInformation("E-mail to {To}: {Subject}\n{Body}", message.To, message.Subject, message.Body);
        return Task.CompletedTask;
    }
}

/// <summary>The outcome of setting a password with a link: where to sign in with it.</summary>
public sealed record PasswordSet(string TenantSlug, string Email);

/// <summary>
/// A member's way in: invitations and password resets by single-use links, password changes, and the end of every
/// session when a member is deactivated.
/// </summary>
public sealed class MemberAccessService(
    ISalesDbContextPool pool, IEmailSender email, IPasswordHasher<MemberCredential> hasher, IdentityServerOptions options, TimeProvider clock,
    IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, ILogger<MemberAccessService> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Sends <paramref name="member"/> a link to set their first password; earlier unused invitations stop working.</summary>
    public async Task<DateTime> InviteAsync(SalesDbContext db, Member member, string tenantName, CancellationToken cancellationToken)
    {
        var link = await IssueAsync(db, member, PasswordTokenPurpose.Invitation, cancellationToken);
        await email.SendAsync(new EmailMessage(
            member.Email,
            $"{tenantName}: 邀请您加入 HeadlessSales / You are invited to HeadlessSales",
            $"{member.Name}，您好：请在 {PasswordToken.InvitationLifetime.TotalDays:0} 天内打开下面的链接设置密码。\nOpen this link within {PasswordToken.InvitationLifetime.TotalDays:0} days to set your password:\n{link.Url}",
            link.Url), cancellationToken);
        return link.ExpiresAt;
    }

    /// <summary>
    /// Sends a reset link when the tenant and an active member of that e-mail exist; says nothing either way, so the
    /// answer does not tell which accounts exist.
    /// </summary>
    public async Task RequestResetAsync(string tenantSlug, string emailAddress, CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var normalized = emailAddress.Trim().ToLowerInvariant();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == tenantSlug && t.SuspendedAt == null, cancellationToken);
        var member = tenant is null ? null : await db.Members.IgnoreQueryFilters().FirstOrDefaultAsync(m => m.TenantId == tenant.Id && m.Email == normalized && m.Active, cancellationToken);
        if (member is null)
        {
            logger.LogInformation("Password reset asked for an unknown account of tenant {Tenant}", tenantSlug);
            return;
        }

        var link = await IssueAsync(db, member, PasswordTokenPurpose.PasswordReset, cancellationToken);
        await email.SendAsync(new EmailMessage(
            member.Email,
            $"{tenant!.Name}: 重置密码 / Reset your password",
            $"请在 {PasswordToken.ResetLifetime.TotalMinutes:0} 分钟内打开下面的链接设置新密码。\nOpen this link within {PasswordToken.ResetLifetime.TotalMinutes:0} minutes to set a new password:\n{link.Url}\n如果不是您本人操作，请忽略。If you did not ask for this, ignore it.",
            link.Url), cancellationToken);
    }

    /// <summary>Sets a password with the token of a link, which then stops working.</summary>
    public async Task<(PasswordSet? Set, UserError? Error)> SetPasswordAsync(string token, string password, CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var hash = PasswordToken.HashOf(token);
        var link = await db.PasswordTokens.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var member = link is null ? null : await db.Members.IgnoreQueryFilters().FirstOrDefaultAsync(m => m.Id == link.MemberId && m.Active, cancellationToken);
        var tenant = member is null ? null : await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == member.TenantId && t.SuspendedAt == null, cancellationToken);
        // Unknown, used, expired, for a deactivated member or a suspended tenant: one answer for all.
        if (link is null || member is null || tenant is null || !link.IsUsable(Now))
        {
            return (null, new InvalidStateError("The link is invalid, used or expired: ask for a new one."));
        }

        if (PasswordPolicy.Check(password, member.Email) is { } weak)
        {
            return (null, new ValidationError("input.password", weak));
        }

        link.Use(Now);
        await SetPasswordAsync(db, member, password, cancellationToken);
        if (link.Purpose == PasswordTokenPurpose.PasswordReset)
        {
            // Whoever knew the old password is signed out with it.
            await EndSessionsAsync(member.TenantId, member.Id, cancellationToken);
        }

        return (new PasswordSet(tenant.Slug, member.Email), null);
    }

    /// <summary>A signed-in member changes their own password, proving they know the current one.</summary>
    public async Task<UserError?> ChangePasswordAsync(long tenantId, long memberId, string current, string next, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        var member = await db.Members.FirstAsync(m => m.Id == memberId, cancellationToken);
        var credential = await db.MemberCredentials.FirstOrDefaultAsync(c => c.MemberId == memberId, cancellationToken);
        if (credential is null || credential.IsLocked(Now)
            || hasher.VerifyHashedPassword(credential, credential.PasswordHash, current) == PasswordVerificationResult.Failed)
        {
            if (credential?.RecordFailure(Now) == true)
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return new ValidationError("input.currentPassword", "The current password is wrong.");
        }

        if (PasswordPolicy.Check(next, member.Email) is { } weak)
        {
            return new ValidationError("input.newPassword", weak);
        }

        await SetPasswordAsync(db, member, next, cancellationToken);
        return null;
    }

    /// <summary>
    /// Ends every session of the member at once: their refresh tokens and authorizations are revoked, so no new access
    /// token is minted, and the standing change makes every node refuse the access tokens they hold and close their sockets.
    /// </summary>
    public async Task EndSessionsAsync(long tenantId, long memberId, CancellationToken cancellationToken)
    {
        var subject = $"member:{memberId}";
        var revokedTokens = await tokens.RevokeBySubjectAsync(subject, cancellationToken);
        var revokedAuthorizations = await authorizations.RevokeBySubjectAsync(subject, cancellationToken);
        logger.LogInformation("Ended the sessions of member {MemberId}: {Tokens} tokens and {Authorizations} authorizations revoked", memberId, revokedTokens, revokedAuthorizations);
        await using var db = pool.Rent(tenantId);
        db.Journal(new MemberStandingChanged(tenantId, memberId, Now));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SetPasswordAsync(SalesDbContext db, Member member, string password, CancellationToken cancellationToken)
    {
        var credential = await db.MemberCredentials.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.MemberId == member.Id, cancellationToken);
        if (credential is null)
        {
            credential = db.MemberCredentials.Add(new MemberCredential { TenantId = member.TenantId, MemberId = member.Id, PasswordHash = string.Empty, UpdatedAt = Now }).Entity;
        }

        credential.SetPassword(hasher.HashPassword(credential, password), Now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<(string Url, DateTime ExpiresAt)> IssueAsync(SalesDbContext db, Member member, PasswordTokenPurpose purpose, CancellationToken cancellationToken)
    {
        // One open link per member and purpose: a new one replaces the last.
        var open = await db.PasswordTokens.IgnoreQueryFilters()
            .Where(t => t.MemberId == member.Id && t.Purpose == purpose && t.UsedAt == null).ToListAsync(cancellationToken);
        db.PasswordTokens.RemoveRange(open);
        var (token, hash) = PasswordToken.NewToken();
        var expiresAt = Now + (purpose == PasswordTokenPurpose.Invitation ? PasswordToken.InvitationLifetime : PasswordToken.ResetLifetime);
        db.PasswordTokens.Add(new PasswordToken { TenantId = member.TenantId, MemberId = member.Id, Purpose = purpose, TokenHash = hash, CreatedAt = Now, ExpiresAt = expiresAt });
        await db.SaveChangesAsync(cancellationToken);
        var separator = options.PasswordLinkBaseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return ($"{options.PasswordLinkBaseUrl}{separator}token={token}", expiresAt);
    }
}
