using System.Text.Json.Nodes;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>The journal through the public API: a committed change leaves exactly its entries, a refused one none.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventJournalTests(ApiFactory api)
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string CreateAccount = """
        mutation($input: CreateAccountInput!) {
          createAccount(input: $input) { account { id } errors { __typename } }
        }
        """;

    private EventJournal Journal => api.Services.GetRequiredService<EventJournal>();

    [Fact]
    public async Task CreateAccount_JournalsOneEntry_AndTheRefusedDuplicateNone()
    {
        var before = await Journal.LastPositionAsync(CancellationToken.None);
        var input = new { name = "日志测试账户 " + Guid.NewGuid().ToString("N")[..8], industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL" };

        var created = await _client.QueryAsync(CreateAccount, new { input });
        var afterCreate = await Journal.LastPositionAsync(CancellationToken.None);
        var duplicate = await _client.QueryAsync(CreateAccount, new { input });
        var afterDuplicate = await Journal.LastPositionAsync(CancellationToken.None);

        var accountId = created["createAccount"]!["account"]!["id"]!.GetValue<string>();
        Assert.Equal("DuplicateError", duplicate["createAccount"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        var entries = await Journal.ReadAfterAcrossTenantsAsync(before, 100, CancellationToken.None);
        var entry = Assert.Single(entries, e => e.Type == "account.changed");
        Assert.Equal(entries.Select(e => e.Id), (await Journal.ReadAfterAsync(entry.TenantId, before, null, 100, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal(before + 1, entry.Id);
        Assert.Equal(afterCreate, entry.Id);
        Assert.Equal(afterCreate, afterDuplicate);
        Assert.Equal(accountId, entry.SubjectId);
        var payload = JsonNode.Parse(entry.Payload)!;
        Assert.Equal("Created", payload["kind"]!.GetValue<string>());
        Assert.Null(payload["tenantId"]);
    }

    [Fact]
    public async Task Positions_AreGapFree_AcrossTenants()
    {
        await _client.QueryAsync(CreateAccount, new { input = new { name = "位置测试 " + Guid.NewGuid().ToString("N")[..8], industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL" } });

        var all = await Journal.ReadAfterAcrossTenantsAsync(0, 100_000, CancellationToken.None);

        Assert.NotEmpty(all);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Id));
        Assert.Equal(all.Count, await Journal.LastPositionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Pruning_DeletesEntriesOlderThanTheRetention_OnTheDurableTimer()
    {
        await using var host = new ApiFactory();
        var client = host.CreateGraphQLClient();
        var journal = host.Services.GetRequiredService<EventJournal>();
        await client.QueryAsync(CreateAccount, new { input = new { name = "旧事件", industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL" } });
        var oldPosition = await journal.LastPositionAsync(CancellationToken.None);
        var tenantId = (await journal.ReadAfterAcrossTenantsAsync(oldPosition - 1, 1, CancellationToken.None))[0].TenantId;

        // 31 days on, past the 30-day default: a newer event stays, the older ones go at the next daily pruning.
        host.Clock.Advance(TimeSpan.FromDays(31));
        client = host.CreateGraphQLClient(await new TokenClient(host).ClientCredentialsAsync(
            Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret));
        var created = await client.QueryAsync(CreateAccount, new { input = new { name = "新事件", industry = "NEW_ENERGY", ownership = "PRIVATE", size = "SMALL" } });
        await host.Services.GetRequiredService<DurableTimerService>().RunDueTimersAsync();

        var left = await journal.ReadAfterAsync(tenantId, 0, ["account.changed"], 1000, CancellationToken.None);
        var kept = Assert.Single(left);
        Assert.Equal(created["createAccount"]!["account"]!["id"]!.GetValue<string>(), kept.SubjectId);
        Assert.True(kept.Id > oldPosition);
        // Every entry recorded before the 31 days is gone, whatever its type.
        Assert.True((await journal.ReadAfterAsync(tenantId, 0, null, 1, CancellationToken.None))[0].Id > oldPosition);
    }
}
