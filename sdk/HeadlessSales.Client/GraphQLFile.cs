using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessSales.Client;

/// <summary>
/// A value of the GraphQL <c>Upload</c> scalar: a file to send with an operation. Put it anywhere in the
/// variables (an input field, a list, a variable of its own); <see cref="Http.HttpGraphQLTransport"/> then
/// sends the operation as a GraphQL multipart request, one file part per file. The WebSocket transport
/// cannot carry files and refuses them.
/// </summary>
[JsonConverter(typeof(GraphQLFileJsonConverter))]
public sealed class GraphQLFile
{
    private readonly Stream? _stream;
    private readonly ReadOnlyMemory<byte> _bytes;

    /// <summary>A file read from <paramref name="content"/> while the request is sent; the stream is read once and left open for the caller to dispose.</summary>
    /// <param name="content">The file's bytes, from the stream's current position.</param>
    /// <param name="fileName">The file name the server keeps, e.g. <c>报价单.pdf</c>.</param>
    /// <param name="contentType">The media type, e.g. <c>text/csv</c>; the server may check it against the content.</param>
    public GraphQLFile(Stream content, string fileName, string contentType = "application/octet-stream")
        : this(fileName, contentType, content ?? throw new ArgumentNullException(nameof(content)), default)
    {
        if (!content.CanRead)
        {
            throw new ArgumentException("The stream of a file to upload must be readable.", nameof(content));
        }
    }

    private GraphQLFile(string fileName, string contentType, Stream? stream, ReadOnlyMemory<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (!MediaTypeHeaderValue.TryParse(contentType, out _))
        {
            throw new ArgumentException($"'{contentType}' is not a media type such as text/csv or application/pdf.", nameof(contentType));
        }

        FileName = fileName;
        ContentType = contentType;
        _stream = stream;
        _bytes = bytes;
    }

    /// <summary>A file held in memory; it can be sent any number of times.</summary>
    public static GraphQLFile FromBytes(ReadOnlyMemory<byte> bytes, string fileName, string contentType = "application/octet-stream") =>
        new(fileName, contentType, null, bytes);

    public string FileName { get; }

    public string ContentType { get; }

    /// <summary>The file part's body; a stream is not disposed with it, because the caller owns it.</summary>
    internal HttpContent CreateContent()
    {
        HttpContent content = _stream is null ? new ReadOnlyMemoryContent(_bytes) : new BorrowedStreamContent(_stream);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        return content;
    }

    public override string ToString() => FileName + " (" + ContentType + ")";

    private sealed class BorrowedStreamContent(Stream stream) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream target, TransportContext? context) => stream.CopyToAsync(target);

        protected override Task SerializeToStreamAsync(Stream target, TransportContext? context, CancellationToken cancellationToken) =>
            stream.CopyToAsync(target, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = stream.CanSeek ? stream.Length - stream.Position : 0;
            return stream.CanSeek;
        }
    }
}

/// <summary>
/// Writes a <see cref="GraphQLFile"/> only while <see cref="Http.GraphQLMultipartRequest"/> collects the files of
/// a request (as a marker it then replaces with null, as the multipart spec wants); anywhere else a file
/// has no JSON form, and saying so beats sending a request the server would misread.
/// </summary>
public sealed class GraphQLFileJsonConverter : JsonConverter<GraphQLFile>
{
    [ThreadStatic]
    private static Http.GraphQLMultipartRequest.FileCollector? CurrentThreadCollector;

    internal static Http.GraphQLMultipartRequest.FileCollector? Collector
    {
        get => CurrentThreadCollector;
        set => CurrentThreadCollector = value;
    }

    public override GraphQLFile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("The Upload scalar is input only: a response cannot carry a file.");

    public override void Write(Utf8JsonWriter writer, GraphQLFile value, JsonSerializerOptions options)
    {
        if (CurrentThreadCollector is not { } collector)
        {
            // InvalidOperationException rather than NotSupportedException: System.Text.Json rewrites the latter's message.
            throw new InvalidOperationException(
                $"The file '{value.FileName}' cannot be sent here: files (the Upload scalar) travel only in a GraphQL multipart request of HttpGraphQLTransport; the WebSocket transport and plain JSON cannot carry them.");
        }

        writer.WriteStringValue(collector.Add(value));
    }
}
