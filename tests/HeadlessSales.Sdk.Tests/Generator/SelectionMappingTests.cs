using HeadlessSales.Sdk.Tests.Infrastructure;

namespace HeadlessSales.Sdk.Tests.Generator;

/// <summary>How particular selections map onto C# types, beyond what the artifact snapshots show.</summary>
public sealed class SelectionMappingTests
{
    [Fact]
    public void ConditionalField_IsNullable_AndItsVariableCountsAsUsed()
    {
        var (source, diagnostics) = Generate("AccountCard.graphql", """
            query AccountCard($id: ID!, $withDates: Boolean!) {
              node(id: $id) {
                ... on Account {
                  name
                  createdAt @include(if: $withDates)
                }
              }
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Contains("global::System.DateTimeOffset? CreatedAt", source);
        Assert.Contains("string Name", source);
    }

    [Fact]
    public void Aliases_NameTheProperties_AndKeepTheResponseNames()
    {
        var (source, diagnostics) = Generate("TwoPages.graphql", """
            query TwoPages {
              open: leads(status: NEW) { totalCount }
              won: leads(status: QUALIFIED) { totalCount }
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Contains("""[property: global::System.Text.Json.Serialization.JsonPropertyName("open")] TwoPages_Open Open""", source);
        Assert.Contains("""[property: global::System.Text.Json.Serialization.JsonPropertyName("won")] TwoPages_Won Won""", source);
    }

    [Fact]
    public void TypeDefinedInTwoSchemaFiles_IsASchemaError()
    {
        var result = GeneratorHarness.RunOnce(
            ("/fixtures/schema.graphqls", GeneratorHarness.FixtureSchema()),
            ("/fixtures/extra.graphqls", "type Money { amount: Decimal! }"),
            ("/fixtures/CountLeads.graphql", "query CountLeads { leads { totalCount } }"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("HSGQL013", diagnostic.Id);
        // Files are read in path order: the later one is blamed and the message names the earlier one.
        Assert.EndsWith("schema.graphqls", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("'Money' is already defined in extra.graphqls", diagnostic.GetMessage());
    }

    private static (string Source, IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> Diagnostics) Generate(string fileName, string operation)
    {
        var result = GeneratorHarness.RunOnce(
            ("/fixtures/schema.graphqls", GeneratorHarness.FixtureSchema()),
            ("/fixtures/" + fileName, operation));
        var hintName = "Operations." + Path.GetFileNameWithoutExtension(fileName) + ".g.cs";
        var source = result.Results.Single().GeneratedSources.SingleOrDefault(s => s.HintName == hintName).SourceText?.ToString() ?? string.Empty;
        return (source, result.Diagnostics);
    }
}
