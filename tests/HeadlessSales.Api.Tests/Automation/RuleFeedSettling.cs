using HeadlessSales.Api.Features.Automation;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Automation;

public static class RuleFeedSettling
{
    /// <summary>
    /// What the feed's loop does when woken by commits: reads the journal and runs the rules until nothing is left, since a
    /// rule's own action (a lead assigned, a field set) is itself an entry the next look reads.
    /// </summary>
    public static async Task SettleRulesAsync(this IServiceProvider services)
    {
        var feed = services.GetRequiredService<RuleJournalFeed>();
        while (await feed.RunOnceAsync() > 0)
        {
        }
    }
}
