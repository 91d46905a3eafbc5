using System.Collections.Immutable;
using HeadlessSales.Client.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HeadlessSales.Sdk.Tests.Infrastructure;

/// <summary>Runs <see cref="GraphQLClientGenerator"/> in-process over in-memory .graphql files.</summary>
internal sealed class GeneratorHarness
{
    public const string FixtureDirectory = "/fixtures";

    private readonly Dictionary<string, string> _buildProperties;

    public GeneratorHarness(string clientName = "GraphQLClient", string @namespace = "Fixture.Client")
    {
        _buildProperties = new Dictionary<string, string>
        {
            [GraphQLClientGenerator.ClientNameProperty] = clientName,
            [GraphQLClientGenerator.NamespaceProperty] = @namespace,
        };
        Driver = CSharpGeneratorDriver.Create(
            [new GraphQLClientGenerator().AsSourceGenerator()],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .WithUpdatedAnalyzerConfigOptions(new OptionsProvider(_buildProperties));
    }

    public GeneratorDriver Driver { get; private set; }

    public static CSharpCompilation EmptyCompilation { get; } = CSharpCompilation.Create(
        "Fixture",
        references: [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
        options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>The schema and every operation of the test fixture (Fixtures/), as copied next to the test assembly.</summary>
    public static IReadOnlyList<AdditionalText> FixtureFiles()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        return Directory.EnumerateFiles(root, "*.graphql*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (AdditionalText)new InMemoryAdditionalText(FixtureDirectory + "/" + Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
    }

    public static string FixtureSchema() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schema.graphqls"));

    public GeneratorDriverRunResult Run(IEnumerable<AdditionalText> files)
    {
        Driver = Driver.AddAdditionalTexts(files.ToImmutableArray());
        Driver = Driver.RunGenerators(EmptyCompilation);
        return Driver.GetRunResult();
    }

    public GeneratorDriverRunResult RunAgain()
    {
        Driver = Driver.RunGenerators(EmptyCompilation);
        return Driver.GetRunResult();
    }

    public GeneratorDriverRunResult RenameClient(string clientName)
    {
        _buildProperties[GraphQLClientGenerator.ClientNameProperty] = clientName;
        Driver = Driver.WithUpdatedAnalyzerConfigOptions(new OptionsProvider(new Dictionary<string, string>(_buildProperties))).RunGenerators(EmptyCompilation);
        return Driver.GetRunResult();
    }

    public GeneratorDriverRunResult Replace(AdditionalText oldFile, AdditionalText newFile)
    {
        Driver = Driver.ReplaceAdditionalText(oldFile, newFile).RunGenerators(EmptyCompilation);
        return Driver.GetRunResult();
    }

    public static GeneratorDriverRunResult RunOnce(params (string Path, string Text)[] files) =>
        new GeneratorHarness().Run(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)));

    private sealed class OptionsProvider(Dictionary<string, string> globalOptions) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(globalOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}
