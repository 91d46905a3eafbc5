using System.Security.Claims;
using HeadlessSales.Api.Features.Organization;

namespace HeadlessSales.Api.Infrastructure.Tenancy;

public enum ActorKind
{
    Anonymous,
    Member,
    Client,

    /// <summary>The platform operator: belongs to no tenant (tenant 0 owns no rows) and may only manage tenants.</summary>
    Operator,
}

/// <summary>
/// Who is asking and what they may see. <see cref="VisibleOwnerIds"/> is null when the actor sees the
/// whole tenant, otherwise the members whose customers and sales records the actor may see.
/// </summary>
public sealed record Actor(
    ActorKind Kind,
    long TenantId,
    long? MemberId,
    string? ClientId,
    MemberRole? Role,
    IReadOnlySet<string> Scopes,
    IReadOnlyList<long>? VisibleOwnerIds,
    DateTimeOffset? ExpiresAt,
    ClaimsPrincipal Principal)
{
    /// <summary>Tenant 0 owns no rows: an anonymous caller reaches nothing but the public fields.</summary>
    public static Actor Anonymous { get; } = new(ActorKind.Anonymous, 0, null, null, null, new HashSet<string>(), [], null, new ClaimsPrincipal(new ClaimsIdentity()));

    public bool IsAuthenticated => Kind != ActorKind.Anonymous;

    /// <summary>
    /// Whether a record owned by <paramref name="ownerId"/> is in view: the rule of the owner-based query filters, for
    /// what is not read through them (events). A record with no owner is seen only by those who see the whole tenant.
    /// </summary>
    public bool SeesOwner(long? ownerId) => VisibleOwnerIds is null || (ownerId is { } owner && VisibleOwnerIds.Contains(owner));

    /// <summary>A short, log-safe description such as <c>member:12</c> or <c>client:hs_ab12</c>.</summary>
    public string Describe() => Kind switch
    {
        ActorKind.Member => $"member:{MemberId}",
        ActorKind.Client => $"client:{ClientId}",
        ActorKind.Operator => $"operator:{ClientId}",
        _ => "anonymous",
    };
}

/// <summary>
/// The actor of one HTTP request or one WebSocket connection. The transport resolves it before any
/// resolver runs; everything below reads it and never looks at headers or tokens itself.
/// </summary>
public sealed class CurrentActor
{
    public Actor Actor { get; private set; } = Actor.Anonymous;

    public long TenantId => Actor.TenantId;

    public ClaimsPrincipal Principal => Actor.Principal;

    public void Resolve(Actor actor)
    {
        if (Actor.IsAuthenticated && actor.TenantId != Actor.TenantId)
        {
            throw new InvalidOperationException("The actor of a request cannot change tenant.");
        }

        Actor = actor;
    }
}

/// <summary>Turns the credentials of a request or of a WebSocket <c>connection_init</c> payload into an actor.</summary>
public interface IActorResolver
{
    /// <returns>The actor (anonymous when no credentials were given), or null when the credentials are rejected.</returns>
    ValueTask<Actor?> ResolveAsync(ActorCredentials credentials, CancellationToken cancellationToken);

    /// <summary>
    /// Re-checks an actor resolved earlier, as an open WebSocket does before each operation and event: the token
    /// not expired, the client not revoked, the member still active, with their role and view as they are now.
    /// Reads cached state only, so it costs no database round trip in the steady state.
    /// </summary>
    /// <returns>The actor as it stands now, or null when it no longer may act.</returns>
    ValueTask<Actor?> RevalidateAsync(Actor actor, CancellationToken cancellationToken);

    /// <summary>Whether two readings of one actor may see and do the same things.</summary>
    static bool SameStanding(Actor before, Actor now) =>
        before.Role == now.Role
        && (before.VisibleOwnerIds is null ? now.VisibleOwnerIds is null : now.VisibleOwnerIds is not null && before.VisibleOwnerIds.SequenceEqual(now.VisibleOwnerIds));
}

/// <param name="AccessToken">The bearer token of the request or of the <c>connection_init</c> payload, if any.</param>
public sealed record ActorCredentials(string? AccessToken);
