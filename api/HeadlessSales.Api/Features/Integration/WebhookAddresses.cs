using System.Net;
using System.Net.Sockets;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>
/// Keeps webhooks from reaching the server's own networks: loopback, link-local (cloud metadata lives there), private,
/// shared (CGNAT), unspecified and multicast addresses are refused, at registration and again at connect time, where the
/// name is resolved for the connection itself, so a name that resolves to a public address at registration and to an
/// internal one later (DNS rebinding) is still refused.
/// </summary>
public static class WebhookAddresses
{
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] == 0 || b[0] == 10 || b[0] == 127
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && (b[1] & 0xF0) == 16)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && (b[1] & 0xC0) == 64)
            || b[0] >= 224;
    }

    /// <summary>Why <paramref name="url"/> may not receive webhooks, or null when it may.</summary>
    public static async Task<string?> RefusalAsync(string url, bool allowInternal, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must be an absolute http or https address without credentials.";
        }

        if (allowInternal)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"The host '{uri.Host}' does not resolve.";
        }

        return addresses.Length == 0 || addresses.Any(IsInternal)
            ? $"The host '{uri.Host}' is an internal address; webhooks go to public addresses only."
            : null;
    }

    /// <summary>The connection step of the webhook client: resolves the name itself and connects only to a public address.</summary>
    public static SocketsHttpHandler Handler(bool allowInternal) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = allowInternal ? addresses : addresses.Where(a => !IsInternal(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new WebhookAddressRefusedException(context.DnsEndPoint.Host);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

public sealed class WebhookAddressRefusedException(string host)
    : IOException($"Refused to connect to '{host}': it resolves to internal addresses only.");
