using GraphQLParser;
using GraphQLParser.AST;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>The typed SDK keeps up with the schema: one operation file per query, mutation and subscription field.</summary>
public sealed class TypedSdkCoverageTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void EveryRootField_HasAnOperationInTheSdk()
    {
        var schema = Parser.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "schema", "schema.graphql")));
        var rootFields = schema.Definitions.OfType<GraphQLObjectTypeDefinition>()
            .Where(type => type.Name.StringValue is "Query" or "Mutation" or "Subscription")
            .SelectMany(type => (type.Fields?.Items ?? []).Select(field => type.Name.StringValue + "." + field.Name.StringValue))
            .ToHashSet();

        var covered = OperationFiles()
            .Select(file => Parser.Parse(File.ReadAllText(file)).Definitions.OfType<GraphQLOperationDefinition>().Single())
            .SelectMany(operation => operation.SelectionSet.Selections.OfType<GraphQLField>().Select(field => RootTypeName(operation) + "." + field.Name.StringValue))
            .ToHashSet();

        // To fix: dotnet run --project sdk/tools/HeadlessSales.Sdk.Scaffold, then review the new files.
        Assert.Empty(rootFields.Except(covered).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EachOperationFile_IsNamedAfterItsOperation()
    {
        Assert.All(OperationFiles(), file =>
        {
            var operation = Parser.Parse(File.ReadAllText(file)).Definitions.OfType<GraphQLOperationDefinition>().Single();
            Assert.Equal(Path.GetFileNameWithoutExtension(file), operation.Name?.StringValue);
        });
    }

    private static IEnumerable<string> OperationFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "sdk", "HeadlessSales.Sdk", "Operations"), "*.graphql");

    private static string RootTypeName(GraphQLOperationDefinition operation) => operation.Operation switch
    {
        OperationType.Mutation => "Mutation",
        OperationType.Subscription => "Subscription",
        _ => "Query",
    };

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HeadlessSales.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("HeadlessSales.sln not found above " + AppContext.BaseDirectory);
    }
}
