using System.Net;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

public sealed class TightRateLimitApiFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerWindow"] = "5",
        ["RateLimiting:Window"] = "00:10:00",
    };
}

public sealed class RateLimitTests(TightRateLimitApiFactory api) : IClassFixture<TightRateLimitApiFactory>
{
    [Fact]
    public async Task CallerOverBudget_Gets429WithRetryAfter_WithoutTouchingOthers()
    {
        var client = api.CreateGraphQLClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.PostAsync("{ tenant { slug } }")).Status);
        }

        using var limited = await client.Http.PostAsync("/graphql", new StringContent("""{"query":"{ __typename }"}""", System.Text.Encoding.UTF8, "application/json"));
        var anonymous = await api.CreateAnonymousClient().PostAsync("{ __typename }");

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, anonymous.Status);
    }
}
