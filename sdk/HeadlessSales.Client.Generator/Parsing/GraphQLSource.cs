using System;

namespace HeadlessSales.Client.Generator.Parsing;

/// <summary>The path and text of one .graphql/.graphqls AdditionalFile.</summary>
internal sealed record GraphQLSource(string Path, string Text)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    public string FileNameWithoutExtension => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Schema files are <c>*.graphqls</c> or a file named <c>schema.graphql</c>; every other <c>*.graphql</c> holds operations or fragments.</summary>
    public static bool IsSchemaPath(string path) =>
        path.EndsWith(".graphqls", StringComparison.OrdinalIgnoreCase)
        || string.Equals(System.IO.Path.GetFileName(path), "schema.graphql", StringComparison.OrdinalIgnoreCase);

    public static bool IsDocumentPath(string path) =>
        path.EndsWith(".graphql", StringComparison.OrdinalIgnoreCase) && !IsSchemaPath(path);
}
