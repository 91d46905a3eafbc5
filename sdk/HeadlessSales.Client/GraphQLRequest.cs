using System.Text.Json.Serialization;

namespace HeadlessSales.Client;

/// <summary>
/// A GraphQL request: the document, the operation to run, its variables, and the document's persisted id
/// (<c>sha256:…</c>) for servers that run only documents they know.
/// </summary>
public sealed record GraphQLRequest(
    string Query,
    string? OperationName = null,
    IReadOnlyDictionary<string, object?>? Variables = null,
    string? DocumentId = null)
{
    /// <summary>The body sent over HTTP or in a WebSocket <c>subscribe</c>: the full text, or only the id.</summary>
    internal WireRequest ToWire(GraphQLDocumentMode mode) => mode switch
    {
        GraphQLDocumentMode.Persisted => new WireRequest(
            null,
            DocumentId ?? throw new InvalidOperationException($"Operation '{OperationName}' has no persisted document id; the client runs in persisted mode."),
            OperationName,
            Variables),
        _ => new WireRequest(Query, null, OperationName, Variables),
    };

    internal sealed record WireRequest(
        [property: JsonPropertyName("query"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Query,
        [property: JsonPropertyName("documentId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DocumentId,
        [property: JsonPropertyName("operationName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OperationName,
        [property: JsonPropertyName("variables"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object?>? Variables);
}

/// <summary>How the document travels to the server.</summary>
public enum GraphQLDocumentMode
{
    /// <summary>The full document text, as <c>query</c>.</summary>
    Text,

    /// <summary>
    /// Only its <c>documentId</c> (persisted documents): smaller requests, and the way to talk to a server
    /// that runs only an allow-list of documents. The server must hold the client's documents; see the
    /// generated client's <c>PersistedDocuments</c>.
    /// </summary>
    Persisted,
}

/// <summary>One operation's document as the server must store it for <see cref="GraphQLDocumentMode.Persisted"/>.</summary>
public sealed record PersistedDocument(string OperationName, string DocumentId, string Document);
