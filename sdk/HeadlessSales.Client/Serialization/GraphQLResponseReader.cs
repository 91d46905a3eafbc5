using System.Net;
using System.Text.Json;

namespace HeadlessSales.Client.Serialization;

/// <summary>Reads a GraphQL response object (<c>{ data, errors, extensions }</c>) into an <see cref="OperationResult{TData}"/>.</summary>
public static class GraphQLResponseReader
{
    /// <summary>True when <paramref name="element"/> has the shape of a GraphQL response: an object with <c>data</c> or <c>errors</c>.</summary>
    public static bool IsResponse(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && (element.TryGetProperty("data", out _) || element.TryGetProperty("errors", out _));

    public static OperationResult<TData> Read<TData>(JsonElement response, JsonSerializerOptions options, HttpStatusCode? statusCode = null)
    {
        if (!IsResponse(response))
        {
            throw new GraphQLTransportException("The server's answer is not a GraphQL response (no data nor errors).", statusCode);
        }

        var data = response.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null
            ? dataElement.Deserialize<TData>(options)
            : default;
        var errors = response.TryGetProperty("errors", out var errorsElement) && errorsElement.ValueKind == JsonValueKind.Array
            ? errorsElement.Deserialize<List<GraphQLError>>(options)
            : null;
        return new OperationResult<TData>(data, errors, ReadExtensions(response), statusCode);
    }

    public static IReadOnlyList<GraphQLError> ReadErrors(JsonElement errors, JsonSerializerOptions options) =>
        errors.ValueKind == JsonValueKind.Array ? errors.Deserialize<List<GraphQLError>>(options) ?? [] : [];

    private static Dictionary<string, JsonElement>? ReadExtensions(JsonElement response)
    {
        if (!response.TryGetProperty("extensions", out var extensions) || extensions.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return extensions.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
