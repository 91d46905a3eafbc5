using System.Linq;
using System.Text;
using HeadlessSales.Client.Generator.Analysis;
using HeadlessSales.Client.Generator.Diagnostics;
using HeadlessSales.Client.Generator.Emitting;
using HeadlessSales.Client.Generator.Model;
using HeadlessSales.Client.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HeadlessSales.Client.Generator;

/// <summary>
/// Turns a GraphQL schema and .graphql operation files (AdditionalFiles) into a typed client.
/// Pipeline: parse (schema, documents) → model (one analysis per operation file) → emit (one emitter per artifact).
/// Every step's output is compared by value, so editing one operation re-emits that operation only.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GraphQLClientGenerator : IIncrementalGenerator
{
    /// <summary>MSBuild property naming the client (interface I{Name}, class {Name}, Add{Name}()).</summary>
    public const string ClientNameProperty = "build_property.GraphQLClientName";

    /// <summary>MSBuild property for the namespace of the generated code; defaults to RootNamespace.</summary>
    public const string NamespaceProperty = "build_property.GraphQLClientNamespace";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ReadSettings(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Settings);

        var sources = context.AdditionalTextsProvider
            .Where(static file => GraphQLSource.IsSchemaPath(file.Path) || GraphQLSource.IsDocumentPath(file.Path))
            .Select(static (file, cancellationToken) => new GraphQLSource(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.Sources);

        var schema = sources
            .Where(static source => GraphQLSource.IsSchemaPath(source.Path))
            .Collect()
            .Select(static (schemaSources, _) => schemaSources.IsEmpty ? null : SchemaParser.Parse(schemaSources))
            .WithTrackingName(TrackingNames.Schema);

        var documents = sources.Where(static source => GraphQLSource.IsDocumentPath(source.Path));

        // Only files that may define fragments feed every analysis: editing a plain operation file must not re-analyze the others.
        var fragmentDocuments = documents
            .Where(static document => document.Text.Contains("fragment"))
            .Collect()
            .Select(static (files, _) => files.OrderBy(f => f.Path, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.FragmentDocuments);

        // Settings only name and place the output: they are combined in at emit time, so renaming the client re-analyzes nothing.
        var analyses = documents
            .Combine(fragmentDocuments)
            .Combine(schema)
            .Select(static (input, _) =>
            {
                var ((document, fragments), schemaResult) = input;
                return schemaResult?.Schema is null
                    ? new OperationAnalysis(null, EquatableArray<DiagnosticInfo>.Empty)
                    : OperationAnalyzer.Analyze(document, fragments, schemaResult.Schema);
            })
            .WithTrackingName(TrackingNames.OperationAnalysis);

        var models = analyses
            .Where(static analysis => analysis.Model is not null)
            .Select(static (analysis, _) => analysis.Model!)
            .WithTrackingName(TrackingNames.OperationModels);

        // One model per operation name (the first file in path order): a duplicate name is reported, not emitted twice.
        var uniqueModels = models
            .Collect()
            .SelectMany(static (all, _) => all
                .GroupBy(model => model.Name, System.StringComparer.Ordinal)
                .Select(group => group.OrderBy(model => model.FilePath, System.StringComparer.Ordinal).First())
                .OrderBy(model => model.Name, System.StringComparer.Ordinal))
            .WithTrackingName(TrackingNames.UniqueOperationModels);

        var signatures = uniqueModels
            .Select(static (model, _) => model.Signature)
            .Collect()
            .Select(static (items, _) => items.OrderBy(s => s.Name, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.OperationSignatures);

        var schemaModel = schema.Select(static (result, _) => result?.Schema);

        var inputTypes = uniqueModels
            .SelectMany(static (model, _) => model.ReferencedInputTypes)
            .Collect()
            .Select(static (names, _) => names.Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray())
            .SelectMany(static (names, _) => names)
            .Combine(schemaModel)
            .Select(static (input, _) => input.Right is null ? null : SchemaTypeMapper.MapInput(input.Left, input.Right))
            .Where(static input => input is not null)
            .WithTrackingName(TrackingNames.InputTypes);

        var enums = uniqueModels
            .SelectMany(static (model, _) => model.ReferencedEnums)
            .Collect()
            .Select(static (names, _) => names.Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray())
            .SelectMany(static (names, _) => names)
            .Combine(schemaModel)
            .Select(static (input, _) => input.Right is null ? null : SchemaTypeMapper.MapEnum(input.Left, input.Right))
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.Enums);

        var customScalars = schemaModel
            .Select(static (model, _) => model is null ? EquatableArray<string>.Empty : SchemaTypeMapper.CustomScalars(model))
            .WithTrackingName(TrackingNames.CustomScalars);

        // Diagnostics.
        context.RegisterSourceOutput(analyses, static (spc, analysis) => Report(spc, analysis.Diagnostics));
        context.RegisterSourceOutput(schema, static (spc, result) =>
        {
            if (result is not null)
            {
                Report(spc, result.Diagnostics);
            }
        });
        context.RegisterSourceOutput(
            documents.Collect().Combine(schema),
            static (spc, input) =>
            {
                if (input.Right is null && !input.Left.IsEmpty)
                {
                    spc.ReportDiagnostic(DiagnosticInfo.Create(GraphQLDiagnostics.MissingSchema, null).ToDiagnostic());
                }
            });
        context.RegisterSourceOutput(
            models.Select(static (model, _) => (model.Name, model.FilePath)).Collect(),
            static (spc, operations) =>
            {
                var duplicates = operations
                    .GroupBy(o => o.Name, System.StringComparer.Ordinal)
                    .SelectMany(g => g.OrderBy(o => o.FilePath, System.StringComparer.Ordinal).Skip(1));
                foreach (var duplicate in duplicates)
                {
                    var location = new SourceLocation(duplicate.FilePath, 0, 0, 0, 0, 0, 0);
                    spc.ReportDiagnostic(DiagnosticInfo.Create(GraphQLDiagnostics.DuplicateOperationName, location, duplicate.Name).ToDiagnostic());
                }
            });

        // Emitters, one per artifact.
        context.RegisterSourceOutput(uniqueModels.Combine(settings), static (spc, input) =>
            AddSource(spc, ResultTypesEmitter.HintName(input.Left), ResultTypesEmitter.Emit(input.Left, input.Right)));
        context.RegisterSourceOutput(inputTypes.Combine(settings), static (spc, input) =>
            AddSource(spc, InputTypeEmitter.HintName(input.Left!), InputTypeEmitter.Emit(input.Left!, input.Right)));
        context.RegisterSourceOutput(enums.Combine(settings), static (spc, input) =>
            AddSource(spc, EnumEmitter.HintName(input.Left!), EnumEmitter.Emit(input.Left!, input.Right)));

        var clientInput = signatures.Combine(settings).Combine(schema.Select(static (result, _) => result?.Schema is not null));
        context.RegisterSourceOutput(clientInput, static (spc, input) =>
        {
            var ((operations, clientSettings), hasSchema) = input;
            if (!hasSchema)
            {
                return;
            }

            AddSource(spc, ClientInterfaceEmitter.HintName(clientSettings), ClientInterfaceEmitter.Emit(operations, clientSettings));
            AddSource(spc, ClientEmitter.HintName(clientSettings), ClientEmitter.Emit(operations, clientSettings));
            AddSource(spc, DependencyInjectionEmitter.HintName(clientSettings), DependencyInjectionEmitter.Emit(clientSettings));
        });
        context.RegisterSourceOutput(customScalars.Combine(settings).Combine(schemaModel.Select(static (model, _) => model is not null)), static (spc, input) =>
        {
            var ((scalars, clientSettings), hasSchema) = input;
            if (hasSchema)
            {
                AddSource(spc, ScalarMappingEmitter.HintName(clientSettings), ScalarMappingEmitter.Emit(scalars, clientSettings));
            }
        });
    }

    private static ClientSettings ReadSettings(AnalyzerConfigOptions options)
    {
        var clientName = options.TryGetValue(ClientNameProperty, out var name) && SyntaxFacts.IsValidIdentifier(name?.Trim())
            ? name!.Trim()
            : ClientSettings.DefaultClientName;
        var @namespace = FirstNamespace(options, NamespaceProperty, "build_property.RootNamespace") ?? ClientSettings.DefaultNamespace;
        return new ClientSettings(clientName, @namespace);
    }

    private static string? FirstNamespace(AnalyzerConfigOptions options, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
                && value.Trim().Split('.').All(part => SyntaxFacts.IsValidIdentifier(part)))
            {
                return value.Trim();
            }
        }

        return null;
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void AddSource(SourceProductionContext context, string hintName, string source) =>
        context.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
}
