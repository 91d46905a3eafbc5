using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Identity.ExternalSignIn;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// A tenant that requires a second factor for its admins (<see cref="TenantSignInPolicy.RequireAdminSecondFactor"/>):
/// an admin without one who gives the right password is not let in, nor refused outright (they could never enrol, since
/// enrolling needs a session), but shown a new secret and asked for its first code on the spot. The code turns the
/// factor on, the recovery codes are shown once, and the authorization request goes on.
/// </summary>
public static class SecondFactorAtSignIn
{
    public const string EnrolPath = "/account/login/enrol";

    /// <summary>The purpose of the short ticket that carries "this member gave the right password" to the enrolment form.</summary>
    public const string TicketPurpose = "HeadlessSales.Identity.SecondFactorEnrolmentTicket.v1";

    public static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(10);

    public static WebApplication MapSecondFactorAtSignIn(this WebApplication app)
    {
        app.MapPost(EnrolPath, ConfirmAsync);
        return app;
    }

    /// <summary>Whether a member who just gave the right password must enrol before getting in.</summary>
    public static async Task<bool> MustEnrolAsync(SalesDbContext db, Member member, MemberCredential credential) =>
        member.Role == MemberRole.Admin && !credential.RequiresSecondFactor
        && await db.TenantSignInPolicies.IgnoreQueryFilters().AnyAsync(p => p.TenantId == member.TenantId && p.RequireAdminSecondFactor);

    /// <summary>Starts the enrolment (a new pending secret) and answers the page that asks for its first code.</summary>
    public static async Task<IResult> BeginAsync(
        HttpContext http, SalesDbContext db, Tenant tenant, Member member, MemberCredential credential, string returnUrl, TotpSecrets secrets, TimeProvider clock)
    {
        var secret = Totp.NewSecret();
        credential.BeginTotpEnrolment(secrets.Protect(secret), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(http.RequestAborted);
        var ticket = Protector(http).Protect(string.Create(CultureInfo.InvariantCulture, $"{tenant.Id}:{member.Id}:{(clock.GetUtcNow() + TicketLifetime).ToUnixTimeSeconds()}"));
        return Page(http, LoginPage.RenderEnrolment(Antiforgery(http), returnUrl, ticket, secret,
            Totp.OtpauthUri($"{SecondFactorService.Issuer} {tenant.Slug}", member.Email, secret), wrongCode: false));
    }

    private static async Task<IResult> ConfirmAsync(
        HttpContext http, ISalesDbContextPool pool, TotpSecrets secrets, TimeProvider clock, ILogger<EnrolForm> logger, [Microsoft.AspNetCore.Mvc.FromForm] EnrolForm form)
    {
        var returnUrl = IdentityEndpoints.LocalOrHome(form.ReturnUrl);
        var expired = Results.Redirect($"{IdentityEndpoints.LoginPath}?error=1&returnUrl={WebUtility.UrlEncode(returnUrl)}");
        if (ReadTicket(http, form.Ticket, clock) is not var (tenantId, memberId))
        {
            return expired;
        }

        await using var db = pool.Rent(tenantId);
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.Active, http.RequestAborted);
        var credential = await db.MemberCredentials.FirstOrDefaultAsync(c => c.MemberId == memberId, http.RequestAborted);
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId && t.SuspendedAt == null, http.RequestAborted);
        var now = clock.GetUtcNow();
        if (member is null || tenant is null || credential?.PendingTotpSecret is not { } pending || credential.IsLocked(now.UtcDateTime))
        {
            return expired;
        }

        var secret = secrets.Reveal(pending);
        if (Totp.Verify(Base32.Decode(secret), form.Code?.Trim() ?? string.Empty, now, lastUsedStep: null) is not { } step)
        {
            // A wrong code counts towards the lockout, as at the login form.
            credential.RecordFailure(now.UtcDateTime);
            await db.SaveChangesAsync(http.RequestAborted);
            return Page(http, LoginPage.RenderEnrolment(Antiforgery(http), returnUrl, form.Ticket!, secret,
                Totp.OtpauthUri($"{SecondFactorService.Issuer} {tenant.Slug}", member.Email, secret), wrongCode: true));
        }

        var recoveryCodes = RecoveryCodes.New();
        credential.ConfirmTotp(step, recoveryCodes.Select(RecoveryCodes.Hash), now.UtcDateTime);
        credential.RecordSuccess();
        await db.SaveChangesAsync(http.RequestAborted);
        logger.LogInformation("Admin {MemberId} of tenant {TenantId} enrolled a second factor at sign-in, as the tenant requires", member.Id, tenantId);

        var identity = new ClaimsIdentity(IdentityEndpoints.LoginScheme);
        identity.AddClaim(new Claim(HeadlessSalesClaims.Tenant, tenantId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(HeadlessSalesClaims.MemberId, memberId.ToString(CultureInfo.InvariantCulture)));
        await http.SignInAsync(IdentityEndpoints.LoginScheme, new ClaimsPrincipal(identity));
        return Page(http, LoginPage.RenderRecoveryCodes(returnUrl, recoveryCodes));
    }

    private static (long TenantId, long MemberId)? ReadTicket(HttpContext http, string? ticket, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        try
        {
            var parts = Protector(http).Unprotect(ticket).Split(':');
            return parts.Length == 3
                && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var tenantId)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var memberId)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expires)
                && clock.GetUtcNow().ToUnixTimeSeconds() < expires
                ? (tenantId, memberId)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static IDataProtector Protector(HttpContext http) => http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(TicketPurpose);

    private static AntiforgeryTokenSet Antiforgery(HttpContext http) => http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);

    private static IResult Page(HttpContext http, string html)
    {
        // The page holds a secret: never cached.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public sealed class EnrolForm
    {
        public string? Ticket { get; set; }

        public string? Code { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
