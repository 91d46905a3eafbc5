using System.Net;
using System.Text;

namespace HeadlessSales.Sdk.Tests.Infrastructure;

/// <summary>Answers HTTP requests from a queue of canned responses and records what was sent.</summary>
internal sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _responses = new();

    public List<RecordedRequest> Requests { get; } = [];

    public StubHttpHandler Respond(HttpStatusCode status, string mediaType, string body)
    {
        _responses.Enqueue(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
        return this;
    }

    public StubHttpHandler RespondGraphQL(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        Respond(status, "application/graphql-response+json", body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri, request.Headers.ToString(), request.Content?.Headers.ContentType?.ToString(), body, request.Headers.Authorization?.ToString()));
        if (_responses.Count == 0)
        {
            throw new InvalidOperationException("No canned response left for " + request.RequestUri);
        }

        return _responses.Dequeue()(request);
    }

    public HttpClient CreateClient(string baseAddress = "https://sales.test/graphql") => new(this) { BaseAddress = new Uri(baseAddress) };
}

internal sealed record RecordedRequest(HttpMethod Method, Uri? Uri, string Headers, string? ContentType, string? Body, string? Authorization);
