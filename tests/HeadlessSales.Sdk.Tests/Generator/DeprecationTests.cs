using HeadlessSales.Client;
using HeadlessSales.Sdk.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Snapshooter.Xunit;

namespace HeadlessSales.Sdk.Tests.Generator;

/// <summary>
/// <c>@deprecated</c> in the schema: an operation that uses a deprecated field, argument, input field or enum value
/// still generates, with a warning (HSGQL017) at the use; the generated members carry <c>[Obsolete]</c> so C# code
/// that touches them warns too, while the generated code itself compiles clean.
/// </summary>
public sealed class DeprecationTests
{
    private static readonly string[] UsesEverythingDeprecated =
    [
        """
        query Legacy {
          leads(includeLost: true, status: CONTACTED) {
            nodes { id rating }
          }
        }
        """,
        """
        mutation LegacyCreate($input: CreateLeadInput!) {
          createLead(input: { name: "王芳", referrer: "expo" }) { lead { id } }
          again: createLead(input: $input) { lead { id } }
        }
        """,
    ];

    [Fact]
    public void UsingDeprecatedMembers_WarnsAtEachUse_WithTheReason()
    {
        var result = Run(UsesEverythingDeprecated);

        var diagnostics = result.Diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.All(diagnostics, d => Assert.Equal(("HSGQL017", DiagnosticSeverity.Warning), (d.Id, d.Severity)));
        Snapshot.Match(diagnostics.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            return $"{d.Id} {d.Severity} {Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.GetMessage()}";
        }));
        Assert.Equal(4, diagnostics.Count);
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "Operations.Legacy.g.cs");
    }

    [Fact]
    public void DeprecatedMembers_AreObsolete_AndTheGeneratedCodeCompilesWithoutObsoleteWarnings()
    {
        var sources = Run(UsesEverythingDeprecated).Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        Assert.Contains("""
                [global::System.Obsolete("Use `score`.")]
                [global::System.Text.Json.Serialization.JsonPropertyName("rating")]
                public int? Rating { get; init; } = Rating;
            """.Replace("\r\n", "\n"), sources["Operations.Legacy.g.cs"]);
        Assert.Contains("""[global::System.Obsolete("No longer supported")]""" + "\n    [global::System.Text.Json.Serialization.JsonPropertyName(\"referrer\")]", sources["Inputs.CreateLeadInput.g.cs"]);
        Assert.Contains("""[global::System.Obsolete("Use `IN_PROGRESS`.")]""" + "\n    Contacted,", sources["Enums.LeadStatus.g.cs"]);

        var compilation = CSharpCompilation.Create(
            "Generated",
            sources.Values.Select(text => CSharpSyntaxTree.ParseText(text)),
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.Empty(problems);

        // A deprecated field is still read from the response.
        using var assembly = new MemoryStream();
        Assert.True(compilation.Emit(assembly).Success);
        var nodeType = System.Reflection.Assembly.Load(assembly.ToArray()).GetType("Fixture.Client.Legacy_Leads_Nodes")!;
        var node = System.Text.Json.JsonSerializer.Deserialize("""{"id":"TGVhZDox","rating":4}""", nodeType, HeadlessSales.Client.Serialization.GraphQLJson.CreateOptions());
        Assert.Equal(4, nodeType.GetProperty("Rating")!.GetValue(node));

        // The attributes are real: code using those members gets the compiler's obsolete warning.
        var usage = CSharpSyntaxTree.ParseText("""
            class Integrator
            {
                object Use(Fixture.Client.Legacy_Leads_Nodes lead) => (lead.Rating, Fixture.Client.LeadStatus.Contacted, new Fixture.Client.CreateLeadInput { Name = "x", Referrer = "y" });
            }
            """);
        var used = compilation.AddSyntaxTrees(usage).GetDiagnostics();
        Assert.DoesNotContain(used, d => d.Severity == DiagnosticSeverity.Error);
        var warnings = used.Where(d => d.Id == "CS0618").Select(d => d.GetMessage()).ToList();
        Assert.True(warnings.Count == 3, string.Join("\n", warnings));
        Assert.Contains(warnings, w => w.Contains("Use `score`."));
    }

    [Fact]
    public void NoDeprecatedUse_NoWarning()
    {
        var result = Run("""
            query Current { leads(status: IN_PROGRESS) { nodes { id score } } }
            """);

        Assert.Empty(result.Diagnostics);
    }

    private static GeneratorDriverRunResult Run(params string[] operations) =>
        GeneratorHarness.RunOnce(
        [
            ("/fixtures/schema.graphqls", GeneratorHarness.FixtureSchema()),
            .. operations.Select(operation => ("/fixtures/" + operation.Split(' ', '(', '{')[1] + ".graphql", operation)),
        ]);

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll"
            || Path.GetFileName(path).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
        .Append(typeof(GraphQLFile).Assembly.Location)
        .Distinct()
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
}
