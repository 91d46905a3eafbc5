namespace HeadlessSales.Api.Identity;

public sealed class IdentityServerOptions
{
    public const string Section = "Identity";

    /// <summary>False only for local development and tests over plain HTTP.</summary>
    public bool RequireHttps { get; set; } = true;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>PEM of the RSA key that signs tokens. Without it a key is made once and kept in the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>PEM of the RSA key that encrypts authorization codes and refresh tokens; kept like <see cref="SigningKey"/>.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The front-end page where a person sets a password; invitation and reset links add <c>?token=…</c> to it.</summary>
    public string PasswordLinkBaseUrl { get; set; } = "http://localhost:5173/set-password";

    /// <summary>
    /// Lets a tenant's external sign-in provider have a plain-HTTP issuer. Off everywhere but in local development and
    /// tests: tokens and the client secret would cross the network in clear.
    /// </summary>
    public bool AllowHttpExternalIssuers { get; set; }
}
