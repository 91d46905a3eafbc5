using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace HeadlessSales.Api.GraphQL.Relay;

/// <summary>
/// Opaque, typed global ids: base64url of <c>TypeName:key</c>. Clients must treat them as opaque;
/// the type lets <c>node(id:)</c> route and lets every argument refuse an id of the wrong type.
/// </summary>
public static class GlobalId
{
    public static string Encode(string typeName, long key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{typeName}:{key.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryDecode(string? value, out string typeName, out long key)
    {
        typeName = string.Empty;
        key = 0;
        if (string.IsNullOrEmpty(value) || value.Length > 128)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[128];
        if (!Base64Url.IsValid(value) || !Base64Url.TryDecodeFromChars(value, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer[..written]);
        var separator = text.IndexOf(':');
        if (separator <= 0
            || !long.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out key)
            || key <= 0)
        {
            return false;
        }

        typeName = text[..separator];
        return true;
    }

    /// <summary>Decodes an id that must denote <paramref name="expectedType"/>.</summary>
    /// <returns>The key, or null when the id is malformed or of another type.</returns>
    public static long? TryDecode(string? value, string expectedType) =>
        TryDecode(value, out var typeName, out var key) && typeName == expectedType ? key : null;
}
