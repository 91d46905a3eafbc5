using System.Linq;
using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Emitting;

/// <summary>
/// Emits, for one operation, its document text and one type per selection set: sealed records for object
/// types, and for interface and union types a C# interface, one record per possible type that selects
/// extra fields, a fallback record, and the JSON converter that picks among them by <c>__typename</c>.
/// </summary>
internal static class ResultTypesEmitter
{
    private const string Json = "global::System.Text.Json.Serialization";

    public static string HintName(OperationModel operation) => "Operations." + operation.Name + ".g.cs";

    public static string Emit(OperationModel operation, ClientSettings settings)
    {
        var writer = CodeWriter.StartFile(settings.Namespace);
        var kind = operation.Kind.ToString().ToLowerInvariant();

        writer.Summary("The GraphQL " + kind + " '" + operation.Name + "' from " + System.IO.Path.GetFileName(operation.FilePath) + ", as sent to the server.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public static partial class " + operation.Name + "Operation");
        writer.Line("/// <summary>The operation name, sent as <c>operationName</c>.</summary>");
        writer.Line("public const string Name = " + CodeWriter.Literal(operation.Name) + ";");
        writer.Line();
        writer.Line("/// <summary>The document: the operation, the fragments it spreads, and the <c>__typename</c> selections the client needs.</summary>");
        writer.Line("public const string Document = " + CodeWriter.VerbatimLiteral(operation.Document) + ";");
        writer.Line();
        writer.Line("/// <summary>The persisted-document id of <see cref=\"Document\"/>: the SHA-256 of its UTF-8 bytes.</summary>");
        writer.Line("public const string DocumentId = " + CodeWriter.Literal(operation.DocumentId) + ";");
        writer.CloseBlock();

        foreach (var type in operation.Interfaces)
        {
            writer.Line();
            EmitInterface(writer, type);
        }

        foreach (var type in operation.Objects.Reverse())
        {
            writer.Line();
            EmitRecord(writer, type, operation);
        }

        return writer.ToString();
    }

    private static void EmitInterface(CodeWriter writer, ResultInterfaceModel type)
    {
        writer.Summary("A selection on the GraphQL abstract type '" + type.GraphQLType + "'; the concrete record depends on __typename.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.Line("[" + Json + ".JsonConverter(typeof(" + type.ConverterName + "))]");
        var bases = type.IsUserError ? " : global::HeadlessSales.Client.IUserError" : string.Empty;
        writer.OpenBlock("public partial interface " + type.Name + bases);
        var first = true;
        foreach (var property in type.Properties)
        {
            if (type.IsUserError && property.JsonName is "message" or "code")
            {
                continue; // inherited from IUserError
            }

            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Summary(property.Description ?? "The field '" + property.JsonName + "'.");
            if (property.DeprecationReason is not null)
            {
                writer.Line(CodeWriter.Obsolete(property.DeprecationReason));
            }

            writer.Line(property.CSharpType + " " + property.Name + " { get; }");
        }

        writer.CloseBlock();
        writer.Line();
        writer.Summary("Reads a '" + type.GraphQLType + "' selection into the record that matches its __typename.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public sealed class " + type.ConverterName + " : global::HeadlessSales.Client.Serialization.AbstractTypeJsonConverter<" + type.Name + ">");
        writer.Line("/// <inheritdoc />");
        writer.OpenBlock("protected override global::System.Type ResolveType(string typename) => typename switch");
        foreach (var possibleType in type.PossibleTypes)
        {
            writer.Line(CodeWriter.Literal(possibleType.Typename) + " => typeof(" + possibleType.ClassName + "),");
        }

        writer.Line("_ => typeof(" + type.FallbackClassName + "),");
        writer.CloseBlock(";");
        writer.CloseBlock();
    }

    private static void EmitRecord(CodeWriter writer, ResultObjectModel type, OperationModel operation)
    {
        var isRoot = type.Name == operation.ResultTypeName;
        writer.Summary(isRoot
            ? "The data of the GraphQL " + operation.Kind.ToString().ToLowerInvariant() + " '" + operation.Name + "'."
            : "A selection on the GraphQL type '" + type.GraphQLType + "'.");
        foreach (var property in type.Properties)
        {
            // The schema's field descriptions, where IntelliSense shows them. Every parameter gets a tag:
            // documenting only some would raise CS1573 in projects that build documentation files.
            var description = string.IsNullOrWhiteSpace(property.Description)
                ? "The field '" + property.JsonName + "'."
                : property.Description!.Replace("\r\n", " ").Replace('\n', ' ').Trim();
            writer.Line("/// <param name=\"" + property.Name + "\">" + CodeWriter.EscapeXml(description) + "</param>");
        }

        writer.Line(CodeWriter.GeneratedCodeAttribute);

        var bases = type.Implements.ToList();
        if (type.IsUserError)
        {
            bases.Add("global::HeadlessSales.Client.IUserError");
        }

        if (type.UserErrorsProperty is not null)
        {
            bases.Add("global::HeadlessSales.Client.IUserErrorPayload");
        }

        var baseList = bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
        if (type.Properties.Count == 0)
        {
            writer.Line("public sealed partial record " + type.Name + "()" + baseList + ";");
            return;
        }

        // A deprecated field becomes an explicit property, because the compiler does not report [Obsolete] given to a
        // positional parameter's property; the parameter keeps the constructor (and deserialization) unchanged.
        var deprecated = type.Properties.Where(p => p.DeprecationReason is not null).ToList();
        var hasBody = type.UserErrorsProperty is not null || deprecated.Count > 0;
        writer.Line("public sealed partial record " + type.Name + "(");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            var separator = i == type.Properties.Count - 1 ? ")" + baseList + (hasBody ? string.Empty : ";") : ",";
            var attributes = property.DeprecationReason is null ? "[property: " + Json + ".JsonPropertyName(" + CodeWriter.Literal(property.JsonName) + ")] " : string.Empty;
            writer.Line("    " + attributes + property.CSharpType + " " + property.Name + separator);
        }

        if (!hasBody)
        {
            return;
        }

        writer.OpenBlock(string.Empty);
        var first = true;
        foreach (var property in deprecated)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Summary(property.Description ?? "The field '" + property.JsonName + "'.");
            writer.Line(CodeWriter.Obsolete(property.DeprecationReason!));
            writer.Line("[" + Json + ".JsonPropertyName(" + CodeWriter.Literal(property.JsonName) + ")]");
            writer.Line("public " + property.CSharpType + " " + property.Name + " { get; init; } = " + property.Name + ";");
        }

        if (type.UserErrorsProperty is not null)
        {
            if (!first)
            {
                writer.Line();
            }

            writer.Line("global::System.Collections.Generic.IReadOnlyList<global::HeadlessSales.Client.IUserError> global::HeadlessSales.Client.IUserErrorPayload.Errors => " + type.UserErrorsProperty + ";");
        }

        writer.CloseBlock();
    }
}
