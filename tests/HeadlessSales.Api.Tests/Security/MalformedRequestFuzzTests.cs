using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// Ten thousand generated malformed requests from a fixed seed: HTTP bodies, GET query strings,
/// variables, documents and WebSocket frames. Each is answered as a client error (a 4xx, a GraphQL
/// error, or a protocol close code), never a 500, an INTERNAL_SERVER_ERROR or a dropped socket, and the
/// server still answers an ordinary query afterwards.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MalformedRequestFuzzTests(ApiFactory api)
{
    private const int Seed = 20_261_204;
    private const int HttpCases = 8_800;
    private const int WebSocketFrames = 1_200;

    /// <summary>Close codes that say "your message was wrong"; anything else (1006, 1011, 4500) is a server fault.</summary>
    private static readonly int[] ClientErrorCloseCodes = [1000, 1009, 4400, 4401, 4403, 4409, 4429];

    private static readonly string[] Vocabulary =
    [
        "{", "}", "(", ")", "[", "]", ":", "...", "$", "@", "!", "=", "|", "&", ",", "query", "subscription", "fragment", "on", "F",
        "tenant", "name", "members", "nodes", "first", "last", "100", "-1", "1e400", "99999999999999999999", "\"s\"", "\"\\ud800\"",
        "\"\"\"block\"\"\"", "__typename", "__schema", "__type", "types", "ofType", "processHealth", "accounts", "contacts", "id", "$v",
        "true", "null", "#c\n", "ü", "\u0000", "\u0001", "node", "\"x\"", "where", "order", "skip", "include", "if", "a:", "b:",
    ];

    private static readonly string[] Keys = ["query", "variables", "operationName", "extensions", "documentId", "\ud800", "", "x"];

    [Fact]
    public async Task TenThousandMalformedRequests_AreAllClientErrors_AndTheServerStaysResponsive()
    {
        var random = new Random(Seed);
        var cases = Enumerable.Range(0, HttpCases).Select(_ => NextHttpCase(random)).ToList();
        var frames = Enumerable.Range(0, WebSocketFrames).Select(_ => NextFrame(random)).ToList();
        var client = api.CreateGraphQLClient();

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (fuzz, _) =>
        {
            using var request = fuzz.Build();
            var response = await client.SendAsync(request);
            if (Verdict(response) is { } failure)
            {
                failures.Add($"{failure} for {fuzz.Describe()}");
            }
        });

        var frameFailures = await SendFramesAsync(frames);

        Assert.True(failures.IsEmpty, $"{failures.Count} HTTP cases failed, e.g.:\n{string.Join("\n", failures.Take(5))}");
        Assert.True(frameFailures.Count == 0, $"{frameFailures.Count} WebSocket frames failed, e.g.:\n{string.Join("\n", frameFailures.Take(5))}");
        var data = await client.QueryAsync("{ tenant { slug } }");
        Assert.Equal("demo", data["tenant"]!["slug"]!.GetValue<string>());
    }

    /// <returns>Null when the answer is a client error (or, for the rare generated document that is valid, data); otherwise what is wrong.</returns>
    private static string? Verdict(GraphQLResponse response)
    {
        var status = (int)response.Status;
        if (status >= 500)
        {
            return $"{status}: {Truncate(response.Body)}";
        }

        if (response.Body.Contains("INTERNAL_SERVER_ERROR", StringComparison.Ordinal))
        {
            return $"INTERNAL_SERVER_ERROR: {Truncate(response.Body)}";
        }

        var answered = status is >= 400 and < 500 || response.Errors is { Count: > 0 } || (status == 200 && response.Data is not null);
        return answered ? null : $"{status} without errors: {Truncate(response.Body)}";
    }

    private async Task<List<string>> SendFramesAsync(IReadOnlyList<byte[]> frames)
    {
        var failures = new List<string>();
        var socket = await WebSocketTestClient.ConnectAndInitAsync(api);
        try
        {
            foreach (var frame in frames)
            {
                await socket.SendBytesAsync(frame);

                // A ping after each frame: the pong says the socket survived; a close says how it judged the frame.
                await socket.SendAsync(new { type = "ping" });
                while (true)
                {
                    var message = await socket.ReceiveAsync();
                    if (message is null)
                    {
                        var code = (int)socket.CloseStatus!.Value;
                        if (!ClientErrorCloseCodes.Contains(code))
                        {
                            failures.Add($"close {code} ({socket.CloseDescription}) after {Truncate(Encoding.UTF8.GetString(frame))}");
                        }

                        await socket.DisposeAsync();
                        socket = await WebSocketTestClient.ConnectAndInitAsync(api);
                        break;
                    }

                    if (message.ToJsonString().Contains("INTERNAL_SERVER_ERROR", StringComparison.Ordinal))
                    {
                        failures.Add($"{Truncate(message.ToJsonString())} after {Truncate(Encoding.UTF8.GetString(frame))}");
                    }

                    if (message["type"]?.GetValue<string>() == "pong")
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await socket.DisposeAsync();
        }

        return failures;
    }

    private static HttpCase NextHttpCase(Random random) => random.Next(9) switch
    {
        0 => HttpCase.Post(RandomBytes(random, random.Next(0, 300))),
        1 => HttpCase.Post(Json(new JsonObject { ["query"] = TokenSoup(random) })),
        2 => HttpCase.Post(Json(new JsonObject { ["query"] = "query($v: String, $n: Int) { tenant { name } }", ["variables"] = RandomJson(random, 0) })),
        3 => HttpCase.Post(Mutate(random, Json(new JsonObject { ["query"] = "{ members(first: 3) { nodes { name } } }", ["variables"] = new JsonObject { ["n"] = 1 } }))),
        4 => HttpCase.Post(Json(RandomEnvelope(random))),
        5 => HttpCase.Post(Json(new JsonObject { ["query"] = DeepDocument(random) })),
        6 => HttpCase.Post(EscapedText(random)),
        7 => HttpCase.Get("/graphql?" + string.Join('&', Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
            Uri.EscapeDataString(Keys[random.Next(Keys.Length)].Replace("\ud800", "%ED%A0%80")) + "=" + Uri.EscapeDataString(random.Next(2) == 0 ? TokenSoup(random) : RandomJson(random, 0)?.ToJsonString() ?? "null")))),
        _ => HttpCase.Post(Json(new JsonObject { ["query"] = TokenSoup(random) }), RandomContentType(random), RandomAccept(random)),
    };

    private static byte[] NextFrame(Random random) => random.Next(6) switch
    {
        0 => RandomBytes(random, random.Next(1, 200)),
        1 => Json(new JsonObject { ["type"] = RandomJson(random, 0), ["id"] = RandomJson(random, 0), ["payload"] = RandomJson(random, 0) }),
        2 => Json(new JsonObject { ["type"] = "subscribe", ["id"] = $"f{random.Next()}", ["payload"] = new JsonObject { ["query"] = TokenSoup(random), ["variables"] = RandomJson(random, 0) } }),
        3 => Mutate(random, Json(new JsonObject { ["type"] = "subscribe", ["id"] = "m", ["payload"] = new JsonObject { ["query"] = "{ tenant { name } }" } })),
        4 => Encoding.UTF8.GetBytes($"{{\"type\":\"subscribe\",\"id\":\"u{random.Next()}\",\"payload\":{{\"query\":\"query($v: String) {{ __typename }}\",\"variables\":{{\"v\":\"{LoneSurrogateEscape(random)}\"}}}}}}"),
        _ => Json(new JsonObject { ["type"] = "subscribe", ["id"] = $"d{random.Next()}", ["payload"] = new JsonObject { ["query"] = DeepDocument(random) } }),
    };

    private static string TokenSoup(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(1, 40)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));

    private static string DeepDocument(Random random)
    {
        var depth = random.Next(1, 6_000);
        return random.Next(3) switch
        {
            0 => string.Concat(Enumerable.Repeat("{ tenant ", depth)) + "{ name }" + new string('}', depth),
            1 => "{ members(where: " + new string('[', depth) + new string(']', depth) + ") { totalCount } }",
            _ => "{ members(where: " + string.Concat(Enumerable.Repeat("{ a: ", depth)) + "1" + new string('}', depth) + ") { totalCount } }",
        };
    }

    private static JsonNode? RandomJson(Random random, int depth) => random.Next(depth > 3 ? 5 : 8) switch
    {
        0 => null,
        1 => random.Next(),
        2 => random.NextDouble() * 1e300,
        3 => random.Next(2) == 0,
        4 => TokenSoup(random),
        5 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1)).ToArray()),
        6 => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(i => KeyValuePair.Create($"{Keys[random.Next(3)]}{i}", RandomJson(random, depth + 1)))),
        _ => JsonNode.Parse(new string('[', 60) + new string(']', 60)),
    };

    private static JsonObject RandomEnvelope(Random random)
    {
        var envelope = new JsonObject();
        foreach (var key in Keys.Where(k => !k.Contains('\ud800', StringComparison.Ordinal)))
        {
            if (random.Next(2) == 0)
            {
                envelope[key] = RandomJson(random, 0);
            }
        }

        return envelope;
    }

    /// <summary>JSON whose strings carry escapes no text can hold, or raw bytes that are not UTF-8.</summary>
    private static byte[] EscapedText(Random random)
    {
        var surrogate = LoneSurrogateEscape(random);
        var place = random.Next(4);
        var text = place switch
        {
            0 => """{"query":"{ tenant { name } }","variables":{"v":" """ + surrogate + "\"}}",
            1 => $$"""{"query":"{ tenant { name {{surrogate}} } }"}""",
            2 => $$"""{"query":"{ tenant { name } }","{{surrogate}}":1}""",
            _ => $$"""{"query":"{ tenant { name } }","operationName":"x"}""",
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        if (place == 3)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
        }

        return bytes;
    }

    private static string LoneSurrogateEscape(Random random) =>
        "\\u" + (0xD800 + random.Next(0x800)).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var mutated = bytes.ToArray();
        for (var i = random.Next(1, 4); i > 0 && mutated.Length > 0; i--)
        {
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
        }

        return random.Next(3) == 0 ? mutated[..random.Next(mutated.Length + 1)] : mutated;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomContentType(Random random) =>
        new[] { "application/json", "application/json; charset=latin1", "text/plain", "application/graphql", "multipart/form-data; boundary=x", "application/json; charset=utf-8" }[random.Next(6)];

    private static string RandomAccept(Random random) =>
        new[] { "application/graphql-response+json", "application/json", "text/html", "*/*", "application/xml" }[random.Next(5)];

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private sealed record HttpCase(HttpMethod Method, string Url, byte[]? Body, string ContentType, string Accept)
    {
        public static HttpCase Post(byte[] body, string contentType = "application/json", string accept = "application/graphql-response+json") =>
            new(HttpMethod.Post, "/graphql", body, contentType, accept);

        public static HttpCase Get(string url) => new(HttpMethod.Get, url, null, "application/json", "application/graphql-response+json");

        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(Method, Url);
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                if (ContentType.StartsWith("multipart", StringComparison.Ordinal))
                {
                    request.Headers.Add("GraphQL-Require-Preflight", "1");
                }
            }

            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(Accept));
            return request;
        }

        public string Describe() => $"{Method} {Truncate(Url)} [{ContentType}] {(Body is null ? string.Empty : Truncate(Encoding.UTF8.GetString(Body)))}";
    }
}
