using System.Security.Cryptography;
using System.Text;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>,
/// keyed with the base64 part of the <c>whsec_</c> secret. Several signatures are separated by spaces; a receiver accepts
/// the message when any one verifies, which is what lets a secret rotate without a gap.
/// </summary>
public static class WebhookSigning
{
    private const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>The <c>webhook-signature</c> header: the current secret's signature, and the previous one's while it overlaps.</summary>
    public static string Header(WebhookEndpoint endpoint, string messageId, long timestamp, string body, DateTime now)
    {
        var header = Sign(endpoint.Secret, messageId, timestamp, body);
        return endpoint.PreviousSecret is { } previous && endpoint.PreviousSecretUntil > now
            ? header + " " + Sign(previous, messageId, timestamp, body)
            : header;
    }
}
