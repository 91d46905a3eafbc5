using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Client.AspNetCore;

namespace HeadlessSales.Api.Identity.ExternalSignIn;

/// <summary>
/// The browser's way through a tenant's own provider: the login page's button posts here, the provider's answer comes
/// back to the callback, and the person is signed in as the matching member, after which the authorization request that
/// sent them to the login page goes on exactly as after a password.
/// </summary>
public static class ExternalSignInEndpoints
{
    public const string StartPath = "/account/external";

    /// <summary>The login page's error marker for a refused external sign-in.</summary>
    public const string RefusedError = "external";

    public static WebApplication MapExternalSignIn(this WebApplication app)
    {
        app.MapPost(StartPath, StartAsync);
        // Called by the provider's redirect; OpenIddict has checked the state, the request-forgery cookie, the code and the
        // identity token before this runs (or failed it, with error passthrough on).
        app.MapMethods(TenantClientRegistrations.CallbackPath, [HttpMethods.Get, HttpMethods.Post], CallbackAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> StartAsync(HttpContext http, ExternalSignInService externalSignIn, [Microsoft.AspNetCore.Mvc.FromForm] StartForm form)
    {
        var returnUrl = IdentityEndpoints.LocalOrHome(form.ReturnUrl);
        if (await externalSignIn.FindBySlugAsync(form.Tenant, http.RequestAborted) is not { } provider)
        {
            return Refused(returnUrl, form.Tenant);
        }

        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = provider.RegistrationId,
        })
        {
            RedirectUri = returnUrl,
        };
        return Results.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, ExternalSignInService externalSignIn, ILogger<StartForm> logger)
    {
        AuthenticateResult result;
        try
        {
            result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        }
        catch (InvalidOperationException exception)
        {
            // A provider changed or removed while the person was away at it.
            logger.LogWarning(exception, "External sign-in callback refused");
            return Refused("/", tenant: null);
        }

        var returnUrl = IdentityEndpoints.LocalOrHome(result.Properties?.RedirectUri);
        if (!result.Succeeded)
        {
            logger.LogWarning("External sign-in refused by the client: {Error} {Description}",
                result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.Error), result.Properties?.GetString(OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription));
            return Refused(returnUrl, tenant: null);
        }

        var (member, refusal) = await externalSignIn.MatchAsync(result.Principal, http.RequestAborted);
        if (member is null)
        {
            logger.LogWarning("External sign-in refused: {Refusal}", refusal);
            return Refused(returnUrl, tenant: null);
        }

        var identity = new ClaimsIdentity(IdentityEndpoints.LoginScheme);
        identity.AddClaim(new Claim(HeadlessSalesClaims.Tenant, member.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(HeadlessSalesClaims.MemberId, member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await http.SignInAsync(IdentityEndpoints.LoginScheme, new ClaimsPrincipal(identity));
        logger.LogInformation("Member {MemberId} of tenant {TenantId} signed in through their tenant's provider", member.Id, member.TenantId);
        return Results.Redirect(returnUrl);
    }

    private static IResult Refused(string returnUrl, string? tenant) =>
        Results.Redirect($"{IdentityEndpoints.LoginPath}?error={RefusedError}&returnUrl={WebUtility.UrlEncode(returnUrl)}"
            + (tenant is null ? string.Empty : $"&tenant={WebUtility.UrlEncode(tenant)}"));

    public sealed class StartForm
    {
        public string? Tenant { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
