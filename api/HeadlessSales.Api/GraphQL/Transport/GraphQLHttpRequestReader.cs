using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using HeadlessSales.Api.GraphQL.Execution;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>
/// Reads a GraphQL-over-HTTP request from a GET query string, a POST JSON body or a POST multipart body
/// with files, refusing anything that is not a well-formed request with the status the spec gives.
/// </summary>
public sealed partial class GraphQLHttpRequestReader(IGraphQLTextSerializer serializer, IOptions<GraphQLServerOptions> options)
{
    private readonly GraphQLServerOptions.UploadOptions _uploads = options.Value.Uploads;

    public async Task<(GraphQLRequest? Request, TransportError? Error)> ReadAsync(HttpRequest http, long maxBytes, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(http.Method))
        {
            return ReadQueryString(http.Query);
        }

        if (IsMultipart(http))
        {
            return await ReadMultipartAsync(http, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType)
            || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TransportError.UnsupportedMediaType(http.ContentType));
        }

        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TransportError.UnsupportedMediaType(http.ContentType));
        }

        if (http.ContentLength > maxBytes)
        {
            return (null, TransportError.TooLarge(maxBytes));
        }

        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            return (null, TransportError.MalformedJson(exception.Message));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TransportError.TooLarge(maxBytes));
        }

        using (body)
        {
            if (!WellFormedJson.IsWellFormed(body.RootElement))
            {
                return (null, TransportError.InvalidUnicode());
            }

            return ReadBody(body.RootElement);
        }
    }

    private (GraphQLRequest?, TransportError?) ReadBody(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, TransportError.InvalidRequest("The request body must be a JSON object."));
        }

        var request = new GraphQLRequest();
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "query":
                    if (!TryReadString(value, out var query))
                    {
                        return (null, TransportError.InvalidRequest("`query` must be a string."));
                    }

                    request.Query = query;
                    break;
                case "operationName":
                    if (!TryReadString(value, out var operationName))
                    {
                        return (null, TransportError.InvalidRequest("`operationName` must be a string or null."));
                    }

                    request.OperationName = operationName;
                    break;
                case "documentId":
                    if (!TryReadString(value, out var documentId))
                    {
                        return (null, TransportError.InvalidRequest("`documentId` must be a string."));
                    }

                    request.DocumentId = documentId;
                    break;
                case "variables":
                    if (!TryReadMap(value, out var variables))
                    {
                        return (null, TransportError.InvalidRequest("`variables` must be an object or null."));
                    }

                    request.Variables = variables;
                    break;
                case "extensions":
                    if (!TryReadMap(value, out var extensions))
                    {
                        return (null, TransportError.InvalidRequest("`extensions` must be an object or null."));
                    }

                    request.Extensions = extensions;
                    break;
            }
        }

        return Complete(request);
    }

    private (GraphQLRequest?, TransportError?) ReadQueryString(IQueryCollection query)
    {
        var request = new GraphQLRequest
        {
            Query = Single(query, "query"),
            OperationName = Single(query, "operationName"),
            DocumentId = Single(query, "documentId"),
        };

        foreach (var (name, apply) in new (string, Action<Inputs?>)[] { ("variables", v => request.Variables = v), ("extensions", v => request.Extensions = v) })
        {
            if (Single(query, name) is not { } text)
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(text);
                if (!WellFormedJson.IsWellFormed(json.RootElement))
                {
                    return (null, TransportError.InvalidUnicode());
                }

                if (!TryReadMap(json.RootElement, out var map))
                {
                    return (null, TransportError.InvalidRequest($"`{name}` must be a JSON object."));
                }

                apply(map);
            }
            catch (JsonException exception)
            {
                return (null, TransportError.InvalidRequest($"`{name}` is not valid JSON: {exception.Message}"));
            }
        }

        return Complete(request);
    }

    private static (GraphQLRequest?, TransportError?) Complete(GraphQLRequest request) =>
        string.IsNullOrEmpty(request.Query) && string.IsNullOrEmpty(request.DocumentId)
            ? (null, TransportError.InvalidRequest("The request has neither `query` nor `documentId`."))
            : (request, null);

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static bool TryReadString(JsonElement value, out string? text)
    {
        text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        return value.ValueKind is JsonValueKind.String or JsonValueKind.Null;
    }

    private bool TryReadMap(JsonElement value, out Inputs? map)
    {
        map = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Object:
                map = serializer.ReadNode<Inputs>(value);
                return true;
            default:
                return false;
        }
    }
}
