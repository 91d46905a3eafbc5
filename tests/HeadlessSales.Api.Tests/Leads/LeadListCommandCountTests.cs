using System.Runtime.CompilerServices;
using System.Text;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Platform;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>
/// The lead and escalation lists cost a constant number of SQL commands, whatever the page size (issue 22): on a host
/// of its own with sixty imported leads whose deadlines were all missed.
/// </summary>
public sealed class LeadListCommandCountTests(LeadsFixture api) : IClassFixture<LeadsFixture>
{
    private const string LeadsPage = """
        query($first: Int) {
          leads(first: $first) { nodes { name status owner { name team { name region { name } } } team { name } convertedAccount { name } } }
        }
        """;

    private const string EscalationsPage = """
        query($first: Int) {
          escalations(first: $first) { nodes { level status lead { name owner { name } } target { name } acknowledgedBy { name } } }
        }
        """;

    [Theory]
    [InlineData(LeadsPage, 5)]
    [InlineData(EscalationsPage, 4)]
    public async Task PageOf50_SendsASmallConstantNumberOfCommands(string query, int limit)
    {
        var client = await SixtyEscalatedLeadsAsync();
        await client.QueryAsync(query, new { first = 1 });

        var small = await DataLoaderTests.CountCommandsAsync(api, client, query, 5);
        var large = await DataLoaderTests.CountCommandsAsync(api, client, query, 50);
        var page = await client.QueryAsync(query, new { first = 50 });

        Assert.Equal(50, page.AsObject().Single().Value!["nodes"]!.AsArray().Count);
        Assert.True(large <= limit, $"a page of 50 sent {large} commands: {string.Join("\n---\n", api.Commands.Recorded)}");
        Assert.Equal(small, large);
    }

    // Issue 22: the page reads the columns its fields ask for; behind a fragment it reads whole rows, with the same answer.
    [Fact]
    public async Task LeadsPage_ReadsOnlyTheSelectedColumns()
    {
        const string Narrow = "query { leads(first: 50) { nodes { id name status owner { name } team { name region { name } } convertedAccount { name } } } }";
        const string Fragment = "query { leads(first: 50) { nodes { id name status owner { name } team { name region { name } } convertedAccount { name } ... on Lead { id } } } }";
        var client = await SixtyEscalatedLeadsAsync();
        await client.QueryAsync(Narrow);

        api.Commands.Start();
        var narrow = await client.QueryAsync(Narrow);
        var narrowPage = api.Commands.Stop()[0];
        api.Commands.Start();
        var whole = await client.QueryAsync(Fragment);
        var wholePage = api.Commands.Stop()[0];

        Assert.Equal(whole.ToJsonString(), narrow.ToJsonString());
        Assert.Equal(50, narrow["leads"]!["nodes"]!.AsArray().Count);
        Assert.Contains("\"OwnerId\"", narrowPage);
        Assert.DoesNotContain("\"IdempotencyHash\"", narrowPage);
        Assert.DoesNotContain("\"ProductInterests\"", narrowPage);
        Assert.Contains("\"IdempotencyHash\"", wholePage);
    }

    // Theory cases get a test class instance each and share the fixture: the leads are imported once per host.
    private static readonly ConditionalWeakTable<LeadsFixture, Task> Seeding = new();

    private async Task<GraphQLTestClient> SixtyEscalatedLeadsAsync()
    {
        Task seeding;
        lock (Seeding)
        {
            seeding = Seeding.GetValue(api, SeedAsync);
        }

        await seeding;
        return await api.FreshClientAsync();
    }

    private static async Task SeedAsync(LeadsFixture api)
    {
        var client = await api.FreshClientAsync();
        var prefix = api.UniqueName("计数");
        var csv = new StringBuilder("name,company,phone,email,industry,province,source,products\n");
        for (var i = 0; i < 60; i++)
        {
            csv.Append($"联系人{i},{prefix}-{i},,{prefix}.{i}@example.com,INDUSTRIAL_AUTOMATION,广东,IMPORT,PLC-S7\n");
        }

        var imported = await client.QueryAsync(
            "mutation($input: BulkImportLeadsInput!) { bulkImportLeads(input: $input) { import { importedCount } errors { __typename } } }",
            new { input = new { csv = csv.ToString() } });
        Assert.Equal(60, imported["bulkImportLeads"]!["import"]!["importedCount"]!.GetValue<int>());
        // Past every deadline, working hours or not: each lead escalates.
        api.Clock.Advance(TimeSpan.FromDays(4));
        await api.Timers.RunDueTimersAsync();
    }
}
