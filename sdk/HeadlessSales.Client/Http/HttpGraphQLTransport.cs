using System.Net.Http.Headers;
using System.Net.Http.Json;
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

    public Task<OperationResult<TData>> ExecuteAsync<TData>(GraphQLRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<TData>(JsonContent.Create(request.ToWire(documentMode), options: serializerOptions), multipart: false, cancellationToken);
    }

    /// <summary>
    /// Runs an operation with files (the GraphQL multipart request spec): each file replaces the null that
    /// <paramref name="request"/>'s variables hold at <see cref="GraphQLFile.VariablePath"/>. The streams are
    /// read once, as the request is sent, and not disposed.
    /// </summary>
    public Task<OperationResult<TData>> ExecuteWithFilesAsync<TData>(GraphQLRequest request, IReadOnlyList<GraphQLFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(files);
        var content = new MultipartFormDataContent();
        content.Add(JsonContent.Create(request.ToWire(documentMode), options: serializerOptions), "operations");
        var map = files.Select((file, index) => (Key: index.ToString(System.Globalization.CultureInfo.InvariantCulture), file))
            .ToDictionary(p => p.Key, p => new[] { "variables." + p.file.VariablePath });
        content.Add(JsonContent.Create(map, options: serializerOptions), "map");
        for (var index = 0; index < files.Count; index++)
        {
            var part = new StreamContent(files[index].Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(files[index].ContentType);
            content.Add(part, index.ToString(System.Globalization.CultureInfo.InvariantCulture), files[index].FileName);
        }

        return SendAsync<TData>(content, multipart: true, cancellationToken);
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

/// <summary>A file for <see cref="HttpGraphQLTransport.ExecuteWithFilesAsync{TData}"/>.</summary>
/// <param name="VariablePath">Where the file goes in the variables, e.g. <c>input.file</c>; the variables must hold null there.</param>
/// <param name="Content">The file's bytes, read once while the request is sent.</param>
/// <param name="FileName">The file name the server keeps, e.g. <c>报价单.pdf</c>.</param>
/// <param name="ContentType">The media type; the server checks it against the content.</param>
public sealed record GraphQLFile(string VariablePath, Stream Content, string FileName, string ContentType);
