using System.Collections.Concurrent;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols;
using OpenIddict.Abstractions;
using OpenIddict.Client;

namespace HeadlessSales.Api.Identity.ExternalSignIn;

/// <summary>
/// OpenIddict's client service, with the client registrations of the tenants' providers resolved from the database
/// instead of fixed at start-up: OpenIddict asks for a registration by id when a sign-in starts and when its callback
/// comes back (the id travels in the state token), and the id names the tenant and the revision of its settings. A
/// registration is built once per revision and kept, with its discovery cache; a changed provider has a new id.
/// </summary>
public sealed class TenantClientRegistrations(IServiceProvider provider) : OpenIddictClientService(provider)
{
    public const string CallbackPath = "/account/external/callback";

    private readonly IServiceProvider _services = provider;

    private readonly ConcurrentDictionary<string, OpenIddictClientRegistration> _built = new(StringComparer.Ordinal);

    public override async ValueTask<OpenIddictClientRegistration> GetClientRegistrationByIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (_built.TryGetValue(identifier, out var known))
        {
            return known;
        }

        if (ExternalSignInProvider.ParseRegistrationId(identifier) is not var (tenantId, revision))
        {
            return await base.GetClientRegistrationByIdAsync(identifier, cancellationToken);
        }

        await using var db = _services.GetRequiredService<ISalesDbContextPool>().Rent(tenantId);
        var provider = await db.ExternalSignInProviders.AsNoTracking().FirstOrDefaultAsync(p => p.Revision == revision, cancellationToken)
            ?? throw new InvalidOperationException("The tenant's external sign-in provider was changed or removed since this sign-in began.");
        return _built.GetOrAdd(identifier, _ => Build(provider, _services.GetRequiredService<ExternalSignInSecrets>().Reveal(provider.ProtectedClientSecret)));
    }

    /// <summary>
    /// A registration as OpenIddict would complete a static one at start-up: confidential, the shared callback, the
    /// discovery document under the issuer read through the client's own HTTP stack.
    /// </summary>
    public OpenIddictClientRegistration Build(ExternalSignInProvider provider, string clientSecret)
    {
        var issuer = new Uri(provider.Issuer, UriKind.Absolute);
        var registration = new OpenIddictClientRegistration
        {
            RegistrationId = provider.RegistrationId,
            Issuer = issuer,
            ClientId = provider.ClientId,
            ClientSecret = clientSecret,
            ClientType = OpenIddictConstants.ClientTypes.Confidential,
            RedirectUri = new Uri(CallbackPath.TrimStart('/'), UriKind.Relative),
            ProviderDisplayName = provider.DisplayName,
            ConfigurationEndpoint = new Uri(issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/"), ".well-known/openid-configuration"),
        };
        registration.Scopes.UnionWith(provider.Scopes);
        registration.ConfigurationManager = new ConfigurationManager<OpenIddictConfiguration>(
            registration.ConfigurationEndpoint.AbsoluteUri, new OpenIddictClientRetriever(this, registration))
        {
            AutomaticRefreshInterval = ConfigurationManager<OpenIddictConfiguration>.DefaultAutomaticRefreshInterval,
            RefreshInterval = ConfigurationManager<OpenIddictConfiguration>.DefaultRefreshInterval,
        };
        return registration;
    }
}
