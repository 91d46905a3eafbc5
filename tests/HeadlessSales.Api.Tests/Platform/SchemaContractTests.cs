using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Platform;

[Collection(ApiCollection.Name)]
public sealed class SchemaContractTests(ApiFactory api)
{
    [Fact]
    public void RunningSchema_MatchesCheckedInContract()
    {
        var path = CommandLine.DefaultSchemaPath(AppContext.BaseDirectory);
        Assert.True(File.Exists(path), $"{path} is missing; run `dotnet run --project api/HeadlessSales.Api -- export-schema`.");

        var running = CommandLine.PrintSchema(api.Services);
        var checkedIn = File.ReadAllText(path).ReplaceLineEndings("\n");

        // A failure here means the public contract changed: review the diff, then re-export the schema.
        Assert.Equal(checkedIn, running);
    }

    [Fact]
    public async Task Introspection_DescribesNodeAndConnections()
    {
        var data = await api.CreateGraphQLClient().QueryAsync("""
            { __type(name: "MemberConnection") { fields { name } } node: __type(name: "Node") { possibleTypes { name } } }
            """);
        var connectionFields = data["__type"]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["edges", "nodes", "pageInfo", "totalCount"], connectionFields);
        var nodeTypes = data["node"]!["possibleTypes"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "Account", "Contact", "Member", "Region", "Team", "Tenant", "WorkingCalendar" }, nodeTypes);
    }
}
