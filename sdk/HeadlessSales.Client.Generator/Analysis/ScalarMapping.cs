using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Analysis;

/// <summary>The CLR type behind each GraphQL scalar; unknown custom scalars stay raw JSON so no value is lost.</summary>
internal static class ScalarMapping
{
    public const string JsonElement = "global::System.Text.Json.JsonElement";

    /// <summary>The GraphQL multipart request spec's scalar: a file the HTTP transport sends as a part of its own.</summary>
    public const string UploadScalar = "Upload";

    public static string ToCSharp(string scalarName) => scalarName switch
    {
        "ID" => "string",
        "String" => "string",
        "Int" => "int",
        "Float" => "double",
        "Boolean" => "bool",
        "DateTime" => "global::System.DateTimeOffset",
        "Date" or "DateOnly" => "global::System.DateOnly",
        "TimeOnly" => "global::System.TimeOnly",
        "Decimal" => "decimal",
        UploadScalar => "global::HeadlessSales.Client.GraphQLFile",
        _ => JsonElement,
    };

    public static bool IsValueType(string scalarName) => scalarName is not ("ID" or "String" or UploadScalar);

    /// <summary>Renders a GraphQL type reference as a C# type: lists become <c>IReadOnlyList&lt;T&gt;</c>, nullable types get <c>?</c>.</summary>
    public static string Render(TypeRef type, System.Func<string, string> namedTypeToCSharp)
    {
        var inner = type.IsList
            ? "global::System.Collections.Generic.IReadOnlyList<" + Render(type.OfType!, namedTypeToCSharp) + ">"
            : namedTypeToCSharp(type.Name!);
        return type.IsNonNull ? inner : inner + "?";
    }
}
