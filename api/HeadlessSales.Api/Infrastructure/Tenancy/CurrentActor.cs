using System.Security.Claims;

namespace HeadlessSales.Api.Infrastructure.Tenancy;

/// <summary>
/// Who is asking, for one HTTP request or one WebSocket connection. The transport resolves it before
/// any resolver runs; everything below reads it and never looks at headers or tokens itself.
/// </summary>
public sealed class CurrentActor
{
    public long TenantId { get; private set; }

    public ClaimsPrincipal Principal { get; private set; } = new(new ClaimsIdentity());

    public bool IsResolved { get; private set; }

    public void Resolve(long tenantId, ClaimsPrincipal principal)
    {
        if (IsResolved && tenantId != TenantId)
        {
            throw new InvalidOperationException("The actor of a request cannot change tenant.");
        }

        TenantId = tenantId;
        Principal = principal;
        IsResolved = true;
    }
}

/// <summary>Turns the credentials of a request or of a WebSocket <c>connection_init</c> payload into an actor.</summary>
public interface IActorResolver
{
    /// <returns>The tenant and principal, or null when the credentials are rejected.</returns>
    ValueTask<ResolvedActor?> ResolveAsync(ActorCredentials credentials, CancellationToken cancellationToken);
}

public sealed record ResolvedActor(long TenantId, ClaimsPrincipal Principal);

/// <param name="Principal">The principal ASP.NET Core authenticated from the HTTP request, if any.</param>
/// <param name="ConnectionParameters">The WebSocket <c>connection_init</c> payload, if any.</param>
public sealed record ActorCredentials(ClaimsPrincipal? Principal, IReadOnlyDictionary<string, object?>? ConnectionParameters);
