using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using HeadlessSales.Api.GraphQL.Execution;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>
/// The GraphQL multipart request spec: an <c>operations</c> part (the usual JSON request, with null where
/// files go), a <c>map</c> part (<c>{ "0": ["variables.input.file"] }</c>), then one part per file. Files
/// are written to temporary files as they arrive, hashed on the way, and never held in memory whole.
/// </summary>
public sealed partial class GraphQLHttpRequestReader
{
    /// <summary>
    /// The header a multipart request must carry. Any header outside the CORS safelist would make a browser
    /// ask first; a dedicated one says why it is there and cannot be sent by a plain HTML form.
    /// </summary>
    public const string PreflightHeader = "GraphQL-Require-Preflight";

    public static bool IsMultipart(HttpRequest http) =>
        HttpMethods.IsPost(http.Method)
        && MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType)
        && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    public static bool HasPreflightHeader(HttpRequest http) =>
        http.Headers.TryGetValue(PreflightHeader, out var values) && values.Any(v => !string.IsNullOrWhiteSpace(v));

    private async Task<(GraphQLRequest? Request, TransportError? Error)> ReadMultipartAsync(HttpRequest http, long maxOperationsBytes, CancellationToken cancellationToken)
    {
        var limits = _uploads;
        if (!MediaTypeHeaderValue.TryParse(http.ContentType, out var contentType)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return (null, TransportError.InvalidMultipart("The multipart/form-data Content-Type has no boundary."));
        }

        if (http.ContentLength > limits.MaxRequestBytes)
        {
            return (null, TransportError.UploadTooLarge(limits.MaxRequestBytes));
        }

        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limits.MaxRequestBytes;
        }

        var files = new UploadedFileSet();
        try
        {
            var (request, error) = await ReadPartsAsync(new MultipartReader(boundary, http.Body), files, maxOperationsBytes, limits, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                await files.DisposeAsync().ConfigureAwait(false);
                return (null, error);
            }

            http.HttpContext.Response.RegisterForDisposeAsync(files);
            return (request, null);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await files.DisposeAsync().ConfigureAwait(false);
            return (null, TransportError.UploadTooLarge(limits.MaxRequestBytes));
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or BadHttpRequestException)
        {
            await files.DisposeAsync().ConfigureAwait(false);
            return (null, TransportError.InvalidMultipart($"The multipart body could not be read: {exception.Message}"));
        }
        catch
        {
            await files.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(GraphQLRequest?, TransportError?)> ReadPartsAsync(
        MultipartReader reader, UploadedFileSet files, long maxOperationsBytes, GraphQLServerOptions.UploadOptions limits, CancellationToken cancellationToken)
    {
        // The spec fixes the order so a server can stream: operations, map, then the files.
        var operationsSection = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        if (operationsSection is null || PartName(operationsSection) != "operations")
        {
            return (null, TransportError.InvalidMultipart("The first part must be `operations`."));
        }

        using var operations = await ReadJsonPartAsync(operationsSection, maxOperationsBytes, cancellationToken).ConfigureAwait(false);
        if (operations is null)
        {
            return (null, TransportError.InvalidMultipart($"`operations` must be JSON of at most {maxOperationsBytes} bytes."));
        }

        if (operations.RootElement.ValueKind == JsonValueKind.Array)
        {
            return (null, TransportError.InvalidMultipart("Batched operations are not supported; send one operation per request."));
        }

        var (request, requestError) = ReadBody(operations.RootElement);
        if (requestError is not null)
        {
            return (null, requestError);
        }

        var mapSection = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        if (mapSection is null || PartName(mapSection) != "map")
        {
            return (null, TransportError.InvalidMultipart("The second part must be `map`."));
        }

        using var mapJson = await ReadJsonPartAsync(mapSection, maxOperationsBytes, cancellationToken).ConfigureAwait(false);
        if (mapJson is null || ReadMap(mapJson.RootElement) is not { } map)
        {
            return (null, TransportError.InvalidMultipart("`map` must be a JSON object from part names to non-empty arrays of paths such as \"variables.file\"."));
        }

        if (map.Count > limits.MaxFiles)
        {
            return (null, TransportError.InvalidMultipart($"At most {limits.MaxFiles} files per request."));
        }

        var spoolFolder = limits.SpoolFolder is { Length: > 0 } folder ? folder : Path.GetTempPath();
        Directory.CreateDirectory(spoolFolder);
        long total = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            var name = PartName(section);
            if (name is null || !map.ContainsKey(name) || files.Files.Any(f => f.PartName == name))
            {
                return (null, TransportError.InvalidMultipart($"The part '{name}' is not named in `map`, or came twice."));
            }

            var (file, error) = await SpoolAsync(section, name, spoolFolder, files, limits, limits.MaxRequestBytes - total, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return (null, error);
            }

            total += file!.Length;
            files.Files.Add(file);
        }

        if (map.Keys.FirstOrDefault(key => files.Files.All(f => f.PartName != key)) is { } missing)
        {
            return (null, TransportError.InvalidMultipart($"`map` names the part '{missing}', but the request has no such file part."));
        }

        var variables = ToMutable(request!.Variables) as Dictionary<string, object?> ?? [];
        foreach (var file in files.Files)
        {
            foreach (var path in map[file.PartName])
            {
                if (!TryPlace(variables, path, file))
                {
                    return (null, TransportError.InvalidMultipart($"The path '{path}' of part '{file.PartName}' does not lead to a null variable value."));
                }
            }
        }

        request.Variables = new Inputs(variables);
        return (request, null);
    }

    private static async Task<(UploadedFile?, TransportError?)> SpoolAsync(
        MultipartSection section, string name, string folder, UploadedFileSet files, GraphQLServerOptions.UploadOptions limits, long remaining, CancellationToken cancellationToken)
    {
        var fileName = UploadFileName.Sanitize(UploadFileName.FromDisposition(section.ContentDisposition));
        var path = Path.Combine(folder, $"headlesssales-upload-{Guid.NewGuid():N}.tmp");
        files.PartialPath = path;
        var head = new byte[UploadedFile.HeadLength];
        var headLength = 0;
        long length = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await section.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > limits.MaxFileBytes)
                {
                    return (null, TransportError.FileTooLarge(name, limits.MaxFileBytes));
                }

                if (length > remaining)
                {
                    return (null, TransportError.UploadTooLarge(limits.MaxRequestBytes));
                }

                var chunk = buffer.AsMemory(0, read);
                hash.AppendData(chunk.Span);
                if (headLength < head.Length)
                {
                    var take = Math.Min(head.Length - headLength, read);
                    chunk.Span[..take].CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }

                await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        files.PartialPath = null;
        var file = new UploadedFile(name, fileName.Length > 0 ? fileName : name, section.ContentType, length,
            Convert.ToHexStringLower(hash.GetHashAndReset()), head[..headLength], path);
        return (file, null);
    }

    private static string? PartName(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
        && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
            : null;

    private static async Task<JsonDocument?> ReadJsonPartAsync(MultipartSection section, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await section.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            // Text that is not valid Unicode is refused like any other part that is not JSON.
            var document = JsonDocument.Parse(buffer.ToArray());
            if (WellFormedJson.IsWellFormed(document.RootElement))
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, List<string>>? ReadMap(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Length == 0 || property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() == 0)
            {
                return null;
            }

            var paths = new List<string>();
            foreach (var path in property.Value.EnumerateArray())
            {
                if (path.ValueKind != JsonValueKind.String || path.GetString() is not { } text || !text.StartsWith("variables.", StringComparison.Ordinal))
                {
                    return null;
                }

                paths.Add(text);
            }

            map[property.Name] = paths;
        }

        return map;
    }

    /// <summary>A deep copy of the variables with mutable maps and lists, so files can be placed in them.</summary>
    private static object? ToMutable(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => ToMutable(p.Value)),
        IDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => ToMutable(p.Value)),
        IEnumerable<object?> list => list.Select(ToMutable).ToList(),
        _ => value,
    };

    /// <summary>Puts <paramref name="file"/> where <paramref name="path"/> (<c>variables.input.files.0</c>) points, which must hold null.</summary>
    private static bool TryPlace(Dictionary<string, object?> variables, string path, UploadedFile file)
    {
        var steps = path.Split('.')[1..];
        object? container = variables;
        for (var i = 0; i < steps.Length; i++)
        {
            var last = i == steps.Length - 1;
            switch (container)
            {
                case Dictionary<string, object?> map when map.TryGetValue(steps[i], out var next):
                    if (last)
                    {
                        if (next is not null)
                        {
                            return false;
                        }

                        map[steps[i]] = file;
                        return true;
                    }

                    container = next;
                    break;
                case List<object?> list when int.TryParse(steps[i], out var index) && index >= 0 && index < list.Count:
                    if (last)
                    {
                        if (list[index] is not null)
                        {
                            return false;
                        }

                        list[index] = file;
                        return true;
                    }

                    container = list[index];
                    break;
                default:
                    return false;
            }
        }

        return false;
    }
}
