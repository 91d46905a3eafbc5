using System.Text.RegularExpressions;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>The typed wiring every module follows: loaders reached through one helper, nodes registered with their loader.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class WiringConventionsTests(ApiFactory api)
{
    [Fact]
    public void NoCode_LooksUpADataLoaderByHand()
    {
        var root = RepositoryRoot();
        var offenders = ApiSources(root)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file: Path.GetRelativePath(root, file), line, number: index + 1)))
            .Where(source => DataLoaderLookup().IsMatch(source.line))
            .Select(source => $"{source.file}:{source.number}: {source.line.Trim()}")
            .ToList();

        // A failure names the file: resolve through ctx.DataLoader<TLoader>() (GraphQL/DataLoaders/DataLoaderResolution.cs) instead.
        Assert.True(offenders.Count == 0, "DataLoaders looked up by hand:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void EveryNodeType_HasOneLoader_NamedAfterIt()
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var nodeTypes = schema.AllTypes.OfType<IObjectGraphType>()
            .Where(type => type.ResolvedInterfaces.Any(i => i.Name == "Node"))
            .Select(type => type.Name)
            .Order()
            .ToList();
        var loaders = api.Services.GetServices<INodeLoader>().Select(loader => loader.TypeName).Order().ToList();

        Assert.NotEmpty(nodeTypes);
        Assert.Equal(nodeTypes, loaders);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "HeadlessSales.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("HeadlessSales.sln not found above " + AppContext.BaseDirectory);
        }

        return folder.FullName;
    }

    /// <summary>Every C# file under api/, build output excluded.</summary>
    private static IEnumerable<string> ApiSources(string root)
    {
        var generated = new[] { $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}" };
        return Directory.EnumerateFiles(Path.Combine(root, "api"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !generated.Any(folder => file.Contains(folder, StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"GetRequiredService<\w*DataLoader>|GetService<\w*DataLoader>|typeof\(\w*DataLoader\)")]
    private static partial Regex DataLoaderLookup();
}
