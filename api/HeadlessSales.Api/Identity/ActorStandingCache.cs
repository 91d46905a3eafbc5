using System.Collections.Concurrent;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace HeadlessSales.Api.Identity;

/// <summary>A member's standing as the actor resolver needs it: active members only.</summary>
public sealed record MemberStanding(MemberRole Role, IReadOnlyList<long>? VisibleOwnerIds);

/// <summary>
/// Whether a tenant, a client or a platform operator still stands and what an active member's role lets them see, read once and kept in memory,
/// so that re-checking a caller on every request and every WebSocket operation costs no round trip. A change is
/// announced on the event bus (<see cref="MemberStandingChanged"/>, <see cref="IntegrationClientRevoked"/>) and
/// drops the tenant's entries on every node at once; an entry is re-read after <see cref="MaxAge"/> in any case,
/// which bounds what a node that missed a message while Redis was away can serve.
/// </summary>
public sealed class ActorStandingCache : IActorStandingSignal, IHostedService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private const int MaxGrantsPerTenant = 10_000;

    private readonly ConcurrentDictionary<long, TenantStandings> _tenants = new();
    private readonly ConcurrentDictionary<string, Entry<bool>> _operators = new(StringComparer.Ordinal);
    private readonly ISalesDbContextPool _pool;
    private readonly TimeProvider _clock;
    private readonly IEventBus _events;
    private readonly ILogger<ActorStandingCache> _logger;
    private IDisposable[] _listeners = [];

    public ActorStandingCache(ISalesDbContextPool pool, IEventBus events, TimeProvider clock, ILogger<ActorStandingCache> logger)
    {
        _pool = pool;
        _events = events;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Listens from the node's start, so that no change announced before its first request is missed.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listeners =
        [
            _events.Listen<MemberStandingChanged>(_ => true, e => Changed(e.TenantId)),
            _events.Listen<IntegrationClientRevoked>(_ => true, e => Changed(e.TenantId)),
            _events.Listen<TenantStandingChanged>(_ => true, e => Changed(e.TenantId)),
        ];
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <returns>The member's standing, or null when the member is gone or inactive.</returns>
    public async ValueTask<MemberStanding?> MemberAsync(long tenantId, long memberId, CancellationToken cancellationToken)
    {
        if (!await TenantStandsAsync(tenantId, cancellationToken))
        {
            return null;
        }

        var tenant = Tenant(tenantId);
        var now = _clock.GetUtcNow();
        if (tenant.Members.TryGetValue(memberId, out var cached) && now - cached.ReadAt < MaxAge)
        {
            return cached.Value;
        }

        var generation = tenant.Generation;
        await using var db = _pool.Rent(tenantId);
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.Active, cancellationToken);
        var standing = member is null ? null : new MemberStanding(member.Role, await TokenActorResolver.VisibleOwnersAsync(db, member, cancellationToken));
        tenant.Store(tenant.Members, memberId, new Entry<MemberStanding?>(standing, now), generation);
        return standing;
    }

    public async ValueTask<bool> ClientStandsAsync(long tenantId, string clientId, CancellationToken cancellationToken)
    {
        if (!await TenantStandsAsync(tenantId, cancellationToken))
        {
            return false;
        }

        var tenant = Tenant(tenantId);
        var now = _clock.GetUtcNow();
        if (tenant.Clients.TryGetValue(clientId, out var cached) && now - cached.ReadAt < MaxAge)
        {
            return cached.Value;
        }

        var generation = tenant.Generation;
        await using var db = _pool.Rent(tenantId);
        // Only whether the client still stands is needed: no entity to read.
        var stands = await db.IntegrationClients.AnyAsync(c => c.ClientId == clientId && c.RevokedAt == null, cancellationToken);
        tenant.Store(tenant.Clients, clientId, new Entry<bool>(stands, now), generation);
        return stands;
    }

    /// <summary>Whether the tenant exists and is not suspended by the platform operator: a suspended tenant's members and clients do not stand.</summary>
    public async ValueTask<bool> TenantStandsAsync(long tenantId, CancellationToken cancellationToken)
    {
        var tenant = Tenant(tenantId);
        var now = _clock.GetUtcNow();
        if (tenant.Standing is { } cached && now - cached.ReadAt < MaxAge)
        {
            return cached.Value;
        }

        var generation = tenant.Generation;
        await using var db = _pool.RentAcrossTenants();
        var stands = await db.Tenants.AnyAsync(t => t.Id == tenantId && t.SuspendedAt == null, cancellationToken);
        tenant.StoreStanding(new Entry<bool>(stands, now), generation);
        return stands;
    }

    /// <summary>Whether a platform operator's client still stands; operators are few and act rarely, so a short-lived reading serves.</summary>
    public async ValueTask<bool> OperatorStandsAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_operators.TryGetValue(clientId, out var cached) && now - cached.ReadAt < MaxAge)
        {
            return cached.Value;
        }

        await using var db = _pool.RentAcrossTenants();
        var stands = await db.PlatformOperators.AnyAsync(o => o.ClientId == clientId && o.RevokedAt == null, cancellationToken);
        _operators[clientId] = new Entry<bool>(stands, now);
        return stands;
    }

    /// <summary>
    /// Whether the grant a token came from still stands. OpenIddict revokes a grant when its code is replayed or a
    /// refresh token reused, and says so on no bus: <paramref name="fresh"/> reads it now (a request, a handshake),
    /// otherwise a reading younger than <see cref="MaxAge"/> serves (each operation of an open socket).
    /// </summary>
    public async ValueTask<bool> GrantStandsAsync(long tenantId, string tokenId, bool fresh, CancellationToken cancellationToken)
    {
        var tenant = Tenant(tenantId);
        var now = _clock.GetUtcNow();
        // A revoked grant never stands again.
        if (!fresh && tenant.Grants.TryGetValue(tokenId, out var cached) && (!cached.Value || now - cached.ReadAt < MaxAge))
        {
            return cached.Value;
        }

        await using var db = _pool.Rent(tenantId);
        var stands = await db.Set<OpenIddictEntityFrameworkCoreToken>().AnyAsync(t => t.Id == tokenId && t.Status == OpenIddictConstants.Statuses.Valid, cancellationToken);
        if (tenant.Grants.Count >= MaxGrantsPerTenant)
        {
            // Tokens come and go; start over rather than grow without bound.
            tenant.Grants.Clear();
        }

        tenant.Grants[tokenId] = new Entry<bool>(stands, now);
        return stands;
    }

    public IDisposable Watch(long tenantId, Action onChanged)
    {
        var watchers = Tenant(tenantId).Watchers;
        var key = new object();
        watchers[key] = onChanged;
        return new Unwatch(() => watchers.TryRemove(key, out _));
    }

    /// <summary>Drops the tenant's standings first, then tells its sessions, so that they re-check against fresh state.</summary>
    private void Changed(long tenantId)
    {
        var tenant = Tenant(tenantId);
        tenant.Invalidate();
        foreach (var onChanged in tenant.Watchers.Values)
        {
            try
            {
                onChanged();
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "A session of tenant {TenantId} failed to re-check its actor", tenantId);
            }
        }
    }

    private TenantStandings Tenant(long tenantId) => _tenants.GetOrAdd(tenantId, _ => new TenantStandings());

    private sealed record Entry<T>(T Value, DateTimeOffset ReadAt);

    /// <summary>
    /// One tenant's entries. A member's view depends on the other members of their team or region, so any change
    /// drops them all; the generation keeps a reading that raced with a change from being stored after it.
    /// </summary>
    private sealed class TenantStandings
    {
        private long _generation;
        private Entry<bool>? _standing;

        /// <summary>Whether the tenant itself stands (not suspended), when read.</summary>
        public Entry<bool>? Standing => Volatile.Read(ref _standing);

        public ConcurrentDictionary<long, Entry<MemberStanding?>> Members { get; } = new();

        public ConcurrentDictionary<string, Entry<bool>> Clients { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, Entry<bool>> Grants { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<object, Action> Watchers { get; } = new();

        public long Generation => Interlocked.Read(ref _generation);

        public void Store<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> entries, TKey key, Entry<TValue> entry, long readAtGeneration)
            where TKey : notnull
        {
            entries[key] = entry;
            if (Generation != readAtGeneration)
            {
                entries.TryRemove(new KeyValuePair<TKey, Entry<TValue>>(key, entry));
            }
        }

        public void StoreStanding(Entry<bool> entry, long readAtGeneration)
        {
            Volatile.Write(ref _standing, entry);
            if (Generation != readAtGeneration)
            {
                Interlocked.CompareExchange(ref _standing, null, entry);
            }
        }

        public void Invalidate()
        {
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _standing, null);
            Members.Clear();
            Clients.Clear();
        }
    }

    private sealed class Unwatch(Action unwatch) : IDisposable
    {
        public void Dispose() => unwatch();
    }
}
