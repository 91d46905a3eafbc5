using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Emitting;

/// <summary>
/// Emits the serializer options of the client: the runtime's converters for the custom scalars this
/// schema declares (DateTime, Date/DateOnly, TimeOnly, Decimal). Upload values are GraphQLFiles, which carry
/// their own converter; other custom scalars are read as raw JSON.
/// </summary>
internal static class ScalarMappingEmitter
{
    public static string HintName(ClientSettings settings) => settings.ClientName + "Serialization.g.cs";

    public static string Emit(EquatableArray<string> customScalars, ClientSettings settings)
    {
        var writer = CodeWriter.StartFile(settings.Namespace);
        writer.Summary("JSON settings for " + settings.ClientName + ": how the schema's custom scalars map onto .NET types.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public static partial class " + settings.ClientName + "Serialization");
        writer.Line("/// <summary>New serializer options with the converters of this schema's scalars.</summary>");
        writer.Line("/// <remarks>");
        foreach (var scalar in customScalars)
        {
            writer.Line("/// <para>" + scalar + " → <c>" + CodeWriter.EscapeXml(Analysis.ScalarMapping.ToCSharp(scalar).Replace("global::", string.Empty)) + "</c></para>");
        }

        writer.Line("/// </remarks>");
        writer.OpenBlock("public static global::System.Text.Json.JsonSerializerOptions CreateOptions()");
        writer.Line("var options = global::HeadlessSales.Client.Serialization.GraphQLJson.CreateOptions();");
        foreach (var scalar in customScalars)
        {
            var converter = scalar switch
            {
                "DateTime" => "DateTimeScalarConverter",
                "Date" or "DateOnly" => "DateScalarConverter",
                "TimeOnly" => "TimeScalarConverter",
                "Decimal" => "DecimalScalarConverter",
                _ => null,
            };
            if (converter is not null)
            {
                writer.Line("options.Converters.Add(new global::HeadlessSales.Client.Serialization." + converter + "());");
            }
        }

        writer.Line("return options;");
        writer.CloseBlock();
        writer.CloseBlock();
        return writer.ToString();
    }
}
