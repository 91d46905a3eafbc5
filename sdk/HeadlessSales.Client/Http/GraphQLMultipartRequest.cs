using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeadlessSales.Client.Http;

/// <summary>
/// The body of one HTTP request: plain JSON, or, when the variables hold <see cref="GraphQLFile"/>s, a GraphQL
/// multipart request (<c>operations</c> with null where the files go, <c>map</c> from part name to
/// variable paths such as <c>variables.input.files.0</c>, then one part per file, in that order).
/// </summary>
internal static class GraphQLMultipartRequest
{
    /// <summary>Serializes <paramref name="body"/> once; files met on the way are collected rather than written.</summary>
    public static HttpContent Create<TBody>(TBody body, JsonSerializerOptions options, out bool isMultipart)
    {
        var collector = new FileCollector();
        var previous = GraphQLFileJsonConverter.Collector;
        GraphQLFileJsonConverter.Collector = collector;
        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(body, options);
        }
        finally
        {
            GraphQLFileJsonConverter.Collector = previous;
        }

        isMultipart = collector.Files.Count > 0;
        if (!isMultipart)
        {
            return Json(json);
        }

        // Only requests with files pay for the second pass: find each marker's path and put null in its place.
        var operations = JsonNode.Parse(json)!;
        var paths = collector.Files.Select(_ => new List<string>()).ToArray();
        ReplaceMarkers(operations, null, collector, paths);
        var content = new MultipartFormDataContent();
        content.Add(Json(JsonSerializer.SerializeToUtf8Bytes(operations, options)), "operations");
        var map = new JsonObject();
        for (var index = 0; index < paths.Length; index++)
        {
            map[PartName(index)] = new JsonArray(paths[index].Select(path => (JsonNode)JsonValue.Create(path)).ToArray());
        }

        content.Add(Json(JsonSerializer.SerializeToUtf8Bytes(map, options)), "map");
        for (var index = 0; index < collector.Files.Count; index++)
        {
            var file = collector.Files[index];
            content.Add(file.CreateContent(), PartName(index), file.FileName);
        }

        return content;
    }

    /// <summary>Throws when the variables hold a file: for transports that cannot carry one.</summary>
    public static void RefuseFiles(IReadOnlyDictionary<string, object?>? variables, JsonSerializerOptions options, string transport)
    {
        if (variables is null)
        {
            return;
        }

        var collector = new FileCollector();
        var previous = GraphQLFileJsonConverter.Collector;
        GraphQLFileJsonConverter.Collector = collector;
        try
        {
            JsonSerializer.SerializeToUtf8Bytes(variables, options);
        }
        finally
        {
            GraphQLFileJsonConverter.Collector = previous;
        }

        if (collector.Files.Count > 0)
        {
            throw new NotSupportedException(
                $"{transport} cannot send files (the Upload scalar: {string.Join(", ", collector.Files.Select(f => f.FileName))}); upload them with a query or mutation over HTTP, which sends a GraphQL multipart request.");
        }
    }

    private static string PartName(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static ByteArrayContent Json(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static void ReplaceMarkers(JsonNode? node, string? path, FileCollector collector, List<string>[] paths)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    var childPath = path is null ? property.Key : path + "." + property.Key;
                    if (collector.TryReadMarker(property.Value, out var index))
                    {
                        obj[property.Key] = null;
                        paths[index].Add(childPath);
                    }
                    else
                    {
                        ReplaceMarkers(property.Value, childPath, collector, paths);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = path + "." + i.ToString(CultureInfo.InvariantCulture);
                    if (collector.TryReadMarker(array[i], out var index))
                    {
                        array[i] = null;
                        paths[index].Add(childPath);
                    }
                    else
                    {
                        ReplaceMarkers(array[i], childPath, collector, paths);
                    }
                }

                break;
        }
    }

    /// <summary>The files of one request, in order of appearance; one file used twice is one part with two paths.</summary>
    internal sealed class FileCollector
    {
        // Unique per request, so no string a caller sends can pass for a file.
        private readonly string _marker = "\u0001graphql-file:" + Guid.NewGuid().ToString("N") + ":";

        public List<GraphQLFile> Files { get; } = [];

        public string Add(GraphQLFile file)
        {
            var index = Files.IndexOf(file);
            if (index < 0)
            {
                Files.Add(file);
                index = Files.Count - 1;
            }

            return _marker + index.ToString(CultureInfo.InvariantCulture);
        }

        public bool TryReadMarker(JsonNode? node, out int index)
        {
            index = -1;
            return node is JsonValue value
                && value.TryGetValue<string>(out var text)
                && text.StartsWith(_marker, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(_marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }
    }
}
