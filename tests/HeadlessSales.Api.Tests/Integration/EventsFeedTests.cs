using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Integration;

/// <summary>The events feed: an offline integration catches up from its cursor, by type, within the retention window.</summary>
public sealed class EventsFeedTests
{
    private const string Feed = """
        query($after: String, $types: [String!], $first: Int) {
          events(after: $after, types: $types, first: $first) { nodes { cursor type subjectId payload } endCursor hasMore }
        }
        """;

    [Fact]
    public async Task Integration_CatchesUpAfterItsCursor_ByType_PageByPage()
    {
        await using var host = new WebhookHost();
        var client = host.CreateGraphQLClient();
        await WebhookTests.NewAccountAsync(client, "游标之前");
        var start = (await client.QueryAsync(Feed, new { types = new[] { "account.changed" }, first = 1000 }))["events"]!["endCursor"]!.GetValue<string>();

        // Offline meanwhile: three accounts created, one archived.
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await WebhookTests.NewAccountAsync(client, $"离线 {i}"));
        }

        await client.QueryAsync("mutation($id: ID!) { archiveAccount(input: { id: $id }) { errors { __typename } } }", new { id = created[0] });

        var page1 = (await client.QueryAsync(Feed, new { after = start, types = new[] { "account.changed" }, first = 2 }))["events"]!;
        var page2 = (await client.QueryAsync(Feed, new { after = page1["endCursor"]!.GetValue<string>(), types = new[] { "account.changed" }, first = 2 }))["events"]!;
        var page3 = (await client.QueryAsync(Feed, new { after = page2["endCursor"]!.GetValue<string>(), types = new[] { "account.changed" }, first = 2 }))["events"]!;

        Assert.True(page1["hasMore"]!.GetValue<bool>());
        Assert.False(page2["hasMore"]!.GetValue<bool>());
        Assert.Empty(page3["nodes"]!.AsArray());
        Assert.Equal(page2["endCursor"]!.GetValue<string>(), page3["endCursor"]!.GetValue<string>());
        var events = page1["nodes"]!.AsArray().Concat(page2["nodes"]!.AsArray()).ToList();
        Assert.Equal(new[] { created[0], created[1], created[2], created[0] }, events.Select(e => e!["subjectId"]!.GetValue<string>()));
        Assert.Equal(new[] { "Created", "Created", "Created", "Archived" },
            events.Select(e => System.Text.Json.Nodes.JsonNode.Parse(e!["payload"]!.GetValue<string>())!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CursorOlderThanTheRetention_IsRefused_Clearly()
    {
        await using var host = new WebhookHost();
        var client = host.CreateGraphQLClient();
        await WebhookTests.NewAccountAsync(client, "过期游标");
        var cursor = (await client.QueryAsync(Feed, new { first = 1000 }))["events"]!["endCursor"]!.GetValue<string>();

        host.Clock.Advance(TimeSpan.FromDays(31));
        await host.Services.GetRequiredService<HeadlessSales.Api.Infrastructure.Scheduling.DurableTimerService>().RunDueTimersAsync();
        client = host.CreateGraphQLClient(await new TokenClient(host).ClientCredentialsAsync(Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret));
        var answer = await client.PostAsync(Feed, new { after = cursor });

        Assert.Equal("EVENT_CURSOR_EXPIRED", answer.FirstErrorCode);
        Assert.Contains("retention window (30 days)", answer.Body);
        Assert.Equal(TimeSpan.FromDays(30), host.Services.GetRequiredService<EventJournal>().Retention);
    }

    [Fact]
    public async Task OnlyTenantWideReaders_ReadTheFeed()
    {
        await using var host = new WebhookHost();
        var admin = await host.MemberAsync("admin");
        var rep = await host.MemberAsync("rep");
        var manager = await host.MemberAsync("regionmanager");

        Assert.NotNull((await admin.QueryAsync(Feed, new { first = 1 }))["events"]);
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Feed, new { first = 1 })).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await manager.PostAsync(Feed, new { first = 1 })).FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await host.CreateAnonymousClient().PostAsync(Feed, new { first = 1 })).FirstErrorCode);
    }
}
