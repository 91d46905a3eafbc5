using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Validation;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// Resolves the actor from an access token issued by our token server. The member's role, team and
/// region, and a client's revocation, are read from the database on every request, so a change takes
/// effect at once rather than when the token expires.
/// </summary>
public sealed class TokenActorResolver(
    OpenIddictValidationService validation, ValidatedTokenCache validated, ISalesDbContextPool pool, ILogger<TokenActorResolver> logger) : IActorResolver
{
    public async ValueTask<Actor?> ResolveAsync(ActorCredentials credentials, CancellationToken cancellationToken)
    {
        if (credentials.AccessToken is null)
        {
            return Actor.Anonymous;
        }

        if (!validated.TryGet(credentials.AccessToken, out var principal))
        {
            try
            {
                principal = await validation.ValidateAccessTokenAsync(credentials.AccessToken, cancellationToken);
            }
            catch (Exception exception) when (exception is OpenIddictExceptions.ProtocolException or OpenIddictExceptions.ValidationException)
            {
                logger.LogInformation("Access token refused: {Reason}", exception.Message);
                return null;
            }

            if (principal.GetExpirationDate() is { } expiry)
            {
                validated.Add(credentials.AccessToken, principal, expiry);
            }
        }

        if (!long.TryParse(principal.GetClaim(HeadlessSalesClaims.Tenant), out var tenantId))
        {
            return null;
        }

        var scopes = principal.GetScopes().ToHashSet(StringComparer.Ordinal);
        var expiresAt = principal.GetExpirationDate();
        await using var db = pool.Rent(tenantId);

        if (principal.GetClaim(HeadlessSalesClaims.ClientId) is { } clientId)
        {
            // Only whether the client still stands is needed: no entity to read on every request.
            var active = await db.IntegrationClients.AnyAsync(c => c.ClientId == clientId && c.RevokedAt == null, cancellationToken);
            return !active
                ? null
                : new Actor(ActorKind.Client, tenantId, null, clientId, null, scopes, VisibleOwnerIds: null, expiresAt, principal);
        }

        if (!long.TryParse(principal.GetClaim(HeadlessSalesClaims.MemberId), out var memberId))
        {
            return null;
        }

        // A replayed code or a reused refresh token revokes every token of its grant, this one included; its
        // status is read in the same query as the member, so revocation costs no extra round trip.
        var tokenId = principal.GetTokenId();
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(
            m => m.Id == memberId && m.Active
                && (tokenId == null || db.Set<OpenIddictEntityFrameworkCoreToken>().Any(t => t.Id == tokenId && t.Status == OpenIddictConstants.Statuses.Valid)),
            cancellationToken);
        if (member is null)
        {
            return null;
        }

        var visible = await VisibleOwnersAsync(db, member, cancellationToken);
        return new Actor(ActorKind.Member, tenantId, memberId, null, member.Role, scopes, visible, expiresAt, principal);
    }

    /// <summary>Whose records a member sees: their own, their team's, their region's, or (null) the whole tenant's.</summary>
    public static async Task<IReadOnlyList<long>?> VisibleOwnersAsync(SalesDbContext db, Member member, CancellationToken cancellationToken) => member.Role switch
    {
        MemberRole.Rep => [member.Id],
        MemberRole.TeamLead when member.TeamId is { } teamId => await db.Members.Where(m => m.TeamId == teamId).Select(m => m.Id).ToListAsync(cancellationToken),
        MemberRole.RegionManager when member.RegionId is { } regionId => await db.Members.Where(m => m.RegionId == regionId).Select(m => m.Id).ToListAsync(cancellationToken),
        MemberRole.SalesOps or MemberRole.Admin => null,
        // A reviewer works on cases, not on the live customer book; a lead without a team sees their own.
        MemberRole.Reviewer => [],
        _ => [member.Id],
    };
}
