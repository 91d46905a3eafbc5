using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>
/// The platform (GraphQL, Infrastructure, Identity) knows no feature but the core, and a feature knows another only
/// where <see cref="AllowedFeatureReferences"/> says so. Checked on symbols the compiler binds, so neither a
/// <c>using</c> alias nor a fully qualified name hides a reference.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "HeadlessSales.Api";
    private const string FeaturesNamespace = Root + ".Features.";
    private static readonly string[] PlatformNamespaces = [Root + ".GraphQL", Root + ".Infrastructure", Root + ".Identity"];

    /// <summary>Every module may use the core: tenants, members, teams, regions and working calendars.</summary>
    private const string Core = "Organization";

    /// <summary>Which feature may use which other one (besides the core), and why. Keep it short and acyclic.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> AllowedFeatureReferences = new()
    {
        ["Customers"] = [],
        ["Approvals"] = [],
        ["Integration"] = [],
        ["Leads"] = new()
        {
            ["Customers"] = "a lead is converted into an account and a contact",
        },
        ["Pipeline"] = new()
        {
            ["Customers"] = "an opportunity is an account's",
            ["Leads"] = "an opportunity is converted from a lead and marks it converted",
            ["Approvals"] = "a stage gate may ask for an approval",
        },
        ["Documents"] = new()
        {
            ["Customers"] = "documents attach to accounts",
            ["Leads"] = "documents attach to leads",
            ["Pipeline"] = "documents attach to opportunities and are stage evidence",
        },
        ["Activities"] = new()
        {
            ["Customers"] = "follow-ups on accounts and contacts",
            ["Leads"] = "follow-ups on leads",
            ["Pipeline"] = "follow-ups on opportunities",
        },
        ["Contracts"] = new()
        {
            ["Customers"] = "a contract is an account's",
            ["Pipeline"] = "a contract closes an opportunity",
            ["Approvals"] = "a contract change may need an approval",
        },
        ["ProcessHealth"] = new()
        {
            ["Leads"] = "lead response and conversion metrics",
            ["Pipeline"] = "pipeline velocity metrics",
            ["Activities"] = "follow-up metrics",
        },
        ["Insights"] = new()
        {
            ["Leads"] = "attribution starts at a lead's source",
            ["Pipeline"] = "attribution ends at won opportunities",
            ["Activities"] = "attribution weighs the follow-ups between the two; a follow-up's tag can be a decision signal",
            ["Customers"] = "slices cut opportunities by their account's industry, ownership, size and province; segmentation reads and sets accounts' sub-segments; bottlenecks compare accounts",
            ["Documents"] = "a document uploaded on an opportunity can be a decision signal; segmentation reads the names of an account's files",
            ["Contracts"] = "the signing rhythm is read from contract signatures",
            ["Approvals"] = "the rhythm measures the contract approval cycle",
            ["Targets"] = "the rhythm bonus lands in the incentive ledger",
            ["Enablement"] = "an accepted sub-segment pushes its approved won cases",
        },
        ["Targets"] = new()
        {
            ["Customers"] = "weekly plans name accounts; strategic accounts",
            ["Pipeline"] = "quality opportunities, proposal pass rate, weekly plans name opportunities",
            ["Contracts"] = "collections and signed contracts are the result track",
            ["ProcessHealth"] = "process-health metrics in the process track",
            ["Activities"] = "target-health diagnosis reads follow-ups of strategic accounts",
        },
        ["Automation"] = new()
        {
            ["Leads"] = "rules read leads, start on their events and wait in their owners' working time",
            ["Customers"] = "rules read accounts and contacts and start on account events",
            ["Pipeline"] = "rules read opportunities and start on stage changes",
            ["Integration"] = "a rule's CALL_WEBHOOK action is a delivery through the webhook outbox",
            ["Documents"] = "rules count customers' document views and push or share documents",
            ["Enablement"] = "rules push approved won cases to owners",
            ["Activities"] = "industry templates install follow-up tags",
            ["ProcessHealth"] = "industry templates set process-health targets",
            ["Targets"] = "a rule's AWARD action pays points or an incentive into the incentive ledger",
        },
        ["Enablement"] = new()
        {
            ["Pipeline"] = "a case comes from a won opportunity",
            ["Documents"] = "a case's call-recording excerpts are audio documents of its opportunity",
            ["Targets"] = "contribution points are earned and redeemed in the incentive ledger; the radar's proposal stage is the targets' setting",
            ["Activities"] = "logging a follow-up brings coaching (its payload, a subscription); the capability radar reads follow-ups (discipline, demos)",
            ["Customers"] = "the coach's missing-decision-maker hint reads the account's contact roles",
            ["ProcessHealth"] = "the coach's stalled-stage hint uses the process-health dwell limit",
            ["Contracts"] = "the capability radar's collection cycle reads signatures and collections",
        },
    };

    [Fact]
    public void Platform_ReferencesNoFeatureButTheCore()
    {
        var offences = References()
            .Where(reference => PlatformNamespaces.Any(reference.FromNamespace.StartsWith) && reference.ToFeature != Core)
            .GroupBy(reference => (reference.File, reference.Type))
            .Select(uses => uses.OrderBy(reference => reference.Line).First().ToString())
            .Order()
            .ToList();

        Assert.True(offences.Count == 0, $"the platform references features other than {Core}:\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void Features_ReferenceOtherFeaturesOnlyAsAllowed()
    {
        var offences = References()
            .Where(reference => reference.FromFeature is { } from && from != reference.ToFeature && reference.ToFeature != Core
                && !(AllowedFeatureReferences.GetValueOrDefault(from)?.ContainsKey(reference.ToFeature) ?? false))
            .GroupBy(reference => (reference.File, reference.Type))
            .Select(uses => uses.OrderBy(reference => reference.Line).First().ToString())
            .Order()
            .ToList();

        Assert.True(offences.Count == 0, $"features reference features they are not allowed to:\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void AllowList_AllowsOnlyWhatIsUsed()
    {
        var used = References().Where(reference => reference.FromFeature is not null)
            .Select(reference => (From: reference.FromFeature!, To: reference.ToFeature)).ToHashSet();
        var unused = AllowedFeatureReferences
            .SelectMany(allowed => allowed.Value.Keys.Select(to => (From: allowed.Key, To: to)))
            .Where(edge => !used.Contains(edge))
            .Select(edge => $"{edge.From} → {edge.To}")
            .ToList();

        Assert.True(unused.Count == 0, $"the allow-list allows references nobody makes; remove them: {string.Join(", ", unused)}");
    }

    [Fact]
    public void AllowList_HasNoCycles()
    {
        var visiting = new List<string>();
        var done = new HashSet<string>();

        void Visit(string feature)
        {
            if (done.Contains(feature))
            {
                return;
            }

            Assert.False(visiting.Contains(feature), $"the allow-list has a cycle: {string.Join(" → ", visiting.SkipWhile(f => f != feature).Append(feature))}");
            visiting.Add(feature);
            foreach (var next in AllowedFeatureReferences.GetValueOrDefault(feature)?.Keys ?? Enumerable.Empty<string>())
            {
                Visit(next);
            }

            visiting.Remove(feature);
            done.Add(feature);
        }

        foreach (var feature in AllowedFeatureReferences.Keys)
        {
            Visit(feature);
        }
    }

    [Fact]
    public void AllowList_NamesOnlyFeaturesThatExist()
    {
        var features = Directory.GetDirectories(Path.Combine(ApiFolder, "Features")).Select(Path.GetFileName).ToHashSet();
        var named = AllowedFeatureReferences.Keys.Concat(AllowedFeatureReferences.Values.SelectMany(allowed => allowed.Keys));

        var unknown = named.Where(feature => !features.Contains(feature)).ToList();
        Assert.True(unknown.Count == 0, $"the allow-list names features that do not exist: {string.Join(", ", unknown)}");
    }

    private sealed record Reference(string File, int Line, string FromNamespace, string? FromFeature, string ToFeature, string Type)
    {
        public override string ToString() => $"{File}:{Line} uses {Type} ({ToFeature})";
    }

    private static readonly Lazy<IReadOnlyList<Reference>> AllReferences = new(FindReferences);

    private static IReadOnlyList<Reference> References() => AllReferences.Value;

    private static string ApiFolder
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "HeadlessSales.sln")))
            {
                folder = folder.Parent;
            }

            return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("HeadlessSales.sln not found above the test output"), "api", Root);
        }
    }

    private static IReadOnlyList<Reference> FindReferences()
    {
        var apiFolder = ApiFolder;
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        // Generated migrations name entity types only in strings; they are left out to keep this fast.
        var sources = Directory.EnumerateFiles(apiFolder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsUnder(apiFolder, path, "bin") && !IsUnder(apiFolder, path, "obj") && !IsUnder(apiFolder, path, Path.Combine("Infrastructure", "Data", "Migrations")))
            .ToList();
        var trees = sources
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, "ImplicitUsings.g.cs"))
            .ToList();

        var referencePaths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(path => !Path.GetFileName(path).StartsWith(Root, StringComparison.Ordinal))
            .GroupBy(Path.GetFileName)
            .Select(paths => MetadataReference.CreateFromFile(paths.First()));
        var compilation = CSharpCompilation.Create("LayeringCheck", trees, referencePaths,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var references = new ConcurrentBag<Reference>();
        var unbound = new ConcurrentBag<string>();
        Parallel.ForEach(trees, tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            // A name the compiler cannot bind would pass unseen: the check is only as good as the binding. The regex
            // source generator, which does not run here, implements the partial methods the compiler misses (CS8795).
            foreach (var diagnostic in model.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Id != "CS8795"))
            {
                unbound.Add(diagnostic.ToString());
            }

            var root = tree.GetRoot();
            var fromNamespace = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString() ?? "";
            var fromFeature = FeatureOf(fromNamespace);
            var file = Path.GetRelativePath(apiFolder, tree.FilePath);
            foreach (var node in root.DescendantNodes().Where(node => node is SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax))
            {
                var symbolInfo = model.GetSymbolInfo(node);
                var symbols = symbolInfo.Symbol is { } symbol ? [symbol] : symbolInfo.CandidateSymbols.ToArray();
                foreach (var type in symbols.SelectMany(TypesOf))
                {
                    if (FeatureOf(type.ContainingNamespace?.ToDisplayString() ?? "") is { } toFeature && toFeature != fromFeature)
                    {
                        references.Add(new Reference(file, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, fromNamespace, fromFeature, toFeature,
                            type.ToDisplayString()));
                    }
                }
            }
        });

        Assert.True(unbound.IsEmpty, $"the layering check could not compile the api:\n{string.Join("\n", unbound.Take(20))}");
        return [.. references];
    }

    /// <summary>The type a symbol is or belongs to, and the types of its signature.</summary>
    private static IEnumerable<ITypeSymbol> TypesOf(ISymbol symbol)
    {
        switch (symbol)
        {
            case ITypeSymbol type:
                yield return type;
                break;
            case IMethodSymbol method:
                yield return method.ContainingType;
                yield return method.ReturnType;
                break;
            case IPropertySymbol property:
                yield return property.ContainingType;
                yield return property.Type;
                break;
            case IFieldSymbol field:
                yield return field.ContainingType;
                yield return field.Type;
                break;
            case IEventSymbol @event:
                yield return @event.ContainingType;
                break;
        }
    }

    private static string? FeatureOf(string @namespace) =>
        @namespace.StartsWith(FeaturesNamespace, StringComparison.Ordinal) ? @namespace[FeaturesNamespace.Length..].Split('.')[0] : null;

    private static bool IsUnder(string root, string path, string folder) =>
        Path.GetRelativePath(Path.Combine(root, folder), path) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);

    /// <summary>What the web SDK's implicit usings add to the api project.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;
}
