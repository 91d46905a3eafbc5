using System.Security.Cryptography;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// Creates, rotates and revokes integration clients. The secret is generated here, handed out once,
/// and stored only as OpenIddict's hash.
/// </summary>
public sealed class IntegrationClientService(IOpenIddictApplicationManager applications, ISalesDbContextPool pool, TimeProvider clock, BrowserOrigins browserOrigins)
{
    public async Task<(IntegrationClient Client, string Secret)> CreateAsync(
        long tenantId, string name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken, string? clientId = null, string? secret = null)
    {
        clientId ??= "hs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        secret ??= NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = name,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials]);
        descriptor.Permissions.UnionWith(scopes.Select(scope => Permissions.Prefixes.Scope + scope));
        await applications.CreateAsync(descriptor, cancellationToken);
        browserOrigins.ClientsChanged();

        await using var db = pool.Rent(tenantId);
        var client = db.IntegrationClients.Add(new IntegrationClient
        {
            TenantId = tenantId,
            ClientId = clientId,
            Name = name,
            Scopes = [.. scopes],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        return (client, secret);
    }

    /// <returns>The new secret; the old one stops working at once.</returns>
    public async Task<string> RotateSecretAsync(SalesDbContext db, IntegrationClient client, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(client.ClientId, cancellationToken)
            ?? throw new InvalidOperationException($"The OAuth application of {client.ClientId} is missing.");
        var secret = NewSecret();
        await applications.UpdateAsync(application, secret, cancellationToken);
        client.SecretRotatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    public async Task RevokeAsync(SalesDbContext db, IntegrationClient client, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(client.ClientId, cancellationToken) is { } application)
        {
            await applications.DeleteAsync(application, cancellationToken);
            browserOrigins.ClientsChanged();
        }

        client.RevokedAt = clock.GetUtcNow().UtcDateTime;
        // Its open sessions end on every node, and no node serves it from a cached standing.
        db.Journal(new IntegrationClientRevoked(client.TenantId, client.ClientId, client.RevokedAt.Value));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The demo tenant's ways in: an integration client, a front-end client and one login per role.</summary>
public static class DemoIdentity
{
    public const string IntegrationClientId = "demo-integration";
    public const string IntegrationClientSecret = "demo-integration-secret";
    public const string PortalClientId = "demo-portal";
    public const string PortalRedirectUri = "http://localhost:5173/callback";
    public const string Password = "HeadlessSales-demo-2026";

    public static async Task SeedAsync(IServiceProvider services, long tenantId, string slug, CancellationToken cancellationToken)
    {
        var clients = services.GetRequiredService<IntegrationClientService>();
        await clients.CreateAsync(tenantId, "Demo integration", Scopes.All, cancellationToken, IntegrationClientId, IntegrationClientSecret);

        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        var portal = new OpenIddictApplicationDescriptor
        {
            ClientId = PortalClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Demo portal (a front-end)",
            RedirectUris = { new Uri(PortalRedirectUri) },
        };
        portal.Permissions.UnionWith([
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
            Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            Permissions.Prefixes.Scope + OpenIddictConstants.Scopes.OfflineAccess,
        ]);
        portal.Permissions.UnionWith(Scopes.All.Select(scope => Permissions.Prefixes.Scope + scope));
        portal.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        await applications.CreateAsync(portal, cancellationToken);
        services.GetRequiredService<BrowserOrigins>().ClientsChanged();

        var hasher = services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<MemberCredential>>();
        var pool = services.GetRequiredService<ISalesDbContextPool>();
        await using var db = pool.Rent(tenantId);
        foreach (var member in await db.Members.Where(m => DemoLoginEmails(slug).Contains(m.Email)).ToListAsync(cancellationToken))
        {
            var credential = new MemberCredential { TenantId = tenantId, MemberId = member.Id, PasswordHash = string.Empty, UpdatedAt = member.CreatedAt };
            credential.PasswordHash = hasher.HashPassword(credential, Password);
            db.MemberCredentials.Add(credential);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary><c>rep@demo.example.com</c>, <c>teamlead@…</c>, … one per role.</summary>
    public static IReadOnlyList<string> DemoLoginEmails(string slug) =>
        [.. Enum.GetValues<Features.Organization.MemberRole>().Select(role => $"{role.ToString().ToLowerInvariant()}@{slug}.example.com")];
}
