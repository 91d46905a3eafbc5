using System.Collections.Concurrent;
using System.Security.Claims;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// Remembers access tokens whose signature, issuer, audience and lifetime have been checked, until they
/// expire. A token's content cannot change, so checking it again is wasted work on every request of a
/// busy client. Revocation is not decided here: the actor resolver asks <see cref="ActorStandingCache"/> each time.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock)
{
    private const int Capacity = 50_000;
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_tokens.TryGetValue(token, out var entry))
        {
            if (entry.ExpiresAt > clock.GetUtcNow())
            {
                principal = entry.Principal;
                return true;
            }

            _tokens.TryRemove(token, out _);
        }

        principal = null!;
        return false;
    }

    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset expiresAt)
    {
        if (_tokens.Count >= Capacity)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, entry) in _tokens)
            {
                if (entry.ExpiresAt <= now)
                {
                    _tokens.TryRemove(key, out _);
                }
            }

            if (_tokens.Count >= Capacity)
            {
                // Still full of live tokens: start over rather than grow without bound.
                _tokens.Clear();
            }
        }

        _tokens[token] = (principal, expiresAt);
    }
}
