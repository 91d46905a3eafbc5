using System.Linq;
using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Emitting;

/// <summary>
/// Emits a C# enum with PascalCase members and a converter holding the exact GraphQL name of each member,
/// so <c>IN_PROGRESS</c> ↔ <c>InProgress</c> round-trips without guessing at casing rules. A server may add
/// enum values without breaking its clients, so a value this client was generated without reads as an extra
/// <c>Unrecognized</c> member instead of failing the whole response; only sending that member back fails.
/// </summary>
internal static class EnumEmitter
{
    public static string HintName(EnumModel model) => "Enums." + model.Name + ".g.cs";

    public static string Emit(EnumModel model, ClientSettings settings)
    {
        var writer = CodeWriter.StartFile(settings.Namespace);
        if (model.Members.Any(m => m.DeprecationReason is not null))
        {
            // The converter must still read and write the deprecated members.
            writer.Line("#pragma warning disable CS0618");
            writer.Line();
        }

        var converter = model.Name + "JsonConverter";
        writer.Summary(model.Description ?? "The GraphQL enum '" + model.Name + "'.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + converter + "))]");
        writer.OpenBlock("public enum " + model.Name);
        foreach (var member in model.Members)
        {
            writer.Summary(member.Description ?? "GraphQL value " + member.GraphQLValue + ".");
            if (member.DeprecationReason is not null)
            {
                writer.Line(CodeWriter.Obsolete(member.DeprecationReason));
            }

            writer.Line(member.Name + ",");
        }

        var unrecognized = UnrecognizedMemberName(model);
        writer.Summary("A value the server sent that this client was generated without; regenerate the client to tell it apart. It cannot be sent to the server.");
        writer.Line(unrecognized + " = -1,");
        writer.CloseBlock();
        writer.Line();
        writer.Summary("Converts '" + model.Name + "' to and from its GraphQL wire names.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public sealed class " + converter + " : global::System.Text.Json.Serialization.JsonConverter<" + model.Name + ">");
        writer.Line("/// <summary>The member for a GraphQL value, exactly as the schema spells it.</summary>");
        writer.OpenBlock("public static " + model.Name + " Parse(string value) => value switch");
        foreach (var member in model.Members)
        {
            writer.Line(CodeWriter.Literal(member.GraphQLValue) + " => " + model.Name + "." + member.Name + ",");
        }

        writer.Line("_ => " + model.Name + "." + unrecognized + ",");
        writer.CloseBlock(";");
        writer.Line();
        writer.Line("/// <summary>The GraphQL value of a member.</summary>");
        writer.OpenBlock("public static string Format(" + model.Name + " value) => value switch");
        foreach (var member in model.Members)
        {
            writer.Line(model.Name + "." + member.Name + " => " + CodeWriter.Literal(member.GraphQLValue) + ",");
        }

        writer.Line("_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"Not a value the server knows: " + model.Name + "." + unrecognized + " only stands for values this client was generated without.\"),");
        writer.CloseBlock(";");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.OpenBlock("public override " + model.Name + " Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)");
        writer.OpenBlock("if (reader.TokenType != global::System.Text.Json.JsonTokenType.String)");
        writer.Line("throw new global::System.Text.Json.JsonException(\"Expected a string for the GraphQL enum " + model.Name + ".\");");
        writer.CloseBlock();
        writer.Line();
        writer.Line("return Parse(reader.GetString()!);");
        writer.CloseBlock();
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line("public override void Write(global::System.Text.Json.Utf8JsonWriter writer, " + model.Name + " value, global::System.Text.Json.JsonSerializerOptions options) =>");
        writer.Line("    writer.WriteStringValue(Format(value));");
        writer.CloseBlock();
        return writer.ToString();
    }

    /// <summary>"Unrecognized", unless the schema already has a value of that name.</summary>
    private static string UnrecognizedMemberName(EnumModel model)
    {
        var name = "Unrecognized";
        while (model.Members.Any(m => m.Name == name))
        {
            name += "Value";
        }

        return name;
    }
}
