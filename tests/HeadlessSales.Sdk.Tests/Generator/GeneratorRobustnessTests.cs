using HeadlessSales.Sdk.Tests.Infrastructure;

namespace HeadlessSales.Sdk.Tests.Generator;

/// <summary>
/// Whatever the .graphql files hold, the generator reports diagnostics and never throws: an exception
/// would surface as CS8785 and take the integrator's whole build down without pointing at their file.
/// </summary>
public sealed class GeneratorRobustnessTests
{
    private const string Schema = """
        type Query { node(id: ID!): Node  things(filter: ThingFilter): [Thing]  ghost: Missing  search: [Result!]! }
        interface Node { id: ID! }
        interface Named implements Node { id: ID! name: String! }
        type Thing implements Named & Node { id: ID! name: String! parts: [Thing!] }
        type Other implements Node { id: ID! size: Int }
        union Result = Thing | Other
        input ThingFilter { and: [ThingFilter!] name: String kind: Kind = ONE }
        enum Kind { ONE FOO_1 FOO1 }
        """;

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment")]
    [InlineData("query")]
    [InlineData("query Q { ghost }")]
    [InlineData("query Q { ghost { id } }")]
    [InlineData("subscription Q { node(id: 1) { id } }")]
    [InlineData("mutation Q { node(id: 1) { id } }")]
    [InlineData("query Q { node(id: \"1\") { ... { id } ... on Named { name } ... on Thing { parts { name } } } }")]
    [InlineData("query Q { node(id: \"1\") { id ... on Thing { id: name } } }")]
    [InlineData("query Q { search { __typename ... on Node { id } ... on Other { size } } }")]
    [InlineData("query Q($f: ThingFilter) { things(filter: $f) { id } }")]
    [InlineData("query Q { things(filter: { and: [{ name: \"a\" }, { kind: FOO1 }] }) { id } }")]
    [InlineData("query Q { things(filter: { nope: 1 }) { id } }")]
    [InlineData("query Q { things(filter: 3) { id } }")]
    [InlineData("query Q { ...F } fragment F on Query { ...G } fragment G on Query { ...F }")]
    [InlineData("query Q { node(id: \"1\") { ...N } } fragment N on Node { id ... on Thing { ...N } }")]
    [InlineData("query Q { node(id: \"1\") { ... on Unknown { id } } }")]
    [InlineData("query Q($x: [[ThingFilter!]]!) { things { id } }")]
    [InlineData("query Q($x: Missing) { things { id } }")]
    [InlineData("query Q { things @include(if: $nope) { id } }")]
    [InlineData("query Q { things @skip { id } }")]
    [InlineData("query Q { a: things { id } a: search { __typename } }")]
    [InlineData("query Q { node(id: \"1\") { id } } query R { things { id } }")]
    [InlineData("fragment OnlyAFragment on Thing { id }")]
    public void AnyDocument_GivesDiagnosticsOrCode_NeverAnException(string document)
    {
        var result = GeneratorHarness.RunOnce(("/fixtures/schema.graphqls", Schema), ("/fixtures/Q.graphql", document));

        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "CS8784");
        Assert.All(result.Results, r => Assert.Null(r.Exception));
    }

    [Fact]
    public void EnumValuesThatCollapseOntoOneName_StayDistinct()
    {
        var result = GeneratorHarness.RunOnce(("/fixtures/schema.graphqls", Schema), ("/fixtures/Q.graphql", "query Q($k: Kind) { things(filter: { kind: $k }) { id } }"));

        var source = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Enums.Kind.g.cs").SourceText.ToString();
        Assert.Contains("\"FOO_1\" => Kind.Foo1,", source);
        Assert.Contains("\"FOO1\" => Kind.FOO1,", source);
    }

    [Fact]
    public void FieldsNamedLikeObjectMembers_GetPropertiesThatDoNotHideThem()
    {
        const string schema = """
            type Query { things(filter: ThingFilter): [Thing!]! }
            type Thing { toString: String }
            input ThingFilter { equals: String }
            """;

        var result = GeneratorHarness.RunOnce(("/fixtures/schema.graphqls", schema), ("/fixtures/Q.graphql", "query Q($f: ThingFilter) { things(filter: $f) { toString } }"));

        var sources = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Contains(" EqualsValue ", sources["Inputs.ThingFilter.g.cs"]);
        Assert.Contains("\"equals\"", sources["Inputs.ThingFilter.g.cs"]);
        var generated = string.Join("\n", sources.Values);
        Assert.True(generated.Contains("ToStringValue", StringComparison.Ordinal), generated);
        Assert.DoesNotContain(sources.Values, source => source.Contains(" Equals {", StringComparison.Ordinal) || source.Contains(" ToString {", StringComparison.Ordinal));
    }
}
