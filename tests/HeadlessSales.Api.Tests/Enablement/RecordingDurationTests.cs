using System.Buffers.Binary;
using HeadlessSales.Api.Features.Enablement;

namespace HeadlessSales.Api.Tests.Enablement;

/// <summary>A practice recording's length comes from its container header: MP4's moov/mvhd and WebM's Segment/Info.</summary>
public sealed class RecordingDurationTests
{
    [Theory]
    [InlineData(0, 1000u, 120_000ul, 120.0)]
    [InlineData(1, 600u, 54_000ul, 90.0)]
    public void Mp4_duration_is_the_movie_headers_duration_over_its_time_scale(byte version, uint timeScale, ulong duration, double seconds)
    {
        var mp4 = Mp4(version, timeScale, duration);

        Assert.Equal(TimeSpan.FromSeconds(seconds), RecordingDuration.Read("video/mp4", mp4));
    }

    [Fact]
    public void WebM_duration_is_the_segment_infos_duration_in_timecode_scale_units()
    {
        // TimecodeScale 1 ms, Duration 95,500 ticks as a float64: 95.5 s; the segment's size is unknown, as a live recorder writes it.
        Assert.Equal(TimeSpan.FromSeconds(95.5), RecordingDuration.Read("video/webm", WebM(1_000_000, 95_500d, unknownSegmentSize: true)));
        // TimecodeScale 10 ms: 100 ticks are 1 s.
        Assert.Equal(TimeSpan.FromSeconds(1), RecordingDuration.Read("video/webm", WebM(10_000_000, 100d, unknownSegmentSize: false)));
    }

    [Fact]
    public void A_header_that_is_missing_truncated_or_of_another_type_gives_no_duration()
    {
        var mp4 = Mp4(0, 1000, 120_000);
        Assert.Null(RecordingDuration.Read("video/mp4", mp4.AsSpan(0, 60)));
        Assert.Null(RecordingDuration.Read("video/mp4", "%PDF-1.7 not a movie"u8));
        Assert.Null(RecordingDuration.Read("video/webm", mp4));
        Assert.Null(RecordingDuration.Read("application/pdf", mp4));
        Assert.Null(RecordingDuration.Read("video/mp4", Mp4(0, 0, 120_000)));
    }

    /// <summary>ftyp, then moov holding an mvhd of that version.</summary>
    internal static byte[] Mp4(byte version, uint timeScale, ulong duration)
    {
        var mvhdBody = new byte[version == 1 ? 112 : 100];
        mvhdBody[0] = version;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt32BigEndian(mvhdBody.AsSpan(20), timeScale);
            BinaryPrimitives.WriteUInt64BigEndian(mvhdBody.AsSpan(24), duration);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(mvhdBody.AsSpan(12), timeScale);
            BinaryPrimitives.WriteUInt32BigEndian(mvhdBody.AsSpan(16), (uint)duration);
        }

        var ftyp = BoxOf("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isommp41"u8]);
        return [.. ftyp, .. BoxOf("moov", BoxOf("mvhd", mvhdBody)), .. BoxOf("mdat", new byte[64])];
    }

    internal static byte[] WebM(ulong timecodeScale, double duration, bool unknownSegmentSize)
    {
        var scale = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(scale, timecodeScale);
        var length = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(length, duration);
        var info = Element([0x15, 0x49, 0xA9, 0x66], [.. Element([0x2A, 0xD7, 0xB1], scale), .. Element([0x44, 0x89], length)]);
        var tracks = Element([0x16, 0x54, 0xAE, 0x6B], new byte[16]);
        var header = Element([0x1A, 0x45, 0xDF, 0xA3], Element([0x42, 0x82], "webm"u8.ToArray()));
        byte[] segmentBody = [.. info, .. tracks];
        var segment = unknownSegmentSize
            ? [0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. segmentBody]
            : Element([0x18, 0x53, 0x80, 0x67], segmentBody);
        return [.. header, .. segment];
    }

    private static byte[] BoxOf(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    /// <summary>An EBML element with an 8-byte size.</summary>
    private static byte[] Element(byte[] id, byte[] body)
    {
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)body.Length);
        size[0] = 0x01;
        return [.. id, .. size, .. body];
    }
}
