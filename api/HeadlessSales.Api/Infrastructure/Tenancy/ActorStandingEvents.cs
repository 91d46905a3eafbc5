using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Infrastructure.Tenancy;

/// <summary>
/// A member was created, deactivated, or changed role, team or region, or a team moved region: who sees what in
/// the tenant may have changed. Cached standings are dropped and open sessions re-checked on every node.
/// </summary>
public sealed record MemberStandingChanged(long TenantId, long? MemberId, DateTime OccurredAt) : IDomainEvent;

/// <summary>An integration client was revoked: its cached standing is dropped and its open sessions end on every node.</summary>
public sealed record IntegrationClientRevoked(long TenantId, string ClientId, DateTime OccurredAt) : IDomainEvent;

/// <summary>The platform operator suspended or resumed a tenant: its cached standings are dropped and its open sessions re-checked on every node.</summary>
public sealed record TenantStandingChanged(long TenantId, DateTime OccurredAt) : IDomainEvent;

/// <summary>Tells the open sessions of a tenant that the standing of its members or clients changed, after the cached standings were dropped.</summary>
public interface IActorStandingSignal
{
    /// <returns>A handle that stops the calls when disposed.</returns>
    IDisposable Watch(long tenantId, Action onChanged);
}
