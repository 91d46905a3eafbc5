using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Automation;

/// <summary>
/// Rules fed from the event journal: an event committed on a node that died before it could publish still runs its
/// rules on another node, and two nodes on one database run each rule once per event.
/// </summary>
public sealed class RuleJournalFeedTests
{
    private const string CreateRule = """
        mutation($input: CreateAutomationRuleInput!) { createAutomationRule(input: $input) { rule { id } errors { __typename ... on UserError { message } } } }
        """;

    private static async Task<string> RuleAsync(GraphQLTestClient client, string marker)
    {
        var rep = (await client.QueryAsync("{ members(first: 1, where: { roles: [REP], active: true }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var created = (await client.QueryAsync(CreateRule, new
        {
            input = new
            {
                name = "新客户 → 通知 " + marker,
                trigger = new { @event = "account.changed" },
                condition = $"event.kind == 'CREATED' and record.name contains '{marker}'",
                actions = new[] { new { kind = "NOTIFY_MEMBER", recipient = "MEMBER", memberId = rep, message = "新客户 {record.name}" } },
            },
        }))["createAutomationRule"]!;
        Assert.Empty(created["errors"]!.AsArray());
        return created["rule"]!["id"]!.GetValue<string>();
    }

    private static async Task<string> AccountAsync(GraphQLTestClient client, string name) =>
        (await client.QueryAsync("mutation($n: String!) { createAccount(input: { name: $n, industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL }) { account { id } } }",
            new { n = name }))["createAccount"]!["account"]!["id"]!.GetValue<string>();

    private static async Task<List<JsonNode>> RunsAsync(GraphQLTestClient client, string ruleId) =>
        (await client.QueryAsync("query($r: ID) { ruleExecutions(first: 100, ruleId: $r) { nodes { outcome eventKey subjectId } } }", new { r = ruleId }))["ruleExecutions"]!["nodes"]!
            .AsArray().Select(n => n!).Where(n => n["outcome"]!.GetValue<string>() != "CONDITION_FALSE").ToList();

    private static async Task<List<string>> NotifiedAboutAsync(GraphQLTestClient client, string ruleId) =>
        (await client.QueryAsync("{ automationNotices(first: 100) { nodes { subjectId rule { id } } } }"))["automationNotices"]!["nodes"]!.AsArray()
            .Where(n => n!["rule"]?["id"]?.GetValue<string>() == ruleId).Select(n => n!["subjectId"]!.GetValue<string>()).Order().ToList();

    /// <summary>Polls the log, for the feed's own loop running in the background: true once <paramref name="count"/> runs are there.</summary>
    private static async Task<bool> RunsArriveAsync(GraphQLTestClient client, string ruleId, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if ((await RunsAsync(client, ruleId)).Count >= count)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    [Fact]
    public async Task AnEventCommittedOnANodeThatDiedBeforeRunningItsRules_IsRunByTheNextNode_AndItsLoopWakesOnCommits()
    {
        var folder = AutomationNode.NewDataFolder();
        try
        {
            string ruleId, lost;
            await using (var first = new AutomationNode(folder))
            {
                var client = first.CreateGraphQLClient();
                ruleId = await RuleAsync(client, "遗失");
                // Committed and journaled; the node goes down before any rule ran (its feed never read the journal).
                lost = await AccountAsync(client, "遗失事件有限公司");
                Assert.Empty(await RunsAsync(client, ruleId));
            }

            // The next node's feed runs in the background: it catches up on start, then only commits wake it (its poll is an hour, its clock stands still).
            await using var second = new AutomationNode(folder, feedPollInterval: "01:00:00");
            var secondClient = second.CreateGraphQLClient();
            Assert.True(await RunsArriveAsync(secondClient, ruleId, 1), "the missed event was not run on start");
            var woken = await AccountAsync(secondClient, "遗失后新建有限公司");
            Assert.True(await RunsArriveAsync(secondClient, ruleId, 2), "a commit did not wake the feed");

            var runs = await RunsAsync(secondClient, ruleId);
            Assert.Equal(["SUCCEEDED", "SUCCEEDED"], runs.Select(r => r["outcome"]!.GetValue<string>()));
            Assert.All(runs, r => Assert.StartsWith("j:", r["eventKey"]!.GetValue<string>()));
            Assert.Equal(new[] { lost, woken }.Order(), await NotifiedAboutAsync(secondClient, ruleId));
        }
        finally
        {
            AutomationNode.Remove(folder);
        }
    }

    [Fact]
    public async Task TwoNodesOnOneDatabase_RunEachRuleOncePerEvent_WhenRacing_AndWhenADeadNodeLeftTheCursorBehind()
    {
        var folder = AutomationNode.NewDataFolder();
        try
        {
            await using var first = new AutomationNode(folder);
            var firstClient = first.CreateGraphQLClient();
            var ruleId = await RuleAsync(firstClient, "双节点");
            await using var second = new AutomationNode(folder);
            var secondClient = second.CreateGraphQLClient();
            var accounts = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                accounts.Add(await AccountAsync(i % 2 == 0 ? firstClient : secondClient, $"双节点{i}号有限公司"));
            }

            // Both nodes are woken at once and race for the journal.
            await Task.WhenAll(first.Feed.RunOnceAsync(), second.Feed.RunOnceAsync(), first.Feed.RunOnceAsync(), second.Feed.RunOnceAsync());
            var raced = await RunsAsync(firstClient, ruleId);

            // A node that ran those rules and died before moving the cursor, still holding it: the others wait out its lease, then read the same entries again.
            await first.SetCursorAsync(0, heldBy: Guid.NewGuid(), heldUntil: second.Clock.GetUtcNow().UtcDateTime.AddMinutes(1));
            var whileHeld = await second.Feed.RunOnceAsync();
            second.Clock.Advance(TimeSpan.FromMinutes(2));
            var reread = await second.Feed.RunOnceAsync();

            Assert.Equal(6, raced.Count);
            Assert.Equal(0, whileHeld);
            Assert.True(reread >= accounts.Count, $"read {reread} entries again");
            var runs = await RunsAsync(secondClient, ruleId);
            Assert.Equal(6, runs.Count);
            Assert.All(runs, r => Assert.Equal("SUCCEEDED", r["outcome"]!.GetValue<string>()));
            Assert.Equal(6, runs.Select(r => r["eventKey"]!.GetValue<string>()).Distinct().Count());
            Assert.Equal(accounts.Order(), await NotifiedAboutAsync(firstClient, ruleId));
        }
        finally
        {
            AutomationNode.Remove(folder);
        }
    }
}
