using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace HeadlessSales.Benchmarks;

/// <summary>One endpoint to drive: a request that is the same every time, and the length of a correct answer.</summary>
/// <param name="BearerToken">Sent as the Authorization header when given: the GraphQL API serves authenticated callers only.</param>
internal sealed record Target(string Name, HttpMethod Method, Uri Uri, byte[]? Body, int ExpectedLength, string? BearerToken = null);

/// <param name="JittedMethods">Methods the JIT compiled in the window (first compilations and tier-ups): not near zero means the code was still warming up.</param>
/// <param name="AllocatedBytes">Bytes allocated in the process in the window: server, load generator and runtime; the no-work row gives the floor.</param>
internal sealed record Measurement(string Name, int Connections, TimeSpan Window, long[] LatencyTicks, long Errors, string? FirstError, TimeSpan CpuTime, long JittedMethods, long AllocatedBytes)
{
    public double AllocatedKBPerRequest => Requests == 0 ? double.NaN : AllocatedBytes / 1024.0 / Requests;

    /// <summary>Process CPU time (all threads: server, client, GC) per request in the window: what a request costs, whatever else shares the machine.</summary>
    public double CpuMsPerRequest => Requests == 0 ? double.NaN : CpuTime.TotalMilliseconds / Requests;

    /// <summary>Merges the rounds of one endpoint.</summary>
    public static Measurement Combine(IReadOnlyList<Measurement> rounds)
    {
        var latencies = rounds.SelectMany(r => r.LatencyTicks).ToArray();
        Array.Sort(latencies);
        return new Measurement(rounds[0].Name, rounds[0].Connections,
            TimeSpan.FromTicks(rounds.Sum(r => r.Window.Ticks)), latencies,
            rounds.Sum(r => r.Errors), rounds.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            TimeSpan.FromTicks(rounds.Sum(r => r.CpuTime.Ticks)), rounds.Sum(r => r.JittedMethods), rounds.Sum(r => r.AllocatedBytes));
    }

    public long Requests => LatencyTicks.Length;

    public double Throughput => Requests / Window.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatencyTicks.Length == 0)
        {
            return double.NaN;
        }

        // Nearest rank on the sorted latencies.
        var rank = (int)Math.Ceiling(p / 100.0 * LatencyTicks.Length);
        return ToMs(LatencyTicks[Math.Clamp(rank - 1, 0, LatencyTicks.Length - 1)]);
    }

    public double MeanMs => LatencyTicks.Length == 0 ? double.NaN : ToMs((long)LatencyTicks.Average());

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// Closed-loop load: N workers, each with its own <see cref="HttpClient"/> over one keep-alive
/// connection, send the next request as soon as the previous answer is read. Only requests that start
/// and finish inside the measured window count. Loopback only, bounded by time, stops by itself.
/// </summary>
internal static class LoadDriver
{
    public static async Task<Measurement> RunAsync(Target target, int connections, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!IPAddress.IsLoopback(IPAddress.Parse(target.Uri.Host)))
        {
            throw new InvalidOperationException($"Refusing to load a non-loopback address: {target.Uri}");
        }

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);

        var cpu = Task.Run(async () =>
        {
            await Task.Delay(Until(measureFrom), cancellationToken);
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var jittedBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            await Task.Delay(Until(measureTo), cancellationToken);
            return (Cpu: Process.GetCurrentProcess().TotalProcessorTime - before, Jitted: System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore,
                Allocated: GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore);
        }, cancellationToken);
        var workers = Enumerable.Range(0, connections)
            .Select(_ => Task.Run(() => WorkerAsync(target, measureFrom, measureTo, cancellationToken), cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(workers);

        var latencies = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        return new Measurement(
            target.Name,
            connections,
            window,
            latencies,
            results.Sum(r => r.Errors),
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            (await cpu).Cpu,
            (await cpu).Jitted,
            (await cpu).Allocated);
    }

    /// <summary>Time left until a timestamp; zero once it has passed (a window with no warm-up starts at once).</summary>
    private static TimeSpan Until(long timestamp) => TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp).Ticks));

    private static async Task<(List<long> Latencies, long Errors, string? FirstError)> WorkerAsync(
        Target target, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var accept = new MediaTypeWithQualityHeaderValue("application/graphql-response+json");
        var acceptJson = new MediaTypeWithQualityHeaderValue("application/json", 0.9);
        var contentType = new MediaTypeHeaderValue("application/json");
        var buffer = new byte[64 * 1024];
        var latencies = new List<long>(16 * 1024);
        long errors = 0;
        string? firstError = null;

        while (!cancellationToken.IsCancellationRequested)
        {
            var began = Stopwatch.GetTimestamp();
            if (began >= measureTo)
            {
                break;
            }

            string? error = null;
            try
            {
                using var request = new HttpRequestMessage(target.Method, target.Uri);
                request.Headers.Accept.Add(accept);
                request.Headers.Accept.Add(acceptJson);
                if (target.BearerToken is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.BearerToken);
                }
                if (target.Body is not null)
                {
                    request.Content = new ByteArrayContent(target.Body);
                    request.Content.Headers.ContentType = contentType;
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                var length = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    error = $"HTTP {(int)response.StatusCode}";
                }
                else if (length != target.ExpectedLength)
                {
                    error = $"body of {length} bytes, expected {target.ExpectedLength}";
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                error = exception.GetType().Name + ": " + exception.Message;
            }

            var ended = Stopwatch.GetTimestamp();
            if (error is not null)
            {
                errors++;
                firstError ??= error;
            }
            else if (began >= measureFrom && ended <= measureTo)
            {
                latencies.Add(ended - began);
            }
        }

        return (latencies, errors, firstError);
    }
}
