using System.Net;
using System.Security.Claims;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OidcScopes = OpenIddict.Abstractions.OpenIddictConstants.Scopes;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// The token server's own endpoints: the token endpoint's grants, the authorization endpoint and the
/// login page it sends people to. Discovery and JWKS are served by OpenIddict itself.
/// </summary>
public static class IdentityEndpoints
{
    public const string LoginScheme = "HeadlessSales.Login";
    public const string LoginPath = "/account/login";

    public static WebApplication MapIdentityEndpoints(this WebApplication app)
    {
        app.MapPost("/connect/token", ExchangeAsync).DisableAntiforgery();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).DisableAntiforgery();
        app.MapGet(LoginPath, ShowLogin);
        app.MapPost(LoginPath, LoginAsync);
        app.MapSecondFactorAtSignIn();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext http, ISalesDbContextPool pool)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            await using var db = pool.RentAcrossTenants();
            var client = await db.IntegrationClients.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == request.ClientId);
            if (client is null && await db.PlatformOperators.AsNoTracking().FirstOrDefaultAsync(o => o.ClientId == request.ClientId) is { } platformOperator)
            {
                return OperatorSignIn(request, platformOperator);
            }

            if (client is null || client.RevokedAt is not null
                || !await db.Tenants.AnyAsync(t => t.Id == client.TenantId && t.SuspendedAt == null))
            {
                return Refuse(Errors.InvalidClient, "The client is unknown or revoked, or its tenant is suspended.");
            }

            var requested = request.GetScopes();
            var granted = requested.IsEmpty ? client.Scopes : requested.Intersect(client.Scopes).ToList();
            if (!requested.IsEmpty && granted.Count != requested.Length)
            {
                return Refuse(Errors.InvalidScope, "The client may not request some of these scopes.");
            }

            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, $"client:{client.ClientId}")
                .SetClaim(Claims.Name, client.Name)
                .SetClaim(HeadlessSalesClaims.ClientId, client.ClientId)
                .SetClaim(HeadlessSalesClaims.Tenant, client.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            identity.SetScopes(granted);
            identity.SetResources(IdentityServiceCollectionExtensions.ApiAudience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var principal = result.Principal;
            if (principal is null || !long.TryParse(principal.GetClaim(HeadlessSalesClaims.Tenant), out var tenantId)
                || !long.TryParse(principal.GetClaim(HeadlessSalesClaims.MemberId), out var memberId))
            {
                return Refuse(Errors.InvalidGrant, "The grant is no longer valid.");
            }

            await using var db = pool.Rent(tenantId);
            var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.Active);
            if (member is null || !await db.Tenants.AnyAsync(t => t.Id == tenantId && t.SuspendedAt == null))
            {
                return Refuse(Errors.InvalidGrant, "The member is no longer active, or their tenant is suspended.");
            }

            // The role may have changed since the code was issued: refresh it, and keep only scopes it still allows.
            var scopes = principal.GetScopes().Where(s => s is OidcScopes.OpenId or OidcScopes.OfflineAccess || Identity.Scopes.AllowedFor(member.Role).Contains(s));
            return Results.SignIn(MemberPrincipal(member, scopes), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "Use client_credentials, authorization_code or refresh_token.");
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, ISalesDbContextPool pool)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var login = await http.AuthenticateAsync(LoginScheme);
        if (!login.Succeeded || !long.TryParse(login.Principal.GetClaim(HeadlessSalesClaims.Tenant), out var tenantId)
            || !long.TryParse(login.Principal.GetClaim(HeadlessSalesClaims.MemberId), out var memberId))
        {
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryOrForm(http.Request);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [LoginScheme]);
        }

        await using var db = pool.Rent(tenantId);
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.Active);
        if (member is null || !await db.Tenants.AnyAsync(t => t.Id == tenantId && t.SuspendedAt == null))
        {
            await http.SignOutAsync(LoginScheme);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryOrForm(http.Request) }, [LoginScheme]);
        }

        // First-party portals: consent is implied, and a member gets only the scopes their role allows.
        var scopes = request.GetScopes().Where(s => s is OidcScopes.OpenId or OidcScopes.OfflineAccess || Identity.Scopes.AllowedFor(member.Role).Contains(s));
        return Results.SignIn(MemberPrincipal(member, scopes), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>An operator's token: the operator scope only, no tenant, so no tenant's data is within its reach.</summary>
    private static IResult OperatorSignIn(OpenIddictRequest request, PlatformOperator platformOperator)
    {
        if (platformOperator.RevokedAt is not null)
        {
            return Refuse(Errors.InvalidClient, "The client is unknown or revoked, or its tenant is suspended.");
        }

        var requested = request.GetScopes();
        if (!requested.IsEmpty && requested.Any(s => s != Identity.Scopes.PlatformOperator))
        {
            return Refuse(Errors.InvalidScope, "A platform operator may request only the platform:operator scope.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, $"operator:{platformOperator.ClientId}")
            .SetClaim(Claims.Name, platformOperator.Name)
            .SetClaim(HeadlessSalesClaims.PlatformOperator, platformOperator.ClientId);
        identity.SetScopes(Identity.Scopes.PlatformOperator);
        identity.SetResources(IdentityServiceCollectionExtensions.ApiAudience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsPrincipal MemberPrincipal(Member member, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, $"member:{member.Id}")
            .SetClaim(Claims.Name, member.Name)
            .SetClaim(Claims.Email, member.Email)
            .SetClaim(Claims.Role, member.Role.ToString())
            .SetClaim(HeadlessSalesClaims.MemberId, member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .SetClaim(HeadlessSalesClaims.Tenant, member.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        identity.SetScopes(scopes);
        identity.SetResources(IdentityServiceCollectionExtensions.ApiAudience);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name or Claims.Email or Claims.Role when identity.HasScope(OidcScopes.OpenId) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static string QueryOrForm(HttpRequest request) =>
        request.HasFormContentType ? QueryString.Create(request.Form.Select(f => KeyValuePair.Create(f.Key, (string?)f.Value.ToString()))).ToString() : request.QueryString.ToString();

    private static async Task<IResult> ShowLogin(HttpContext http, IAntiforgery antiforgery, ExternalSignIn.ExternalSignInService externalSignIn, string? returnUrl, string? error, string? tenant)
    {
        // With ?tenant=… the page offers that tenant's own provider, when it has one.
        var provider = await externalSignIn.FindBySlugAsync(tenant, http.RequestAborted);
        return Results.Content(LoginPage.Render(antiforgery.GetAndStoreTokens(http), LocalOrHome(returnUrl), error, tenant?.Trim().ToLowerInvariant(), provider?.DisplayName), "text/html; charset=utf-8");
    }

    /// <summary>
    /// Where a login may send the browser: a path on this site, nothing else. Browsers read <c>//host</c> and
    /// <c>/\host</c> as another site, and control characters (CR LF) would split the Location header, so any of
    /// them sends the browser home instead.
    /// </summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/'
            && (url.Length == 1 || url[1] != '/')
            && !url.Any(c => char.IsControl(c) || c == '\\')
            ? url
            : "/";

    /// <summary>
    /// A hash of a random password, checked when no member matches, so an unknown e-mail costs the same
    /// hashing time as a known one and the answer time does not tell which e-mails exist.
    /// </summary>
    private static string DummyPasswordHash(IPasswordHasher<MemberCredential> hasher) =>
        CachedDummyPasswordHash ??= hasher.HashPassword(DummyCredential, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    private static readonly MemberCredential DummyCredential = new() { PasswordHash = string.Empty };
    private static string? CachedDummyPasswordHash;

    private static async Task<IResult> LoginAsync(
        HttpContext http, ISalesDbContextPool pool, IPasswordHasher<MemberCredential> hasher, RequestRateLimiter limiter, TotpSecrets totpSecrets, TimeProvider clock,
        ILogger<LoginForm> logger, [Microsoft.AspNetCore.Mvc.FromForm] LoginForm form)
    {
        // Per address against spraying one password over many accounts, per account against guessing one password.
        var account = $"{form.Tenant?.Trim().ToLowerInvariant()}/{form.Email?.Trim().ToLowerInvariant()}";
        if ((limiter.TryAcquire(RateBudgetKind.LoginPerAddress, RequestRateLimiter.KeyOf(http))
             ?? limiter.TryAcquire(RateBudgetKind.LoginPerAccount, account)) is { } retryAfter)
        {
            await RequestRateLimiter.RejectAsync(http, retryAfter);
            return Results.Empty;
        }

        var returnUrl = LocalOrHome(form.ReturnUrl);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = pool.RentAcrossTenants();
        // A suspended tenant answers as one that does not exist.
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == form.Tenant && t.SuspendedAt == null);
        var email = form.Email?.Trim().ToLowerInvariant();
        var found = tenant is null
            ? null
            : await (from m in db.Members.IgnoreQueryFilters()
                     join c in db.MemberCredentials.IgnoreQueryFilters() on m.Id equals c.MemberId
                     where m.TenantId == tenant.Id && m.Email == email && m.Active
                     select new { Member = m, Credential = c }).FirstOrDefaultAsync();

        // One message and one hashing cost for every failure, so neither the page nor its timing tells which tenants or
        // emails exist, or which account is locked.
        bool verified;
        if (found is null)
        {
            hasher.VerifyHashedPassword(DummyCredential, DummyPasswordHash(hasher), form.Password ?? string.Empty);
            verified = false;
        }
        else
        {
            // The second factor is asked only once the password is right, so a wrong password spends no code; a wrong or
            // reused code counts towards the lockout like a wrong password, which bounds guessing six digits.
            verified = form.Password is not null
                && hasher.VerifyHashedPassword(found.Credential, found.Credential.PasswordHash, form.Password) != PasswordVerificationResult.Failed
                && !found.Credential.IsLocked(now)
                && (!found.Credential.RequiresSecondFactor || found.Credential.AcceptSecondFactor(form.Code, totpSecrets, clock.GetUtcNow()));
            if (!verified && !found.Credential.IsLocked(now) && found.Credential.RecordFailure(now))
            {
                // Brute force against one account: locked for a while, and written where the tenant's admins read.
                logger.LogWarning("Member {MemberId} of tenant {TenantId} locked out after {Failures} wrong passwords", found.Member.Id, tenant!.Id, MemberCredential.LockoutThreshold);
                db.AuditEntries.Add(new Infrastructure.Auditing.AuditEntry
                {
                    TenantId = tenant.Id,
                    Actor = $"member:{found.Member.Id}",
                    MemberId = found.Member.Id,
                    Operation = "signIn",
                    TargetIds = [],
                    Outcome = Infrastructure.Auditing.AuditOutcome.Refused,
                    ErrorCodes = ["LOCKED_OUT"],
                    OccurredAt = now,
                    TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString(),
                });
            }
            else if (verified)
            {
                found.Credential.RecordSuccess();
            }

            await db.SaveChangesAsync();
            if (verified && await SecondFactorAtSignIn.MustEnrolAsync(db, found.Member, found.Credential))
            {
                return await SecondFactorAtSignIn.BeginAsync(http, db, tenant!, found.Member, found.Credential, returnUrl, totpSecrets, clock);
            }
        }

        if (!verified)
        {
            return Results.Redirect($"{LoginPath}?error=1&returnUrl={WebUtility.UrlEncode(returnUrl)}");
        }

        var identity = new ClaimsIdentity(LoginScheme);
        identity.AddClaim(new Claim(HeadlessSalesClaims.Tenant, tenant!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(HeadlessSalesClaims.MemberId, found!.Member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await http.SignInAsync(LoginScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    public sealed class LoginForm
    {
        public string? Tenant { get; set; }

        public string? Email { get; set; }

        public string? Password { get; set; }

        /// <summary>The authenticator's code or a recovery code, for members with a second factor.</summary>
        public string? Code { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
