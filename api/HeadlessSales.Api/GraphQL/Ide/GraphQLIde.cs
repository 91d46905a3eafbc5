using HeadlessSales.Api.Identity;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Scopes = HeadlessSales.Api.Identity.Scopes;

namespace HeadlessSales.Api.GraphQL.Ide;

public sealed class GraphQLIdeOptions
{
    public const string Section = "GraphQL:Ide";

    /// <summary>Serves GraphiQL at <c>/graphql</c> to browsers and registers its sign-in client. Off: neither.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where the token server may send the IDE back after sign-in: <c>&lt;the server's public origin&gt;/graphql/ide/signed-in</c>,
    /// one per address people open the IDE at.
    /// </summary>
    public string[] RedirectUris { get; set; } = ["http://localhost:5080/graphql/ide/signed-in", "http://127.0.0.1:5080/graphql/ide/signed-in"];
}

/// <summary>
/// The GraphQL IDE: GraphiQL, bundled from npm at build time (<c>ide/</c>, output in <c>ide/dist</c>) and served from
/// this server only, no CDN. Signing in is the authorization code flow with PKCE of its own public client
/// (<see cref="ClientId"/>): the demo portal's redirect URI belongs to another origin, and an operator who switches the
/// IDE off removes its way in too.
/// </summary>
public static class GraphQLIde
{
    public const string ClientId = "headlesssales-ide";
    public const string AssetsPath = "/graphql/ide";
    public const string SignedInPath = AssetsPath + "/signed-in";

    public static IServiceCollection AddGraphQLIde(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GraphQLIdeOptions.Section).Get<GraphQLIdeOptions>() ?? new GraphQLIdeOptions();
        services.AddSingleton(options);
        services.AddHostedService<IdeClientRegistration>();
        return services;
    }

    /// <summary>The built assets: <c>ide/dist</c> under the content root.</summary>
    public static string AssetsFolder(IWebHostEnvironment environment) => Path.Combine(environment.ContentRootPath, "ide", "dist");

    /// <summary>Serves the assets under <see cref="AssetsPath"/>, and the page itself for the sign-in return.</summary>
    public static WebApplication UseGraphQLIde(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<GraphQLIdeOptions>();
        var folder = AssetsFolder(app.Environment);
        if (!options.Enabled)
        {
            return app;
        }

        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            app.Logger.LogWarning("The GraphQL IDE is switched on but not built ({Folder} has no index.html): build the project with node and npm on the PATH", folder);
            return app;
        }

        // PhysicalFileProvider refuses paths that leave its root, hidden files and absolute paths.
        var files = new PhysicalFileProvider(folder);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context => context.Context.Response.Headers.XContentTypeOptions = "nosniff",
        });
        app.Map(SignedInPath, branch => branch.Run(async http => { await ServePageAsync(http, files); }));
        return app;
    }

    /// <summary>
    /// A browser opening <c>/graphql</c>: a GET that asks for HTML and names no JSON media type, so GraphQL clients
    /// (which ask for JSON, or for anything) keep getting GraphQL.
    /// </summary>
    public static bool IsBrowserPageRequest(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || !MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        return accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            && !accepted.Any(a => a.MediaType.Value?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>Writes the IDE page when the IDE is on and built; false otherwise, and the caller answers as GraphQL.</summary>
    public static async Task<bool> TryServePageAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<GraphQLIdeOptions>();
        if (!options.Enabled)
        {
            return false;
        }

        var page = new PhysicalFileProvider(AssetsFolder(http.RequestServices.GetRequiredService<IWebHostEnvironment>()));
        return page.GetFileInfo("index.html").Exists && await ServePageAsync(http, page).ConfigureAwait(false);
    }

    private static async Task<bool> ServePageAsync(HttpContext http, IFileProvider files)
    {
        var page = files.GetFileInfo("index.html");
        if (!page.Exists)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.SendFileAsync(page, http.RequestAborted).ConfigureAwait(false);
        return true;
    }

    /// <summary>Keeps the IDE's public client in step with the configuration: there with its redirect URIs when on, gone when off.</summary>
    private sealed class IdeClientRegistration(GraphQLIdeOptions options, IServiceScopeFactory scopes, BrowserOrigins origins, ILogger<IdeClientRegistration> logger)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            // A wrong address is a configuration mistake: it stops the start with a message naming it.
            var redirectUris = options.RedirectUris.Select(uri => Uri.TryCreate(uri, UriKind.Absolute, out var redirect) && redirect.AbsolutePath == SignedInPath
                ? redirect
                : throw new InvalidOperationException($"{GraphQLIdeOptions.Section}:{nameof(GraphQLIdeOptions.RedirectUris)} holds '{uri}'; each must be an absolute URL ending in {SignedInPath}."))
                .ToList();
            try
            {
                await RegisterAsync(redirectUris, cancellationToken).ConfigureAwait(false);
                origins.ClientsChanged();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The API serves without it: a database not migrated yet, another node registering at the same moment.
                logger.LogError(exception, "Could not register the GraphQL IDE's sign-in client {ClientId}; signing in from the IDE fails until the next start", ClientId);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task RegisterAsync(IReadOnlyList<Uri> redirectUris, CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var existing = await applications.FindByClientIdAsync(ClientId, cancellationToken).ConfigureAwait(false);
            if (!options.Enabled)
            {
                if (existing is not null)
                {
                    await applications.DeleteAsync(existing, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientType = ClientTypes.Public,
                DisplayName = "GraphQL IDE at /graphql",
            };
            descriptor.RedirectUris.UnionWith(redirectUris);
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + OpenIddictConstants.Scopes.OfflineAccess,
            ]);
            descriptor.Permissions.UnionWith(Scopes.All.Select(s => Permissions.Prefixes.Scope + s));
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            if (existing is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
