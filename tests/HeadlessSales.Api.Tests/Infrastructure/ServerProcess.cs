using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace HeadlessSales.Api.Tests.Infrastructure;

/// <summary>
/// The real server as an operating-system process on a loopback port: for what an in-process host cannot show,
/// such as a node killed with SIGKILL and started again on the same data.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>The last lines the process wrote, for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _log);

    /// <summary>Starts the server with <paramref name="settings"/> (configuration keys, as in appsettings) and waits until it serves.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? startTimeout = null)
    {
        var port = FreePort();
        var assembly = Path.Combine(AppContext.BaseDirectory, "HeadlessSales.Api.dll");
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Identity__RequireHttps"] = "false";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        // As ApiFactory: the fixed-date demo the suites count on, not the process history up to the clock.
        start.Environment["Demo__ProcessHistory"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (startTimeout ?? TimeSpan.FromMinutes(2)))
        {
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {server._process.ExitCode}:\n{server.RecentOutput}");
            }

            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"The server did not become healthy:\n{server.RecentOutput}");
    }

    /// <summary>An HTTP client holding a token of the demo integration client, taken from this server.</summary>
    public async Task<GraphQLTestClient> CreateGraphQLClientAsync()
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await IntegrationTokenAsync());
        return new GraphQLTestClient(http);
    }

    /// <summary>A token of the demo integration client from this server's token endpoint.</summary>
    public Task<string> IntegrationTokenAsync() =>
        new TokenClient(Address).ClientCredentialsAsync(HeadlessSales.Api.Identity.DemoIdentity.IntegrationClientId, HeadlessSales.Api.Identity.DemoIdentity.IntegrationClientSecret);

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no finishing the timer in hand.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
