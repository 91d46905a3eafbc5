using System.Text.Json.Serialization;

namespace HeadlessSales.Client;

/// <summary>A GraphQL request as defined by GraphQL over HTTP: the document, the operation to run, and its variables.</summary>
public sealed record GraphQLRequest(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("operationName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OperationName = null,
    [property: JsonPropertyName("variables"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object?>? Variables = null);
