using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

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
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(ApiAudience);
                validation.UseAspNetCore();
            });

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
        return app;
    }
}
