using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Emitting;

/// <summary>
/// Emits an input object as a record. Required fields use C# <c>required</c>; every other field is an
/// <c>Optional&lt;T&gt;</c> so that "leave it out" and "set it to null" stay different requests, as GraphQL
/// distinguishes them.
/// </summary>
internal static class InputTypeEmitter
{
    private const string Json = "global::System.Text.Json.Serialization";

    public static string HintName(InputTypeModel input) => "Inputs." + input.Name + ".g.cs";

    public static string Emit(InputTypeModel input, ClientSettings settings)
    {
        var writer = CodeWriter.StartFile(settings.Namespace);
        writer.Summary(input.Description ?? "The GraphQL input type '" + input.Name + "'.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public sealed partial record " + input.Name);
        var first = true;
        foreach (var field in input.Fields)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Summary(field.Description ?? "The field '" + field.JsonName + "'" + (field.IsRequired ? "." : "; left out of the request unless set."));
            if (field.DeprecationReason is not null)
            {
                writer.Line(CodeWriter.Obsolete(field.DeprecationReason));
            }

            writer.Line("[" + Json + ".JsonPropertyName(" + CodeWriter.Literal(field.JsonName) + ")]");
            if (field.IsRequired)
            {
                writer.Line("public required " + field.CSharpType + " " + field.Name + " { get; init; }");
            }
            else
            {
                writer.Line("[" + Json + ".JsonIgnore(Condition = " + Json + ".JsonIgnoreCondition.WhenWritingDefault)]");
                writer.Line("public global::HeadlessSales.Client.Optional<" + field.CSharpType + "> " + field.Name + " { get; init; }");
            }
        }

        writer.CloseBlock();
        return writer.ToString();
    }
}
