using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>
/// A host of its own for the lead tests, so that assignment counts and timers are not disturbed by other
/// suites; a 10,000-row import fits in one request, and bursts of concurrent intake are not rate limited.
/// </summary>
public sealed class LeadsFixture : ApiFactory
{
    private int _sequence;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:MaxRequestBytes"] = (4 * 1024 * 1024).ToString(),
        ["RateLimiting:PermitsPerWindow"] = "100000",
        // The 10,000-row import shares a busy test machine; the throughput goal is measured by the benchmark, not by a timeout.
        ["GraphQL:ExecutionTimeout"] = "00:03:00",
    };

    /// <summary>A phone number no other test uses, so duplicate detection only links what a test means to link.</summary>
    public string UniquePhone() => $"1390{Interlocked.Increment(ref _sequence):D7}";

    public string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
