using System.Collections.Frozen;
using Microsoft.AspNetCore.Cors.Infrastructure;
using OpenIddict.Abstractions;

namespace HeadlessSales.Api.Identity;

public sealed class BrowserOriginsOptions
{
    public const string Section = "Cors";

    /// <summary>
    /// Origins (<c>https://app.example.com</c>, scheme, host and port only) whose pages may call the API, besides
    /// the origins of the redirect URIs of registered front-end clients. <c>*</c> allows every origin.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long the origins read from the registered clients are kept before they are read again.</summary>
    public TimeSpan ClientOriginsRefresh { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Which web origins may call the API from a browser: the configured ones, the origins of the redirect URIs of the
/// OAuth clients (a front-end that signs in at <c>http://localhost:5173/callback</c> calls from
/// <c>http://localhost:5173</c>), and the server's own origin (the GraphQL IDE). One list for CORS and for the
/// WebSocket upgrade, which browsers send cross-origin without asking.
/// </summary>
public sealed class BrowserOrigins
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<BrowserOrigins> _logger;
    private readonly TimeSpan _refresh;
    private readonly FrozenSet<string> _configured;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile ClientOrigins? _clientOrigins;

    public BrowserOrigins(BrowserOriginsOptions options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<BrowserOrigins> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _refresh = options.ClientOriginsRefresh;
        AllowsAny = options.AllowedOrigins.Contains("*");
        _configured = options.AllowedOrigins.Where(o => o != "*").Select(o => Normalize(o)
            ?? throw new InvalidOperationException($"{BrowserOriginsOptions.Section}:{nameof(BrowserOriginsOptions.AllowedOrigins)} holds '{o}', which is not an origin such as https://app.example.com (scheme, host and optional port, no path)."))
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>True when the configuration allows every origin (<c>*</c>).</summary>
    public bool AllowsAny { get; }

    /// <summary>
    /// Whether a request may come from where its <c>Origin</c> header says; a request without one is not from a
    /// browser page and is allowed. A refusal is logged.
    /// </summary>
    public async ValueTask<bool> AdmitsAsync(HttpContext http)
    {
        if (http.Request.Headers.Origin is not [{ Length: > 0 } origin])
        {
            return http.Request.Headers.Origin.Count == 0;
        }

        if (AllowsAny || IsSameOrigin(http.Request, origin))
        {
            return true;
        }

        if (Normalize(origin) is { } normalized
            && (_configured.Contains(normalized) || (await ClientOriginsAsync(http.RequestAborted).ConfigureAwait(false)).Contains(normalized)))
        {
            return true;
        }

        _logger.LogWarning("Refused a browser request from the origin {Origin} to {Method} {Path}: not a configured origin nor one of a registered client's redirect URIs",
            origin, http.Request.Method, http.Request.Path.Value);
        return false;
    }

    /// <summary>Forgets the origins read from the clients, after a client was registered, changed or removed here.</summary>
    public void ClientsChanged() => _clientOrigins = null;

    /// <summary><c>scheme://host[:port]</c> in lower case with the default port left out, or null for anything else.</summary>
    public static string? Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;

    /// <summary>
    /// The page is served by this server (the IDE). Compared by host and port: behind a proxy that ends TLS the
    /// request's scheme is http while the page's is https.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && request.Host.HasValue
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private async ValueTask<FrozenSet<string>> ClientOriginsAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_clientOrigins is { } cached && now < cached.ReadAt + _refresh)
        {
            return cached.Origins;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_clientOrigins is { } fresh && now < fresh.ReadAt + _refresh)
            {
                return fresh.Origins;
            }

            var origins = await ReadClientOriginsAsync(cancellationToken).ConfigureAwait(false);
            _clientOrigins = new ClientOrigins(origins, now);
            return origins;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<FrozenSet<string>> ReadClientOriginsAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var origins = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken).ConfigureAwait(false))
        {
            foreach (var redirect in await applications.GetRedirectUrisAsync(application, cancellationToken).ConfigureAwait(false))
            {
                if (Uri.TryCreate(redirect, UriKind.Absolute, out var uri) && Normalize(uri.GetLeftPart(UriPartial.Authority)) is { } origin)
                {
                    origins.Add(origin);
                }
            }
        }

        return origins.ToFrozenSet(StringComparer.Ordinal);
    }

    private sealed record ClientOrigins(FrozenSet<string> Origins, DateTimeOffset ReadAt);
}

/// <summary>
/// The CORS policy of every endpoint (GraphQL, the token endpoint, downloads): bearer tokens in the Authorization
/// header, never cookies, so credentials are never allowed, and the answer names the caller's origin or gives none.
/// </summary>
public sealed class BrowserCorsPolicyProvider(BrowserOrigins origins) : ICorsPolicyProvider
{
    /// <summary>Headers a front-end sets: the token, JSON or multipart bodies, and the header that forces a preflight before an upload.</summary>
    public static readonly string[] AllowedHeaders = ["authorization", "content-type", "accept", "graphql-require-preflight"];

    /// <summary>Headers a front-end needs to read: why a token was refused, when to retry, a download's name and version.</summary>
    public static readonly string[] ExposedHeaders = ["www-authenticate", "retry-after", "content-disposition", "etag"];

    private static readonly CorsPolicy Admitted = Build(builder => builder.SetIsOriginAllowed(_ => true));
    private static readonly CorsPolicy AnyOrigin = Build(builder => builder.AllowAnyOrigin());
    private static readonly CorsPolicy Refused = Build(builder => builder.SetIsOriginAllowed(_ => false));

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (origins.AllowsAny)
        {
            return AnyOrigin;
        }

        return await origins.AdmitsAsync(context).ConfigureAwait(false) ? Admitted : Refused;
    }

    private static CorsPolicy Build(Action<CorsPolicyBuilder> origin)
    {
        var builder = new CorsPolicyBuilder()
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders(AllowedHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        origin(builder);
        return builder.Build();
    }
}

public static class BrowserOriginsExtensions
{
    public static IServiceCollection AddBrowserOrigins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(BrowserOriginsOptions.Section).Get<BrowserOriginsOptions>() ?? new BrowserOriginsOptions());
        services.AddSingleton<BrowserOrigins>();
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, BrowserCorsPolicyProvider>();
        return services;
    }

    /// <summary>CORS for everything mapped after it; preflight requests are answered here and go no further.</summary>
    public static WebApplication UseBrowserOrigins(this WebApplication app)
    {
        app.UseCors();
        return app;
    }
}
