using GraphQL;
using HeadlessSales.Api.GraphQL.Execution;
using HeadlessSales.Api.GraphQL.Ide;
using HeadlessSales.Api.GraphQL.WebSockets;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>
/// GraphQL over HTTP at one endpoint: negotiate the response media type, read the request, resolve who
/// is asking, execute, and answer with the status code the spec gives for the chosen media type.
/// WebSocket upgrades are handed to the graphql-transport-ws handler.
/// </summary>
public sealed class GraphQLHttpMiddleware(
    GraphQLHttpRequestReader reader,
    GraphQLRequestExecutor executor,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLServerOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            // Browsers open WebSockets to any site without a preflight: the origin is checked here instead.
            if (!await http.RequestServices.GetRequiredService<BrowserOrigins>().AdmitsAsync(http).ConfigureAwait(false))
            {
                await WriteTransportErrorAsync(http, TransportError.OriginNotAllowed(), ResponseMediaType.Json).ConfigureAwait(false);
                return;
            }

            await http.RequestServices.GetRequiredService<GraphQLWebSocketHandler>().HandleAsync(http).ConfigureAwait(false);
            return;
        }

        // Below /graphql only the IDE's assets exist, served before this endpoint when it is on.
        if (http.Request.Path.HasValue && http.Request.Path != "/")
        {
            await WriteTransportErrorAsync(http, TransportError.NotFound(), ResponseMediaType.Json).ConfigureAwait(false);
            return;
        }

        if (GraphQLIde.IsBrowserPageRequest(http.Request) && await GraphQLIde.TryServePageAsync(http).ConfigureAwait(false))
        {
            return;
        }

        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteTransportErrorAsync(http, TransportError.MethodNotAllowed(), ResponseMediaType.Json).ConfigureAwait(false);
            return;
        }

        var mediaType = ResponseMediaType.Negotiate(http.Request.Headers.Accept);
        if (mediaType is null)
        {
            await WriteTransportErrorAsync(http, TransportError.NotAcceptable(), ResponseMediaType.Json).ConfigureAwait(false);
            return;
        }

        // A browser sends a multipart form to any site without asking first, with no header we could check;
        // a required custom header makes it ask (CORS preflight), which a foreign origin cannot pass.
        var isMultipart = GraphQLHttpRequestReader.IsMultipart(http.Request);
        if (isMultipart && !GraphQLHttpRequestReader.HasPreflightHeader(http.Request))
        {
            await WriteTransportErrorAsync(http, TransportError.PreflightRequired(), mediaType).ConfigureAwait(false);
            return;
        }

        var actor = BearerToken.TryRead(http.Request.Headers.Authorization, out var token) is false
            ? null
            : await http.RequestServices.GetRequiredService<IActorResolver>().ResolveAsync(new ActorCredentials(token), http.RequestAborted).ConfigureAwait(false);
        if (actor is null)
        {
            // RFC 6750: a bad token is 401 with a challenge that says why, and no data at all.
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await WriteTransportErrorAsync(http, TransportError.InvalidToken(), mediaType).ConfigureAwait(false);
            return;
        }

        var limiter = http.RequestServices.GetRequiredService<RequestRateLimiter>();
        if (limiter.TryAcquire(actor.IsAuthenticated ? actor.Describe() : RequestRateLimiter.KeyOf(http)) is { } retryAfter)
        {
            await RequestRateLimiter.RejectAsync(http, retryAfter).ConfigureAwait(false);
            return;
        }

        // Files are written to disk as they arrive: refuse an anonymous upload before reading any of it.
        if (isMultipart && !actor.IsAuthenticated)
        {
            await WriteTransportErrorAsync(http, TransportError.UploadNeedsToken(), mediaType).ConfigureAwait(false);
            return;
        }

        var (request, error) = await reader.ReadAsync(http.Request, options.Value.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            await WriteTransportErrorAsync(http, error, mediaType).ConfigureAwait(false);
            return;
        }

        http.RequestServices.GetRequiredService<CurrentActor>().Resolve(actor);

        var result = await executor.ExecuteAsync(request!, http.RequestServices, actor.Principal, queryOnly: isGet, http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodeOf(result, mediaType, isGet, http);
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }

    private static int StatusCodeOf(ExecutionResult result, string mediaType, bool isGet, HttpContext http)
    {
        if (isGet && result.Errors?.Any(e => e is MethodNotAllowedError) == true)
        {
            http.Response.Headers.Allow = "POST";
            return StatusCodes.Status405MethodNotAllowed;
        }

        if (!result.Executed && result.Errors is { Count: > 0 } errors && errors.All(e => e is AuthorizationError))
        {
            return errors.Any(e => e.Code == AuthorizationError.Unauthenticated) ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        }

        if (result.Executed)
        {
            return StatusCodes.Status200OK;
        }

        // The request never reached execution (parse, validation or variable errors): with the GraphQL
        // media type that is a client error; plain JSON clients expect 200 for any well-formed request.
        return mediaType == ResponseMediaType.GraphQLResponse ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
    }

    private async Task WriteTransportErrorAsync(HttpContext http, TransportError error, string mediaType)
    {
        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var result = new ExecutionResult
        {
            Errors = [new ExecutionError(error.Message) { Code = error.Code }],
        };
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }
}
