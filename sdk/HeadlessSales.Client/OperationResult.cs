using System.Net;
using System.Text.Json;

namespace HeadlessSales.Client;

/// <summary>
/// The outcome of one GraphQL operation: <see cref="Data"/> and <see cref="Errors"/> may both be present
/// (a partial result), so callers decide how strict to be; <see cref="EnsureSuccess"/> is the strict way.
/// </summary>
public sealed class OperationResult<TData>
{
    public OperationResult(
        TData? data,
        IReadOnlyList<GraphQLError>? errors = null,
        IReadOnlyDictionary<string, JsonElement>? extensions = null,
        HttpStatusCode? statusCode = null)
    {
        Data = data;
        Errors = errors ?? [];
        Extensions = extensions;
        StatusCode = statusCode;
    }

    public TData? Data { get; }

    public IReadOnlyList<GraphQLError> Errors { get; }

    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; }

    /// <summary>The HTTP status of the response, or null when the result came over a WebSocket.</summary>
    public HttpStatusCode? StatusCode { get; }

    public bool HasErrors => Errors.Count > 0;

    public bool IsSuccess => !HasErrors && Data is not null;

    /// <summary>Returns <see cref="Data"/>, or throws <see cref="GraphQLOperationException"/> if the server reported any error.</summary>
    public TData EnsureSuccess() =>
        IsSuccess ? Data! : throw new GraphQLOperationException(Errors, StatusCode);
}

/// <summary>The server answered with GraphQL errors (or without data) where the caller required success.</summary>
public sealed class GraphQLOperationException(IReadOnlyList<GraphQLError> errors, HttpStatusCode? statusCode = null)
    : Exception(errors.Count == 0
        ? "The GraphQL response carried no data."
        : "The GraphQL operation failed: " + string.Join("; ", errors))
{
    public IReadOnlyList<GraphQLError> Errors { get; } = errors;

    public HttpStatusCode? StatusCode { get; } = statusCode;
}

/// <summary>The transport failed before a GraphQL response could be read: a network error, or a body that is not a GraphQL response.</summary>
public sealed class GraphQLTransportException : Exception
{
    public GraphQLTransportException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode? StatusCode { get; }
}
