using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessSales.Client;

/// <summary>An entry of the <c>errors</c> list of a GraphQL response.</summary>
public sealed record GraphQLError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("locations")] IReadOnlyList<GraphQLErrorLocation>? Locations = null,
    [property: JsonPropertyName("path")] IReadOnlyList<JsonElement>? Path = null,
    [property: JsonPropertyName("extensions")] IReadOnlyDictionary<string, JsonElement>? Extensions = null)
{
    /// <summary>The machine-readable <c>extensions.code</c>, when the server sent one.</summary>
    [JsonIgnore]
    public string? Code =>
        Extensions is not null && Extensions.TryGetValue("code", out var code) && code.ValueKind == JsonValueKind.String
            ? code.GetString()
            : null;

    /// <summary>The path rendered as <c>account.contacts[2].email</c>, or null for request-level errors.</summary>
    [JsonIgnore]
    public string? PathText
    {
        get
        {
            if (Path is null || Path.Count == 0)
            {
                return null;
            }

            var builder = new StringBuilder();
            foreach (var segment in Path)
            {
                if (segment.ValueKind == JsonValueKind.Number)
                {
                    builder.Append('[').Append(segment.GetRawText()).Append(']');
                }
                else
                {
                    builder.Append(builder.Length == 0 ? string.Empty : ".").Append(segment.GetString());
                }
            }

            return builder.ToString();
        }
    }

    public override string ToString() =>
        (Code is null ? string.Empty : "[" + Code + "] ") + Message + (PathText is null ? string.Empty : " (at " + PathText + ")");
}

/// <summary>A 1-based line and column in the request document.</summary>
public sealed record GraphQLErrorLocation(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("column")] int Column);
