using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HeadlessSales.Api.Tests.Integration;

/// <summary>
/// A webhook receiver on a local port, as an integrator would run one: it records every request and verifies its
/// signature with the StandardWebhooks package (not with our signer), and answers as the test tells it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>The secrets the receiver accepts (any one verifying is enough, as during a rotation).</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>How to answer the n-th request (0-based); 200 by default.</summary>
    public Func<int, ReceivedWebhook, Task<Answer>> Respond { get; set; } = (_, _) => Task.FromResult(new Answer(200));

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Completes when at least <paramref name="count"/> requests have come in.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Received.Count < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{Received.Count} of {count} webhooks arrived.");
            }

            await Task.Delay(5);
        }
    }

    private int _count = -1;

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        foreach (var name in new[] { "webhook-id", "webhook-timestamp", "webhook-signature" })
        {
            headers[name] = context.Request.Headers[name];
        }

        var verifiedWith = Secrets.Where(secret => Verifies(secret, body, headers)).ToList();
        var received = new ReceivedWebhook(headers["webhook-id"].ToString(), long.Parse(headers["webhook-timestamp"].ToString()), headers["webhook-signature"].ToString(), body, verifiedWith, DateTime.UtcNow);
        Received.Enqueue(received);
        try
        {
            var answer = await Respond(Interlocked.Increment(ref _count), received);
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.Close();
        }
        catch (Exception)
        {
            // The sender went away (a timeout, a killed node): nothing to answer.
            context.Response.Abort();
        }
    }

    /// <summary>
    /// Whether any of the space-separated signatures verifies with <paramref name="secret"/>. Each is handed to the library on
    /// its own: StandardWebhooks 1.1.2 stops after the first of exactly two signatures, so a receiver still on the old secret
    /// during a rotation would be refused by it.
    /// </summary>
    private static bool Verifies(string secret, string body, Microsoft.AspNetCore.Http.IHeaderDictionary headers) =>
        headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(signature => VerifiesOne(secret, body, new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            ["webhook-id"] = headers["webhook-id"],
            ["webhook-timestamp"] = headers["webhook-timestamp"],
            ["webhook-signature"] = signature,
        }));

    private static bool VerifiesOne(string secret, string body, Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        try
        {
            // The library checks the timestamp against the real clock: test hosts start their fake clock at real time.
            new StandardWebhooks.StandardWebhook(secret).Verify(body, headers);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Stopped.
        }
    }
}

public sealed record ReceivedWebhook(string Id, long Timestamp, string Signature, string Body, IReadOnlyList<string> VerifiedWith, DateTime ReceivedAt)
{
    public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;
}

public sealed record Answer(int Status, int? RetryAfterSeconds = null);
