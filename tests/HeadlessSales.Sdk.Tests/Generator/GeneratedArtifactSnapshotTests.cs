using HeadlessSales.Sdk.Tests.Infrastructure;
using Snapshooter;
using Snapshooter.Xunit;

namespace HeadlessSales.Sdk.Tests.Generator;

/// <summary>One snapshot per emitted artifact, generated from the fixture schema and operations.</summary>
public sealed class GeneratedArtifactSnapshotTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Generated = new(() =>
    {
        var result = new GeneratorHarness().Run(GeneratorHarness.FixtureFiles());
        Assert.Empty(result.Diagnostics);
        return result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
    });

    [Fact]
    public void EmitsOneFilePerArtifact()
    {
        Assert.Equal(
            [
                "Enums.AccountChangeKind.g.cs", "Enums.ContactChannel.g.cs", "Enums.LeadStatus.g.cs",
                "GraphQLClient.g.cs", "GraphQLClientSerialization.g.cs", "GraphQLClientServiceCollectionExtensions.g.cs",
                "IGraphQLClient.g.cs", "Inputs.CreateLeadInput.g.cs", "Inputs.MoneyInput.g.cs",
                "Operations.CreateLead.g.cs", "Operations.GetAccount.g.cs", "Operations.ListLeads.g.cs",
                "Operations.OnAccountChanged.g.cs", "Operations.Search.g.cs",
            ],
            Generated.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("IGraphQLClient.g.cs")]
    [InlineData("GraphQLClient.g.cs")]
    [InlineData("GraphQLClientServiceCollectionExtensions.g.cs")]
    [InlineData("GraphQLClientSerialization.g.cs")]
    [InlineData("Operations.GetAccount.g.cs")]
    [InlineData("Operations.CreateLead.g.cs")]
    [InlineData("Operations.Search.g.cs")]
    [InlineData("Operations.ListLeads.g.cs")]
    [InlineData("Operations.OnAccountChanged.g.cs")]
    [InlineData("Inputs.CreateLeadInput.g.cs")]
    [InlineData("Enums.LeadStatus.g.cs")]
    public void Artifact_MatchesSnapshot(string hintName)
    {
        Snapshot.Match(Generated.Value[hintName], SnapshotNameExtension.Create(hintName));
    }

    [Fact]
    public void ClientName_ComesFromTheBuildProperty()
    {
        var result = new GeneratorHarness(clientName: "HeadlessSalesClient", @namespace: "Acme.Sales").Run(GeneratorHarness.FixtureFiles());

        var registration = result.Results.Single().GeneratedSources.Single(s => s.HintName == "HeadlessSalesClientServiceCollectionExtensions.g.cs").SourceText.ToString();
        Assert.Contains("namespace Acme.Sales;", registration);
        Assert.Contains("public static global::HeadlessSales.Client.IGraphQLClientBuilder AddHeadlessSalesClient(", registration);
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "IHeadlessSalesClient.g.cs");
    }
}
