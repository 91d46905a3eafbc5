using System.Buffers.Binary;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// A practice recording's length, read from its container header — never the client's word: an MP4's movie header box
/// (<c>moov/mvhd</c>: time scale and duration) or a WebM's segment info (<c>Segment/Info</c>: TimecodeScale and
/// Duration). Null when the header is missing or malformed.
/// </summary>
public static class RecordingDuration
{
    public static TimeSpan? Read(string mediaType, ReadOnlySpan<byte> content) => mediaType switch
    {
        "video/mp4" or "audio/mp4" => Mp4(content),
        "video/webm" or "audio/webm" => WebM(content),
        _ => null,
    };

    /// <summary>How much of a WebM file is read for its segment info, which recorders write before the first cluster.</summary>
    private const int WebMHeadBytes = 256 * 1024;

    /// <summary>The largest <c>moov</c> box read (it indexes every sample; minutes of video take a few hundred KB).</summary>
    private const int MaxMovieBoxBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Reads the duration from a stored or uploaded file without loading the media: an MP4's top-level boxes are skipped
    /// (mdat holds the media and may come before moov) until <c>moov</c>; a WebM's head is read.
    /// </summary>
    public static async Task<TimeSpan?> ReadAsync(string mediaType, Stream content, CancellationToken cancellationToken)
    {
        if (mediaType is "video/webm" or "audio/webm")
        {
            var head = new byte[WebMHeadBytes];
            var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            return WebM(head.AsSpan(0, read));
        }

        if (mediaType is not ("video/mp4" or "audio/mp4"))
        {
            return null;
        }

        var header = new byte[16];
        while (await content.ReadAtLeastAsync(header.AsMemory(0, 8), 8, throwOnEndOfStream: false, cancellationToken) == 8)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerLength = 8;
            if (size == 1)
            {
                if (await content.ReadAtLeastAsync(header.AsMemory(8, 8), 8, throwOnEndOfStream: false, cancellationToken) != 8)
                {
                    return null;
                }

                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                headerLength = 16;
            }

            if (size < headerLength)
            {
                return null;
            }

            var bodyLength = size - headerLength;
            if (header.AsSpan(4, 4).SequenceEqual("moov"u8))
            {
                if (bodyLength > MaxMovieBoxBytes)
                {
                    return null;
                }

                var body = new byte[bodyLength];
                var read = await content.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken);
                return read == body.Length ? MovieHeader(body) : null;
            }

            if (content.CanSeek)
            {
                content.Seek(bodyLength, SeekOrigin.Current);
            }
            else
            {
                await CopyToNullAsync(content, bodyLength, cancellationToken);
            }
        }

        return null;
    }

    private static async Task CopyToNullAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (length > 0 && await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken) is var read and > 0)
        {
            length -= read;
        }
    }

    /// <summary>Walks the top-level boxes to <c>moov</c>, then its children to <c>mvhd</c>.</summary>
    public static TimeSpan? Mp4(ReadOnlySpan<byte> content)
    {
        var moov = Box(content, "moov"u8);
        return moov.IsEmpty ? null : MovieHeader(moov);
    }

    /// <summary>The duration in a <c>moov</c> box's <c>mvhd</c> child.</summary>
    private static TimeSpan? MovieHeader(ReadOnlySpan<byte> moov)
    {
        var mvhd = Box(moov, "mvhd"u8);
        if (mvhd.Length < 4)
        {
            return null;
        }

        var version = mvhd[0];
        // version 0: creation and modification times as 32 bits; version 1: as 64 bits.
        var (scaleAt, durationAt, durationSize) = version == 1 ? (20, 24, 8) : (12, 16, 4);
        if (mvhd.Length < durationAt + durationSize)
        {
            return null;
        }

        var timeScale = BinaryPrimitives.ReadUInt32BigEndian(mvhd[scaleAt..]);
        var duration = durationSize == 8 ? BinaryPrimitives.ReadUInt64BigEndian(mvhd[durationAt..]) : BinaryPrimitives.ReadUInt32BigEndian(mvhd[durationAt..]);
        return timeScale == 0 || duration == ulong.MaxValue || duration == uint.MaxValue ? null : TimeSpan.FromSeconds((double)duration / timeScale);
    }

    /// <summary>The payload of the first box of that type among <paramref name="boxes"/>.</summary>
    private static ReadOnlySpan<byte> Box(ReadOnlySpan<byte> boxes, ReadOnlySpan<byte> type)
    {
        while (boxes.Length >= 8)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(boxes);
            var header = 8;
            if (size == 1 && boxes.Length >= 16)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(boxes[8..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = boxes.Length;
            }

            if (size < header || size > boxes.Length)
            {
                return [];
            }

            if (boxes.Slice(4, 4).SequenceEqual(type))
            {
                return boxes[header..(int)size];
            }

            boxes = boxes[(int)size..];
        }

        return [];
    }

    private const uint EbmlHeader = 0x1A45DFA3;
    private const uint Segment = 0x18538067;
    private const uint Info = 0x1549A966;
    private const uint TimecodeScale = 0x2AD7B1;
    private const uint DurationElement = 0x4489;

    /// <summary>EBML header, then the segment's Info: Duration (a float) in TimecodeScale nanoseconds (1 ms unless given).</summary>
    public static TimeSpan? WebM(ReadOnlySpan<byte> content)
    {
        if (!TryElement(ref content, out var id, out var body) || id != EbmlHeader || !TryElement(ref content, out id, out var segment, open: true) || id != Segment)
        {
            return null;
        }

        while (TryElement(ref segment, out id, out body))
        {
            if (id != Info)
            {
                continue;
            }

            var scale = 1_000_000UL;
            double? duration = null;
            while (TryElement(ref body, out id, out var value))
            {
                if (id == TimecodeScale && value.Length is > 0 and <= 8)
                {
                    scale = 0;
                    foreach (var b in value)
                    {
                        scale = (scale << 8) | b;
                    }
                }
                else if (id == DurationElement)
                {
                    duration = value.Length switch
                    {
                        4 => BinaryPrimitives.ReadSingleBigEndian(value),
                        8 => BinaryPrimitives.ReadDoubleBigEndian(value),
                        _ => null,
                    };
                }
            }

            return duration is { } units && units >= 0 && scale > 0 ? TimeSpan.FromMilliseconds(units * scale / 1_000_000d) : null;
        }

        return null;
    }

    /// <summary>
    /// Reads one element (id with its marker bits, size without them) and moves past it. <paramref name="open"/>: a
    /// segment of unknown size (live recordings) or one running past the bytes read runs to the end of them.
    /// </summary>
    private static bool TryElement(ref ReadOnlySpan<byte> content, out uint id, out ReadOnlySpan<byte> body, bool open = false)
    {
        id = 0;
        body = [];
        if (!TryVarInt(content, keepMarker: true, out var idValue, out var idLength) || idLength > 4
            || !TryVarInt(content[idLength..], keepMarker: false, out var size, out var sizeLength))
        {
            return false;
        }

        id = (uint)idValue;
        var start = idLength + sizeLength;
        var unknown = size == (1UL << (7 * sizeLength)) - 1;
        if (unknown || (ulong)(content.Length - start) < size)
        {
            if (!open)
            {
                return false;
            }

            body = content[start..];
            content = [];
            return true;
        }

        body = content.Slice(start, (int)size);
        content = content[(start + (int)size)..];
        return true;
    }

    private static bool TryVarInt(ReadOnlySpan<byte> content, bool keepMarker, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        if (content.IsEmpty || content[0] == 0)
        {
            return false;
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)content[0]) - 23;
        if (length > 8 || content.Length < length)
        {
            return false;
        }

        value = keepMarker ? content[0] : (ulong)(content[0] & (0xFF >> length));
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | content[i];
        }

        return true;
    }
}
