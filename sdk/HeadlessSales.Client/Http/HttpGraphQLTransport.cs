using System.Net.Http.Headers;
using System.Text.Json;
using HeadlessSales.Client.Serialization;

namespace HeadlessSales.Client.Http;

/// <summary>
/// GraphQL over HTTP: POSTs <c>application/json</c> and prefers <c>application/graphql-response+json</c>,
/// whose status codes are meaningful (a 400 still carries a GraphQL response with errors).
/// </summary>
public sealed class HttpGraphQLTransport(HttpClient httpClient, JsonSerializerOptions serializerOptions, GraphQLDocumentMode documentMode = GraphQLDocumentMode.Text)
    : IGraphQLTransport
{
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    private const string JsonMediaType = "application/json";

    /// <summary>The header the server requires on multipart requests, so browsers cannot send them cross-site unasked.</summary>
    public const string PreflightHeader = "GraphQL-Require-Preflight";

    /// <summary>
    /// Runs a query or mutation. When the variables hold <see cref="GraphQLFile"/>s (the <c>Upload</c> scalar) the
    /// request goes as a GraphQL multipart request, with the preflight header the server requires; otherwise as JSON.
    /// </summary>
    public async Task<OperationResult<TData>> ExecuteAsync<TData>(GraphQLRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = GraphQLMultipartRequest.Create(request.ToWire(documentMode), serializerOptions, out var isMultipart);
        return await SendAsync<TData>(content, isMultipart, cancellationToken).ConfigureAwait(false);
    }

    private async Task<OperationResult<TData>> SendAsync<TData>(HttpContent content, bool multipart, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = content };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(GraphQLResponseMediaType));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType, 0.9));
        if (multipart)
        {
            message.Headers.Add(PreflightHeader, "1");
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new GraphQLTransportException("The GraphQL endpoint could not be reached: " + exception.Message, exception.StatusCode, exception);
        }

        using (response)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var isGraphQLResponse = string.Equals(mediaType, GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase);
            var isJson = string.Equals(mediaType, JsonMediaType, StringComparison.OrdinalIgnoreCase);
            if (!isGraphQLResponse && !isJson)
            {
                throw new GraphQLTransportException(
                    $"The GraphQL endpoint answered {(int)response.StatusCode} with '{mediaType ?? "no content type"}': {await ReadExcerptAsync(response, cancellationToken).ConfigureAwait(false)}",
                    response.StatusCode);
            }

            JsonDocument document;
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException exception)
            {
                throw new GraphQLTransportException($"The GraphQL endpoint answered {(int)response.StatusCode} with malformed JSON.", response.StatusCode, exception);
            }

            using (document)
            {
                // With application/json a non-2xx status says nothing about the body (it may be a proxy's error page in JSON),
                // so it is only trusted when it has the shape of a GraphQL response.
                if (!isGraphQLResponse && !response.IsSuccessStatusCode && !GraphQLResponseReader.IsResponse(document.RootElement))
                {
                    throw new GraphQLTransportException($"The GraphQL endpoint answered {(int)response.StatusCode}.", response.StatusCode);
                }

                return GraphQLResponseReader.Read<TData>(document.RootElement, serializerOptions, response.StatusCode);
            }
        }
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Length <= 200 ? body : body[..200] + "…";
    }
}
