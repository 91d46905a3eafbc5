using HeadlessSales.Api.Features.Automation;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>
/// One node of several sharing a database (a data folder), as after a restart or beside another node. With
/// <c>feedPollInterval</c> zero the test drives the rules' journal feed; otherwise its loop runs as in production.
/// </summary>
public sealed class AutomationNode(string dataFolder, string feedPollInterval = "00:00:00") : ApiFactory(dataFolder, ownsDataFolder: false)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DurableTimers:PollInterval"] = "00:00:00",
        ["Automation:PollInterval"] = feedPollInterval,
        ["Identity:AccessTokenLifetime"] = "10.00:00:00",
    };

    public RuleJournalFeed Feed => Services.GetRequiredService<RuleJournalFeed>();

    public static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "headlesssales-tests", Guid.NewGuid().ToString("N"));

    public static void Remove(string dataFolder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Removed with the temp folder later.
        }
    }

    /// <summary>Moves the shared cursor by hand: what a node that died at a chosen moment would have left behind.</summary>
    public async Task SetCursorAsync(long position, Guid? heldBy = null, DateTime? heldUntil = null)
    {
        await using var db = Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        await db.Set<RuleFeedCursor>().ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Position, position)
            .SetProperty(c => c.ClaimToken, heldBy)
            .SetProperty(c => c.ClaimedUntil, heldUntil));
    }
}
