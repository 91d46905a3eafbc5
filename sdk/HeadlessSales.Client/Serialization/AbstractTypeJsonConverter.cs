using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessSales.Client.Serialization;

/// <summary>
/// Base of the generated converters for interface and union selections: reads <c>__typename</c> (which
/// the generator adds to the request) and deserializes into the record generated for that type.
/// </summary>
public abstract class AbstractTypeJsonConverter<T> : JsonConverter<T>
    where T : class
{
    /// <summary>The generated record for <paramref name="typename"/>, or the fallback record for any other type.</summary>
    protected abstract Type ResolveType(string typename);

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("__typename", out var typename)
            || typename.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("A value of the abstract GraphQL type behind " + typeof(T).Name + " has no __typename.");
        }

        return (T?)element.Deserialize(ResolveType(typename.GetString()!), options);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}
