using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Validation;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// Resolves the actor from an access token issued by our token server. A member's role and view, and a client's
/// revocation, come from <see cref="ActorStandingCache"/>, which every node drops the moment they change, so a
/// change takes effect at once rather than when the token expires, without a database read per request.
/// </summary>
public sealed class TokenActorResolver(
    OpenIddictValidationService validation, ValidatedTokenCache validated, ActorStandingCache standings, TimeProvider clock, ILogger<TokenActorResolver> logger) : IActorResolver
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

        var scopes = principal.GetScopes().ToHashSet(StringComparer.Ordinal);
        var expiresAt = principal.GetExpirationDate();
        if (principal.GetClaim(HeadlessSalesClaims.PlatformOperator) is { } operatorId)
        {
            // Tenant 0 owns no rows, and the token carries no tenant scope: an operator reads no tenant's data.
            return await standings.OperatorStandsAsync(operatorId, cancellationToken)
                ? new Actor(ActorKind.Operator, 0, null, operatorId, null, scopes, VisibleOwnerIds: [], expiresAt, principal)
                : null;
        }

        if (!long.TryParse(principal.GetClaim(HeadlessSalesClaims.Tenant), out var tenantId))
        {
            return null;
        }

        if (principal.GetClaim(HeadlessSalesClaims.ClientId) is { } clientId)
        {
            return await standings.ClientStandsAsync(tenantId, clientId, cancellationToken)
                ? new Actor(ActorKind.Client, tenantId, null, clientId, null, scopes, VisibleOwnerIds: null, expiresAt, principal)
                : null;
        }

        if (!long.TryParse(principal.GetClaim(HeadlessSalesClaims.MemberId), out var memberId))
        {
            return null;
        }

        // A replayed code or a reused refresh token revokes every token of its grant, this one included.
        if (principal.GetTokenId() is { } tokenId && !await standings.GrantStandsAsync(tenantId, tokenId, fresh: true, cancellationToken))
        {
            return null;
        }

        return await standings.MemberAsync(tenantId, memberId, cancellationToken) is { } standing
            ? new Actor(ActorKind.Member, tenantId, memberId, null, standing.Role, scopes, standing.VisibleOwnerIds, expiresAt, principal)
            : null;
    }

    public async ValueTask<Actor?> RevalidateAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        switch (actor.Kind)
        {
            case ActorKind.Client:
                return await standings.ClientStandsAsync(actor.TenantId, actor.ClientId!, cancellationToken) ? actor : null;
            case ActorKind.Operator:
                return await standings.OperatorStandsAsync(actor.ClientId!, cancellationToken) ? actor : null;
            case ActorKind.Member:
                if (actor.Principal.GetTokenId() is { } tokenId && !await standings.GrantStandsAsync(actor.TenantId, tokenId, fresh: false, cancellationToken))
                {
                    return null;
                }

                return await standings.MemberAsync(actor.TenantId, actor.MemberId!.Value, cancellationToken) is { } standing
                    ? actor with { Role = standing.Role, VisibleOwnerIds = standing.VisibleOwnerIds }
                    : null;
            default:
                return actor;
        }
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
