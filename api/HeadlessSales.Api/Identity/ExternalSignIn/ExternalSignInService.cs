using System.Security.Claims;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace HeadlessSales.Api.Identity.ExternalSignIn;

/// <summary>What a tenant admin gives to let its members sign in through the enterprise's own OpenID Connect provider.</summary>
public sealed record ExternalSignInSettings(string DisplayName, string Issuer, string ClientId, string? ClientSecret, IReadOnlyList<string>? Scopes, string? MemberClaim);

/// <summary>
/// A tenant's external sign-in: configured by its admin (checked against the provider's discovery document before it is
/// kept), offered on the login page, and the match of a provider's identity to one active member of that tenant.
/// </summary>
public sealed class ExternalSignInService(
    ISalesDbContextPool pool, TenantClientRegistrations registrations, ExternalSignInSecrets secrets, IdentityServerOptions options, TimeProvider clock,
    ILogger<ExternalSignInService> logger)
{
    public static readonly IReadOnlyList<string> DefaultScopes = [OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.Email];

    public async Task<ExternalSignInProvider?> FindAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        return await db.ExternalSignInProviders.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The provider the login page offers for a tenant slug; none for an unknown or suspended tenant.</summary>
    public async Task<ExternalSignInProvider?> FindBySlugAsync(string? slug, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            return null;
        }

        await using var db = pool.RentAcrossTenants();
        var normalized = slug.Trim().ToLowerInvariant();
        return await (from t in db.Tenants
                      join p in db.ExternalSignInProviders.IgnoreQueryFilters() on t.Id equals p.TenantId
                      where t.Slug == normalized && t.SuspendedAt == null
                      select p).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<(ExternalSignInProvider? Provider, IReadOnlyList<UserError> Errors)> ConfigureAsync(long tenantId, ExternalSignInSettings settings, CancellationToken cancellationToken)
    {
        List<UserError> errors = [];
        Uri? issuer = null;
        if (!Uri.TryCreate(settings.Issuer, UriKind.Absolute, out issuer) || issuer.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(issuer.Query) || !string.IsNullOrEmpty(issuer.Fragment))
        {
            errors.Add(new ValidationError("input.issuer", "The issuer must be an absolute https URI without query or fragment."));
        }
        else if (issuer.Scheme == "http" && !options.AllowHttpExternalIssuers)
        {
            errors.Add(new ValidationError("input.issuer", "The issuer must use https: tokens and the client secret must not cross the network in clear."));
        }

        var scopes = (settings.Scopes ?? DefaultScopes).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (!scopes.Contains(OpenIddictConstants.Scopes.OpenId))
        {
            // Without openid there is no identity token, so nobody could be recognised.
            scopes.Insert(0, OpenIddictConstants.Scopes.OpenId);
        }

        if (scopes.Count > ExternalSignInProvider.MaxScopes || scopes.Any(s => s.Length > 100 || s.Any(char.IsWhiteSpace)))
        {
            errors.Add(new ValidationError("input.scopes", $"At most {ExternalSignInProvider.MaxScopes} scopes, each one word of at most 100 characters."));
        }

        await using var db = pool.Rent(tenantId);
        var existing = await db.ExternalSignInProviders.FirstOrDefaultAsync(cancellationToken);
        if (existing is null && settings.ClientSecret is null)
        {
            errors.Add(new ValidationError("input.clientSecret", "A new provider needs the client secret the provider issued."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var memberClaim = settings.MemberClaim ?? ExternalSignInProvider.DefaultMemberClaim;
        var secret = settings.ClientSecret ?? secrets.Reveal(existing!.ProtectedClientSecret);
        var candidate = new ExternalSignInProvider
        {
            TenantId = tenantId,
            DisplayName = settings.DisplayName,
            Issuer = issuer!.AbsoluteUri,
            ClientId = settings.ClientId,
            ProtectedClientSecret = string.Empty,
            Scopes = scopes,
            MemberClaim = memberClaim,
        };
        if (await DiscoveryProblemAsync(candidate, secret, cancellationToken) is { } unreachable)
        {
            return (null, [unreachable]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var protectedSecret = settings.ClientSecret is null ? null : secrets.Protect(settings.ClientSecret);
        if (existing is null)
        {
            candidate.ProtectedClientSecret = protectedSecret!;
            candidate.UpdatedAt = now;
            db.ExternalSignInProviders.Add(candidate);
            existing = candidate;
        }
        else
        {
            existing.Reconfigure(settings.DisplayName, candidate.Issuer, settings.ClientId, protectedSecret, scopes, memberClaim, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (existing, []);
    }

    public async Task<UserError?> RemoveAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        var existing = await db.ExternalSignInProviders.FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return new InvalidStateError("The tenant has no external sign-in provider.");
        }

        db.ExternalSignInProviders.Remove(existing);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Reads the provider's discovery document as a sign-in would: a provider that cannot be reached now is refused now.</summary>
    private async Task<UserError?> DiscoveryProblemAsync(ExternalSignInProvider candidate, string secret, CancellationToken cancellationToken)
    {
        var registration = registrations.Build(candidate, secret);
        try
        {
            var configuration = await registration.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            if (configuration.AuthorizationEndpoint is null || configuration.TokenEndpoint is null)
            {
                return new ValidationError("input.issuer", $"The provider at {candidate.Issuer} has no authorization or token endpoint in its discovery document.");
            }

            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "The discovery document of {Issuer} could not be read", candidate.Issuer);
            return new ValidationError("input.issuer",
                $"The discovery document {registration.ConfigurationEndpoint} could not be read, or does not name {candidate.Issuer} as its issuer: {Innermost(exception).Message}");
        }
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    /// <summary>
    /// The member a provider's identity signs in as: the tenant is the one whose registration the sign-in used (taken from
    /// the state token, never from the browser), and the member is its active member whose e-mail equals the configured
    /// claim. Nobody is created: who belongs to the tenant, with which role and where, is its admin's decision.
    /// </summary>
    public async Task<(Member? Member, string? Refusal)> MatchAsync(ClaimsPrincipal identity, CancellationToken cancellationToken)
    {
        if (ExternalSignInProvider.ParseRegistrationId(identity.GetClaim(OpenIddictConstants.Claims.Private.RegistrationId)) is not var (tenantId, revision))
        {
            return (null, "The sign-in did not come through a tenant's provider.");
        }

        await using var db = pool.Rent(tenantId);
        var provider = await db.ExternalSignInProviders.AsNoTracking().FirstOrDefaultAsync(p => p.Revision == revision, cancellationToken);
        if (provider is null || !await db.Tenants.AnyAsync(t => t.Id == tenantId && t.SuspendedAt == null, cancellationToken))
        {
            return (null, "The tenant's provider was changed or removed, or the tenant is suspended.");
        }

        var email = ContactDetails.NormalizeEmail(identity.GetClaim(provider.MemberClaim));
        if (string.IsNullOrEmpty(email))
        {
            return (null, $"The provider's identity has no '{provider.MemberClaim}' claim.");
        }

        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Email == email && m.Active, cancellationToken);
        return member is null ? (null, "No active member of the tenant matches the provider's identity.") : (member, null);
    }
}
