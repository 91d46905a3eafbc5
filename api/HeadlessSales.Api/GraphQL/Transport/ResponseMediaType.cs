using Microsoft.Net.Http.Headers;

namespace HeadlessSales.Api.GraphQL.Transport;

public static class ResponseMediaType
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// Picks the response media type from the Accept header: the most preferred of the two we produce,
    /// <c>application/json</c> when the header is absent or accepts anything, null when it accepts neither.
    /// On equal preference the GraphQL media type wins, as its status codes are more precise.
    /// </summary>
    public static string? Negotiate(IList<string>? acceptHeaders)
    {
        if (acceptHeaders is null || acceptHeaders.Count == 0 || !MediaTypeHeaderValue.TryParseList(acceptHeaders, out var ranges) || ranges.Count == 0)
        {
            return Json;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            if (quality <= 0)
            {
                continue;
            }

            var mediaType = range.MediaType.Value ?? string.Empty;
            var candidate = mediaType.ToLowerInvariant() switch
            {
                GraphQLResponse => GraphQLResponse,
                Json => Json,
                "*/*" or "application/*" => Json,
                _ => null,
            };

            if (candidate is null)
            {
                continue;
            }

            if (quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponse && best != GraphQLResponse && mediaType != "*/*" && mediaType != "application/*"))
            {
                best = candidate;
                bestQuality = quality;
            }
        }

        return best;
    }
}
