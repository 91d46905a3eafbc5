using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>A host of its own: the custom fields and rules these tests define must not change what other suites' mutations need.</summary>
public sealed class AutomationFixture : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Tests fire due timers themselves, after moving the clock (by up to two weeks: tokens outlive that).
        ["DurableTimers:PollInterval"] = "00:00:00",
        ["Identity:AccessTokenLifetime"] = "30.00:00:00",
    };

    /// <summary>A province no other test uses: a test's leads are found by it and only by it.</summary>
    public static string UniqueProvince() => $"测试省-{Guid.NewGuid():N}"[..12];
}
