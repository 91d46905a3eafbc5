using System.Globalization;
using System.Threading.RateLimiting;

namespace HeadlessSales.Api.Identity;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public int PermitsPerWindow { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-caller request budgets: keyed by the validated client or member once the token is checked, by
/// the remote address before that (anonymous calls, the token endpoint, the login page). A forged
/// token therefore cannot spend someone else's budget.
/// </summary>
public sealed class RequestRateLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public RequestRateLimiter(RateLimitingOptions options) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitsPerWindow,
            Window = options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <returns>Null when the request may proceed, otherwise how long to wait.</returns>
    public TimeSpan? TryAcquire(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
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
