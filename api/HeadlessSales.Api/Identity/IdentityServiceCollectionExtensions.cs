using HeadlessSales.Api.Identity.ExternalSignIn;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;

namespace HeadlessSales.Api.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>The audience of every access token: a token minted for something else is refused here.</summary>
    public const string ApiAudience = "urn:headlesssales:api";

    public static WebApplicationBuilder AddIdentityServer(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(IdentityServerOptions.Section).Get<IdentityServerOptions>() ?? new IdentityServerOptions();
        builder.Services.AddSingleton(options);
        var dataFolder = builder.DataFolder();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        // Cookies, antiforgery, and the secrets the server reads back (TOTP, providers' client secrets) are protected with
        // keys kept in the data folder, outside the database, so that they survive restarts.
        builder.Services.AddDataProtection()
            .SetApplicationName("HeadlessSales")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys", "data-protection")));
        builder.Services.AddSingleton<TotpSecrets>();
        builder.Services.AddSingleton<ExternalSignInSecrets>();
        builder.Services.AddSingleton<IPasswordHasher<MemberCredential>, PasswordHasher<MemberCredential>>();
        builder.Services.AddScoped<IActorResolver, TokenActorResolver>();
        builder.Services.AddSingleton<ValidatedTokenCache>();
        builder.Services.AddSingleton<ActorStandingCache>();
        builder.Services.AddSingleton<IActorStandingSignal>(sp => sp.GetRequiredService<ActorStandingCache>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ActorStandingCache>());
        builder.Services.AddSingleton(builder.Configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions());
        builder.Services.AddSingleton<RequestRateLimiter>();
        builder.Services.AddBrowserOrigins(builder.Configuration);
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthentication().AddCookie(IdentityEndpoints.LoginScheme, cookie =>
        {
            cookie.LoginPath = IdentityEndpoints.LoginPath;
            cookie.Cookie.Name = "hs.login";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

        builder.Services.AddOpenIddict()
            .AddCore(core =>
            {
                var store = core.UseEntityFrameworkCore();
                switch (database.Provider)
                {
                    case DatabaseProvider.Sqlite: store.UseDbContext<SqliteSalesDbContext>(); break;
                    case DatabaseProvider.PostgreSql: store.UseDbContext<PostgreSqlSalesDbContext>(); break;
                    case DatabaseProvider.SqlServer: store.UseDbContext<SqlServerSalesDbContext>(); break;
                }
            })
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize");
                server.AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow();
                server.RegisterScopes([.. Scopes.All, Scopes.PlatformOperator, OpenIddict.Abstractions.OpenIddictConstants.Scopes.OpenId, OpenIddict.Abstractions.OpenIddictConstants.Scopes.OfflineAccess]);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime);

                // Refresh tokens rotate on every use (OpenIddict's default). Its default 30-second window in which a
                // used one still works is closed: any reuse is treated as theft and revokes the whole grant.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.AddSigningKey(SigningKeys.Load(options.SigningKey, dataFolder, "signing"))
                    .AddEncryptionKey(SigningKeys.Load(options.EncryptionKey, dataFolder, "encryption"));
                // Access tokens are signed JWTs any integrator can inspect; codes and refresh tokens stay encrypted.
                server.DisableAccessTokenEncryption();
                var aspNetCore = server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough();
                if (!options.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddClient(client =>
            {
                // Sign-in through a tenant's own provider. The registrations are the tenants' and come from the database
                // (TenantClientRegistrations); here only what they share: the flow, the callback and the state token keys.
                client.AllowAuthorizationCodeFlow();
                client.SetRedirectionEndpointUris(TenantClientRegistrations.CallbackPath.TrimStart('/'));
                client.AddSigningKey(SigningKeys.Load(null, dataFolder, "client-signing"))
                    .AddEncryptionKey(SigningKeys.Load(null, dataFolder, "client-encryption"));
                var aspNetCore = client.UseAspNetCore()
                    .EnableRedirectionEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (!options.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }

                client.UseSystemNetHttp();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(ApiAudience);
                validation.UseAspNetCore();
            });

        builder.Services.Replace(ServiceDescriptor.Singleton<OpenIddictClientService, TenantClientRegistrations>());
        builder.Services.AddSingleton(sp => (TenantClientRegistrations)sp.GetRequiredService<OpenIddictClientService>());
        if (!options.RequireHttps)
        {
            // Over plain HTTP (development, tests) the client's request-forgery cookie cannot be Secure, nor SameSite=None.
            builder.Services.Configure<OpenIddictClientAspNetCoreOptions>(client =>
            {
                client.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                client.CookieBuilder.SameSite = SameSiteMode.Lax;
            });
        }

        // OpenIddict's stores take the provider's context from the request scope.
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite: builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SqliteSalesDbContext>>().CreateDbContext()); break;
            case DatabaseProvider.PostgreSql: builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PostgreSqlSalesDbContext>>().CreateDbContext()); break;
            case DatabaseProvider.SqlServer: builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SqlServerSalesDbContext>>().CreateDbContext()); break;
        }

        return builder;
    }

    public static WebApplication UseIdentityServer(this WebApplication app)
    {
        // The token endpoint is where client secrets are guessed: budget it by address, apart from GraphQL
        // and logins (which the login endpoint budgets per account and per address).
        app.Use(async (http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path == "/connect/token"
                && http.RequestServices.GetRequiredService<RequestRateLimiter>().TryAcquire(RateBudgetKind.TokenPerAddress, RequestRateLimiter.KeyOf(http)) is { } retryAfter)
            {
                await RequestRateLimiter.RejectAsync(http, retryAfter);
                return;
            }

            await next(http);
        });
        app.UseAuthentication();
        app.UseAntiforgery();
        app.MapIdentityEndpoints();
        app.MapExternalSignIn();
        return app;
    }
}
