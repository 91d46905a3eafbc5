using System.Globalization;
using System.Threading.RateLimiting;

namespace HeadlessSales.Api.Identity;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>GraphQL requests (and downloads) per client or member; per address when anonymous.</summary>
    public int PermitsPerWindow { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Login attempts on one account (tenant and e-mail), from anywhere: slows guessing one password.</summary>
    public RateBudget LoginPerAccount { get; set; } = new() { PermitsPerWindow = 10, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Login attempts from one address, on any account: slows trying one password on many accounts.</summary>
    public RateBudget LoginPerAddress { get; set; } = new() { PermitsPerWindow = 60, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Token endpoint requests from one address.</summary>
    public RateBudget TokenPerAddress { get; set; } = new() { PermitsPerWindow = 300, Window = TimeSpan.FromMinutes(1) };
}

public sealed class RateBudget
{
    public int PermitsPerWindow { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>The separate budgets: spending one (say, failed logins) never blocks another (say, GraphQL).</summary>
public enum RateBudgetKind
{
    GraphQL,
    LoginPerAccount,
    LoginPerAddress,
    TokenPerAddress,
}

/// <summary>
/// Per-caller request budgets, one set per <see cref="RateBudgetKind"/>: GraphQL keyed by the validated
/// client or member once the token is checked (by the remote address when anonymous, so a forged token
/// cannot spend someone else's budget); the token endpoint by address; logins by account and by address.
/// </summary>
public sealed class RequestRateLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<(RateBudgetKind Budget, string Key)> _limiter;

    public RequestRateLimiter(RateLimitingOptions options) =>
        _limiter = PartitionedRateLimiter.Create<(RateBudgetKind Budget, string Key), (RateBudgetKind, string)>(key =>
        {
            var budget = key.Budget switch
            {
                RateBudgetKind.LoginPerAccount => options.LoginPerAccount,
                RateBudgetKind.LoginPerAddress => options.LoginPerAddress,
                RateBudgetKind.TokenPerAddress => options.TokenPerAddress,
                _ => new RateBudget { PermitsPerWindow = options.PermitsPerWindow, Window = options.Window },
            };
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = budget.PermitsPerWindow,
                Window = budget.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    /// <summary>Spends one GraphQL permit of <paramref name="key"/>.</summary>
    /// <returns>Null when the request may proceed, otherwise how long to wait.</returns>
    public TimeSpan? TryAcquire(string key) => TryAcquire(RateBudgetKind.GraphQL, key);

    /// <returns>Null when the request may proceed, otherwise how long to wait.</returns>
    public TimeSpan? TryAcquire(RateBudgetKind budget, string key)
    {
        using var lease = _limiter.AttemptAcquire((budget, key));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public static string KeyOf(HttpContext http) => "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>Answers 429 with Retry-After in whole seconds, rounded up.</summary>
    public static async Task RejectAsync(HttpContext http, TimeSpan retryAfter)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync("""{"errors":[{"message":"Too many requests; retry after the time in the Retry-After header.","extensions":{"code":"RATE_LIMITED"}}]}""");
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
