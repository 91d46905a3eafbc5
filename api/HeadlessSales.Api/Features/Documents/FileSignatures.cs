using System.Text.Unicode;

namespace HeadlessSales.Api.Features.Documents;

/// <summary>
/// What a file's leading bytes must look like for each media type we accept. A declared type is believed
/// only when the content agrees, so an executable renamed <c>quote.pdf</c> is refused.
/// </summary>
public static class FileSignatures
{
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleCompound = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Ebml = [0x1A, 0x45, 0xDF, 0xA3];

    /// <summary>An ISO base media file (MP4) opens with its file-type box: a size, then <c>ftyp</c>.</summary>
    private static bool IsIsoMedia(ReadOnlySpan<byte> head) => head.Length >= 8 && head.Slice(4, 4).SequenceEqual("ftyp"u8);

    private delegate bool Matcher(ReadOnlySpan<byte> head);

    private static readonly Dictionary<string, Matcher> Matchers = new(StringComparer.Ordinal)
    {
        ["application/pdf"] = head => head.StartsWith(Pdf),
        ["image/png"] = head => head.StartsWith(Png),
        ["image/jpeg"] = head => head.StartsWith(Jpeg),
        // Office Open XML files are zip packages.
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = head => head.StartsWith(Zip),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = head => head.StartsWith(Zip),
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = head => head.StartsWith(Zip),
        // Legacy Word and Excel files are OLE compound files.
        ["application/msword"] = head => head.StartsWith(OleCompound),
        ["application/vnd.ms-excel"] = head => head.StartsWith(OleCompound),
        // Recordings (practice videos, call excerpts): MP4 by its file-type box, WebM by its EBML header.
        ["video/mp4"] = IsIsoMedia,
        ["audio/mp4"] = IsIsoMedia,
        ["video/webm"] = head => head.StartsWith(Ebml),
        ["audio/webm"] = head => head.StartsWith(Ebml),
        // Text has no signature: it must be UTF-8 without control bytes other than tab, CR and LF.
        ["text/plain"] = IsText,
        ["text/csv"] = IsText,
    };

    /// <summary>Every media type with a signature check.</summary>
    public static IReadOnlyCollection<string> Known { get; } = Matchers.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The media type part of a Content-Type value, lower-case, without parameters.</summary>
    public static string? Normalize(string? contentType) =>
        contentType?.Split(';', 2)[0].Trim().ToLowerInvariant() is { Length: > 0 } mediaType ? mediaType : null;

    /// <summary>True when <paramref name="head"/> (the first bytes of the file) has the signature of <paramref name="mediaType"/>.</summary>
    public static bool Matches(string mediaType, ReadOnlySpan<byte> head) =>
        Matchers.TryGetValue(mediaType, out var matcher) && matcher(head);

    /// <summary>A best guess at what the content is, for error messages; null when nothing matches.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var (signature, mediaType) in Signatures)
        {
            if (head.StartsWith(signature))
            {
                return mediaType;
            }
        }

        return IsText(head) ? "text/plain" : null;
    }

    private static readonly (byte[] Signature, string MediaType)[] Signatures =
    [
        (Pdf, "application/pdf"),
        (Png, "image/png"),
        (Jpeg, "image/jpeg"),
        (Zip, "application/zip"),
        (OleCompound, "application/x-ole-storage"),
        ("MZ"u8.ToArray(), "application/x-msdownload"),
        ([0x7F, 0x45, 0x4C, 0x46], "application/x-elf"),
    ];

    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return true;
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D))
            {
                return false;
            }
        }

        // The head may end inside a multi-byte character: ignore up to three trailing bytes of one.
        for (var trim = 0; trim <= Math.Min(3, head.Length - 1); trim++)
        {
            if (Utf8.IsValid(head[..(head.Length - trim)]))
            {
                return true;
            }
        }

        return false;
    }
}
