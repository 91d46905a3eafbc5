using HeadlessSales.Sdk.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Snapshooter.Xunit;

namespace HeadlessSales.Sdk.Tests.Generator;

/// <summary>Invalid operations become compile errors with a stable id, at the right file, line and column.</summary>
public sealed class DiagnosticsSnapshotTests
{
    [Fact]
    public void SyntaxError_IsReportedAtTheOffendingToken()
    {
        var diagnostics = Diagnose("BrokenQuery.graphql", """
            query BrokenQuery($id: ID!) {
              node(id: $id) {
                id
              
            """);

        Assert.Equal("HSGQL001", Assert.Single(diagnostics).Id);
        Snapshot.Match(Describe(diagnostics));
    }

    [Fact]
    public void UnknownField_IsReportedAtTheFieldName()
    {
        var diagnostics = Diagnose("ListLeads.graphql", """
            query ListLeads {
              leads {
                nodes {
                  id
                  temperature
                }
              }
            }
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("HSGQL002", diagnostic.Id);
        Assert.Equal(new LinePosition(4, 6), diagnostic.Location.GetLineSpan().StartLinePosition);
        Snapshot.Match(Describe(diagnostics));
    }

    [Fact]
    public void ArgumentAndVariableMistakes_AreEachReported()
    {
        var diagnostics = Diagnose("FindLead.graphql", """
            query FindLead($status: String, $unused: Int) {
              leads(status: $status, sort: NAME) {
                totalCount
              }
              node {
                id
              }
              search(term: $missing) {
                ... on Opportunity { id }
                ...UnknownParts
              }
            }
            """);

        Assert.Equal(
            ["HSGQL003", "HSGQL003", "HSGQL004", "HSGQL005", "HSGQL006", "HSGQL007", "HSGQL014"],
            diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Snapshot.Match(Describe(diagnostics));
    }

    [Fact]
    public void SelectionSetMistakes_AreReported()
    {
        var diagnostics = Diagnose("AccountShape.graphql", """
            query AccountShape($id: ID!) {
              node(id: $id) {
                ... on Account {
                  name { first }
                  annualRevenue
                }
                ... on PageInfo { hasNextPage }
              }
            }
            """);

        Assert.Equal(["HSGQL008", "HSGQL008", "HSGQL015"], diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Snapshot.Match(Describe(diagnostics));
    }

    [Fact]
    public void OneResponseNameWithTwoShapes_IsReportedAtTheSecondField()
    {
        var diagnostics = Diagnose("SearchAll.graphql", """
            query SearchAll {
              search(term: "solar") {
                ... on Account { name }
                ... on Lead { name: status }
              }
            }
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("HSGQL016", diagnostic.Id);
        Assert.Equal(new LinePosition(3, 18), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Contains("'name' is 'String!' on Account and 'LeadStatus!' on Lead", diagnostic.GetMessage());
    }

    [Fact]
    public void FileLayoutRules_AreReported()
    {
        var anonymous = Diagnose("Anonymous.graphql", "{ leads { totalCount } }");
        var misnamed = Diagnose("Leads.graphql", "query CountLeads { leads { totalCount } }");

        Assert.Equal("HSGQL009", Assert.Single(anonymous).Id);
        var warning = Assert.Single(misnamed);
        Assert.Equal(("HSGQL010", DiagnosticSeverity.Warning), (warning.Id, warning.Severity));
    }

    [Fact]
    public void SameOperationNameInTwoFiles_IsReportedAtTheSecond()
    {
        var result = GeneratorHarness.RunOnce(
            ("/fixtures/schema.graphqls", GeneratorHarness.FixtureSchema()),
            ("/fixtures/a/CountLeads.graphql", "query CountLeads { leads { totalCount } }"),
            ("/fixtures/b/CountLeads.graphql", "query CountLeads { leads { nodes { id } } }"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("HSGQL011", diagnostic.Id);
        Assert.Equal("/fixtures/b/CountLeads.graphql", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void MissingSchema_IsReportedOnce()
    {
        var result = GeneratorHarness.RunOnce(("/fixtures/CountLeads.graphql", "query CountLeads { leads { totalCount } }"));

        Assert.Equal("HSGQL012", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void InvalidOperation_GeneratesNothingForIt_ButKeepsTheOthers()
    {
        var result = GeneratorHarness.RunOnce(
            ("/fixtures/schema.graphqls", GeneratorHarness.FixtureSchema()),
            ("/fixtures/Broken.graphql", "query Broken { leads { nope } }"),
            ("/fixtures/CountLeads.graphql", "query CountLeads { leads { totalCount } }"));

        var hintNames = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("Operations.CountLeads.g.cs", hintNames);
        Assert.DoesNotContain("Operations.Broken.g.cs", hintNames);
        Assert.Equal("HSGQL002", Assert.Single(result.Diagnostics).Id);
    }

    private static IReadOnlyList<Diagnostic> Diagnose(string fileName, string operation) =>
        GeneratorHarness.RunOnce(
            ("/fixtures/schema.graphqls", GeneratorHarness.FixtureSchema()),
            ("/fixtures/" + fileName, operation))
        .Diagnostics
        .OrderBy(d => d.Location.SourceSpan.Start)
        .ThenBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    private static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics) => diagnostics.Select(d =>
    {
        var span = d.Location.GetLineSpan();
        return $"{d.Id} {d.Severity} {Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.GetMessage()}";
    });
}
