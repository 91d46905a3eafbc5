using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>
/// The one rule for the name a client gives a file part: the name from <c>filename*=</c> (RFC 5987, UTF-8) when the
/// part has one, else from <c>filename=</c> (what browsers and curl send); then only its last path segment,
/// without control or formatting characters, at most <see cref="MaxLength"/> characters with the extension kept.
/// It is a label shown back to people and put in a download's Content-Disposition, never a path on disk.
/// </summary>
public static class UploadFileName
{
    /// <summary>Longest name kept: what common file systems allow, and what Documents stores.</summary>
    public const int MaxLength = 255;

    /// <summary>Longest extension kept whole when a long name is shortened.</summary>
    private const int MaxExtensionLength = 16;

    /// <summary>The raw name a part's Content-Disposition gives, or null when it gives none.</summary>
    public static string? FromDisposition(string? contentDisposition)
    {
        if (!ContentDispositionHeaderValue.TryParse(contentDisposition, out var disposition))
        {
            return null;
        }

        // Both are StringSegment, never null: an absent parameter is a segment without a value.
        var star = disposition.FileNameStar;
        var name = star.HasValue && star.Length > 0 ? star : disposition.FileName;
        return HeaderUtilities.RemoveQuotes(name).Value;
    }

    /// <summary>A name safe to store and show, or an empty string when nothing usable is left.</summary>
    public static string Sanitize(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        // Either separator, whatever the server's OS: "C:\Users\me\offer.pdf" from an old browser is "offer.pdf".
        var lastSegment = raw[(raw.LastIndexOfAny(['/', '\\']) + 1)..];
        var kept = new StringBuilder(lastSegment.Length);
        foreach (var c in lastSegment)
        {
            // Cc: NUL, CR, LF, tabs…; Cf: bidirectional overrides that make "exe.pdf" read as "fdp.exe".
            var category = char.GetUnicodeCategory(c);
            if (category is not (UnicodeCategory.Control or UnicodeCategory.Format))
            {
                kept.Append(c);
            }
        }

        var name = kept.ToString().Trim();
        if (name is "." or "..")
        {
            return string.Empty;
        }

        return name.Length <= MaxLength ? name : Shorten(name);
    }

    private static string Shorten(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > MaxExtensionLength)
        {
            extension = string.Empty;
        }

        var stemLength = MaxLength - extension.Length;
        // Never cut a surrogate pair in two.
        if (char.IsHighSurrogate(name[stemLength - 1]))
        {
            stemLength--;
        }

        return name[..stemLength].TrimEnd() + extension;
    }
}
