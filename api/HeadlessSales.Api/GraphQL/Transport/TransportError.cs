namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>A request the transport refuses before GraphQL sees it, with the HTTP status the spec prefers.</summary>
public sealed record TransportError(int StatusCode, string Code, string Message)
{
    public static TransportError MalformedJson(string detail) => new(StatusCodes.Status400BadRequest, "JSON_PARSE_ERROR", $"The request body is not valid JSON: {detail}");

    public static TransportError InvalidUnicode() => new(StatusCodes.Status400BadRequest, InvalidUnicodeCode,
        "The request holds text that is not valid Unicode: invalid UTF-8 bytes or an unpaired surrogate escape such as \\ud800.");

    public const string InvalidUnicodeCode = "INVALID_UNICODE";

    public static TransportError InvalidRequest(string message) => new(StatusCodes.Status400BadRequest, "INVALID_REQUEST", message);

    public static TransportError UnsupportedMediaType(string? contentType) => new(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
        contentType is null
            ? "A POST must have the Content-Type application/json."
            : $"Content-Type '{contentType}' is not supported; use application/json with UTF-8.");

    public static TransportError NotAcceptable() => new(StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
        "The Accept header allows neither application/graphql-response+json nor application/json.");

    public static TransportError MethodNotAllowed() => new(StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Use GET for queries or POST for any operation.");

    public static TransportError InvalidToken() => new(StatusCodes.Status401Unauthorized, "INVALID_TOKEN", "The access token is missing a part, expired, revoked or not for this API.");

    public static TransportError TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", $"The request is larger than {limit} bytes.");

    public static TransportError PreflightRequired() => new(StatusCodes.Status400BadRequest, "PREFLIGHT_REQUIRED",
        $"A multipart/form-data request must carry a non-empty `{GraphQLHttpRequestReader.PreflightHeader}` header. "
        + "Browsers send multipart forms across sites without asking first; that header makes them ask (CORS preflight), which protects against cross-site request forgery.");

    public static TransportError FileTooLarge(string part, long limit) => new(StatusCodes.Status413PayloadTooLarge, "FILE_TOO_LARGE",
        $"The file in part '{part}' is larger than {limit} bytes, the largest file accepted. Nothing was stored.");

    public static TransportError UploadTooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE",
        $"The multipart request is larger than {limit} bytes, the most accepted in one request. Nothing was stored.");

    public static TransportError InvalidMultipart(string message) => new(StatusCodes.Status400BadRequest, "INVALID_MULTIPART_REQUEST", message);

    public static TransportError NotFound() => new(StatusCodes.Status404NotFound, "NOT_FOUND", "Nothing here: the GraphQL endpoint is /graphql itself.");

    public static TransportError OriginNotAllowed() => new(StatusCodes.Status403Forbidden, "ORIGIN_NOT_ALLOWED",
        "Pages of this origin may not open a WebSocket to the API: it is neither configured (Cors:AllowedOrigins) nor the origin of a registered client's redirect URI.");

    public static TransportError UploadNeedsToken() => new(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "An upload needs an access token.");
}
