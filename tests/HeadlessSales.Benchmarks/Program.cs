using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeadlessSales.Benchmarks;

// HTTP load comparison: the GraphQL path of the real API host against a hand-written minimal-API
// endpoint on the same database. See README.md; `--help` lists the options.
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            return 64;
        }

        // WebApplicationFactory finds the API's content root through MvcTestingAppManifest.json in the
        // current directory, which `dotnet run` leaves at the caller's; relative --out paths are already resolved.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        var dataFolder = Path.Combine(Path.GetTempPath(), "headlesssales-bench", Guid.NewGuid().ToString("N"));
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        Console.WriteLine($"Data folder: {dataFolder}");
        var clock = Stopwatch.StartNew();
        await using var database = options.PostgresServer is { } server ? BenchDatabase.PostgreSql(server) : BenchDatabase.Sqlite;
        await using var api = new ApiHost(dataFolder, database.Settings);
        var tenantId = await api.DemoTenantIdAsync();
        // The leads page reads converted leads: the benchmark adds owned, converted ones until there are sixty.
        var seededLeads = await BenchLeads.SeedAsync(api.Services.GetRequiredService<HeadlessSales.Api.Infrastructure.Data.ISalesDbContextPool>(), tenantId, Queries.PageSize + 10);
        await using var plain = await PlainHost.StartAsync(dataFolder, database.Settings);
        // The backstop counts from here: starting (a PostgreSQL migration and seed on a busy machine took 221 s) is not a phase it bounds.
        stop.CancelAfter(options.HardLimit);
        Console.WriteLine($"API (GraphQL) at {api.BaseAddress}, hand-written at {plain.BaseAddress}, demo tenant {tenantId} ({seededLeads} leads seeded); started in {clock.Elapsed.TotalSeconds:F1} s");

        try
        {
            using var probe = new HttpClient();
            var token = await IntegrationTokenAsync(probe, new Uri(api.BaseAddress, "/connect/token"));
            probe.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var graphQLUri = new Uri(api.BaseAddress, "/graphql");

            // Each page: the GraphQL query and the hand-written endpoint, whose answers must be the same JSON, or the comparison means nothing.
            var targets = new List<(Target Target, bool Main)>();
            // The first page's answer: what the no-work diagnostic endpoint serves.
            byte[] graphQLBody = [];
            foreach (var page in Queries.Pages)
            {
                var plainUri = new Uri(plain.BaseAddress, $"{page.PlainPath}?first={Queries.PageSize}");
                var pageGraphQL = await PostGraphQLAsync(probe, graphQLUri, page.Query);
                var pagePlain = await probe.GetByteArrayAsync(plainUri, stop.Token);
                VerifySameAnswer(page, pageGraphQL, pagePlain);
                graphQLBody = graphQLBody.Length == 0 ? pageGraphQL : graphQLBody;
                targets.Add((new Target(page.GraphQLName, HttpMethod.Post, graphQLUri, Queries.Body(page.Query), pageGraphQL.Length, token), true));
                targets.Add((new Target(page.PlainName, HttpMethod.Get, plainUri, null, pagePlain.Length), true));
            }

            PlainHost.StaticBody = graphQLBody;
            if (options.Profile)
            {
                var typename = await PostGraphQLAsync(probe, graphQLUri, Queries.Typename);
                var flat = await PostGraphQLAsync(probe, graphQLUri, Queries.MembersFlat);
                var teamOnly = await PostGraphQLAsync(probe, graphQLUri, Queries.MembersTeamId);
                var staticUri = new Uri(plain.BaseAddress, PlainHost.StaticPath);
                targets.Add((new Target("GraphQL `{ __typename }`", HttpMethod.Post, graphQLUri, Queries.Body(Queries.Typename), typename.Length, token), false));
                targets.Add((new Target("GraphQL members, no team", HttpMethod.Post, graphQLUri, Queries.Body(Queries.MembersFlat), flat.Length, token), false));
                targets.Add((new Target("GraphQL members, team { id } only", HttpMethod.Post, graphQLUri, Queries.Body(Queries.MembersTeamId), teamOnly.Length, token), false));
                targets.Add((new Target("Plain: same bytes, no work", HttpMethod.Get, staticUri, null, graphQLBody.Length), false));
            }

            // Tiered compilation keeps recompiling hot methods for a minute or more after start (longer on a
            // busy machine): a window measured meanwhile prices the JIT and unoptimized code, not the request.
            // Drive every endpoint in turns until one whole turn compiles next to nothing.
            var settle = await SettleJitAsync(targets.Select(t => t.Target).ToList());

            // The two main endpoints alternate over the rounds, so drift in what else runs on the machine
            // falls on both; the diagnostic variants run once, after them.
            var rounds = new Dictionary<string, List<Measurement>>();
            var main = targets.Where(t => t.Main).Select(t => t.Target).ToList();
            var schedule = Enumerable.Range(0, options.Rounds).SelectMany(round => main.Select(target => (target, round, options.Duration / options.Rounds)))
                .Concat(targets.Where(t => !t.Main).Select(t => (t.Target, round: 0, options.ProfileDuration)));
            foreach (var (target, round, window) in schedule)
            {
                var isMain = main.Contains(target);
                var warmup = !isMain ? options.ProfileWarmup : round == 0 ? options.Warmup : options.RoundWarmup;
                Console.WriteLine($"{target.Name}{(isMain ? $", round {round + 1}/{options.Rounds}" : string.Empty)}: {options.Connections} connections, {warmup.TotalSeconds:F0} s warm-up, {window.TotalSeconds:F0} s measured ...");
                var result = await LoadDriver.RunAsync(target, options.Connections, warmup, window, stop.Token);
                Console.WriteLine($"  {result.Requests:N0} requests, {result.Throughput:N0} req/s, p50 {result.Percentile(50):F2} ms, p99 {result.Percentile(99):F2} ms, CPU {result.CpuMsPerRequest:F2} ms/req, JIT {result.JittedMethods} methods, errors {result.Errors}");
                (rounds.TryGetValue(target.Name, out var list) ? list : rounds[target.Name] = []).Add(result);
            }

            var measurements = targets.Select(t => (Result: Measurement.Combine(rounds[t.Target.Name]), t.Main)).ToList();


            List<StageTimings.Stage>? stages = null;
            if (options.Profile)
            {
                Console.WriteLine($"SQL stage timings in process, {options.StageIterations} calls each, one at a time ...");
                stages = await StageTimings.RunAsync(plain.Services.GetRequiredService<HeadlessSales.Api.Infrastructure.Data.ISalesDbContextPool>(), tenantId, options.StageIterations);
            }

            // Both servers idle, the JIT settled: what the process burns doing nothing (the API's timer loop, caches, the runtime).
            Console.WriteLine($"Idle: 10 s of quiet (spinning threads park, background tier-up drains), then {options.IdleSeconds} s measured ...");
            await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
            var idleBefore = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds), stop.Token);
            var idleCpuMsPerSecond = (Process.GetCurrentProcess().TotalProcessorTime - idleBefore).TotalMilliseconds / options.IdleSeconds;

            var report = Report.Render(options, settle, measurements, stages, clock.Elapsed, idleCpuMsPerSecond, database.Description);
            Console.WriteLine();
            Console.WriteLine(report);
            if (options.OutputFile is { } output)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(output)!);
                await File.WriteAllTextAsync(output, report);
                Console.WriteLine($"Written to {output}");
            }

            var errors = measurements.Sum(m => m.Result.Errors);
            if (errors > 0)
            {
                Console.Error.WriteLine($"FAILED: {errors} request(s) failed; first: {measurements.Select(m => m.Result.FirstError).First(e => e is not null)}");
                return 1;
            }

            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped: cancelled or over the hard time limit.");
            return 3;
        }
        catch (AnswerMismatchException mismatch)
        {
            Console.Error.WriteLine("FAILED: the two endpoints do not return the same JSON.");
            Console.Error.WriteLine(mismatch.Message);
            return 2;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder goes with the rest of the temp files.
            }
        }

        // The demo integration client the API seeds (see the README): the same token a script would use.
        async Task<string> IntegrationTokenAsync(HttpClient client, Uri tokenUri)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = HeadlessSales.Api.Identity.DemoIdentity.IntegrationClientId,
                ["client_secret"] = HeadlessSales.Api.Identity.DemoIdentity.IntegrationClientSecret,
            });
            using var response = await client.PostAsync(tokenUri, form, stop.Token);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(stop.Token));
            return json?["access_token"]?.GetValue<string>() ?? throw new AnswerMismatchException($"No token: {json}");
        }

        async Task<byte[]> PostGraphQLAsync(HttpClient client, Uri uri, string query)
        {
            using var content = new ByteArrayContent(Queries.Body(query));
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(uri, content, stop.Token);
            var body = await response.Content.ReadAsByteArrayAsync(stop.Token);
            if (!response.IsSuccessStatusCode || JsonNode.Parse(body)?["errors"] is not null)
            {
                throw new AnswerMismatchException($"GraphQL answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            }

            return body;
        }

        async Task<SettleResult> SettleJitAsync(List<Target> all)
        {
            var began = Stopwatch.GetTimestamp();
            var turns = 0;
            long lastTurn = -1;
            while (options.SettleLimit > TimeSpan.Zero && Stopwatch.GetElapsedTime(began) < options.SettleLimit)
            {
                long jitted = 0;
                foreach (var target in all)
                {
                    jitted += (await LoadDriver.RunAsync(target, options.Connections, TimeSpan.Zero, options.SettleTurn, stop.Token)).JittedMethods;
                }

                turns++;
                lastTurn = jitted;
                Console.WriteLine($"JIT settling, turn {turns} ({Stopwatch.GetElapsedTime(began).TotalSeconds:F0} s): {jitted} methods compiled");
                if (jitted <= options.SettledMethods)
                {
                    break;
                }
            }

            return new SettleResult(Stopwatch.GetElapsedTime(began), turns, lastTurn, lastTurn is >= 0 && lastTurn <= options.SettledMethods);
        }

        static void VerifySameAnswer(Page page, byte[] graphQL, byte[] plain)
        {
            var graphQLJson = JsonNode.Parse(graphQL);
            var plainJson = JsonNode.Parse(plain);
            var nodes = graphQLJson?["data"]?[page.Field]?["nodes"]?.AsArray();
            if (nodes is null || nodes.Count != Queries.PageSize)
            {
                throw new AnswerMismatchException($"GraphQL returned {nodes?.Count.ToString(CultureInfo.InvariantCulture) ?? "no"} {page.Field}, expected {Queries.PageSize}.");
            }

            if (!JsonNode.DeepEquals(graphQLJson, plainJson))
            {
                var a = graphQLJson!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Split('\n');
                var b = plainJson?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Split('\n') ?? [];
                var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
                throw new AnswerMismatchException($"{page.Field}: first difference at line {line + 1}:\n  GraphQL:      {a.ElementAtOrDefault(line)}\n  hand-written: {b.ElementAtOrDefault(line)}");
            }

            var related = nodes.Count(n => n?[page.Related] is not null);
            Console.WriteLine(graphQL.AsSpan().SequenceEqual(plain)
                ? $"Answers verified ({page.Field}): equal JSON, byte for byte ({graphQL.Length:N0} bytes, {nodes.Count} nodes, {related} with {page.Related})."
                : $"Answers verified ({page.Field}): equal JSON (parsed); bytes differ in formatting ({graphQL.Length:N0} vs {plain.Length:N0} bytes).");
        }
    }
}

internal sealed class AnswerMismatchException(string message) : Exception(message);

/// <summary>How the JIT warm-up ended: <paramref name="LastTurnMethods"/> compiled in the last turn over all endpoints.</summary>
internal sealed record SettleResult(TimeSpan Elapsed, int Turns, long LastTurnMethods, bool Settled);

internal static class Queries
{
    public const int PageSize = 50;

    public const string Members = "query Members { members(first: 50) { nodes { id name email role team { id name region { id name } } } } }";

    public const string MembersFlat = "query MembersFlat { members(first: 50) { nodes { id name email role } } }";

    public const string MembersTeamId = "query MembersTeamId { members(first: 50) { nodes { id name email role team { id } } } }";

    // Converted leads: each has an owner and an account (the demo's own leads come first by id, and few of them have an account).
    public const string Leads = "query Leads { leads(first: 50, where: { statuses: [CONVERTED] }) { nodes { id name status owner { id name } convertedAccount { id name } } } }";

    public const string Typename = "{ __typename }";

    /// <summary>The pages compared, each against its hand-written endpoint; the first is the one the diagnostic variants take apart.</summary>
    public static readonly Page[] Pages =
    [
        new("members", Members, PlainHost.MembersPath, "team", "members page 50, team + region"),
        new("leads", Leads, PlainHost.LeadsPath, "convertedAccount", "leads page 50, owner + account"),
    ];

    public static byte[] Body(string query) => JsonSerializer.SerializeToUtf8Bytes(new { query });
}

/// <summary>A list page: the GraphQL field it reads, its query, the hand-written endpoint's path, a to-one field to count.</summary>
internal sealed record Page(string Field, string Query, string PlainPath, string Related, string Description)
{
    public string GraphQLName => Field == "members" ? "GraphQL" : $"GraphQL {Field}";

    public string PlainName => Field == "members" ? "Hand-written" : $"Hand-written {Field}";
}

internal sealed record Options(
    int Connections,
    TimeSpan Warmup,
    TimeSpan Duration,
    int Rounds,
    bool Profile,
    TimeSpan ProfileWarmup,
    TimeSpan ProfileDuration,
    int StageIterations,
    string? OutputFile,
    TimeSpan SettleLimit,
    int IdleSeconds = 20,
    string? PostgresServer = null)
{
    /// <summary>Seconds each endpoint is driven per settling turn.</summary>
    public TimeSpan SettleTurn => TimeSpan.FromSeconds(3);

    /// <summary>A turn over all endpoints that compiles no more than this counts as settled.</summary>
    public int SettledMethods => 20;

    /// <summary>Every phase is bounded; this is the backstop should anything hang.</summary>
    public TimeSpan HardLimit =>
        2 * Queries.Pages.Length * (Warmup + Duration + (Rounds - 1) * RoundWarmup) + (Profile ? 4 * (ProfileWarmup + ProfileDuration) + TimeSpan.FromSeconds(StageIterations / 50.0) : TimeSpan.Zero)
        + 2 * SettleLimit + TimeSpan.FromSeconds(100 + IdleSeconds);

    /// <summary>Warm-up before every round after the first: the connections are new, the server is already warm.</summary>
    public TimeSpan RoundWarmup => TimeSpan.FromSeconds(Math.Min(1, Warmup.TotalSeconds));

    public static Options? Parse(string[] args)
    {
        int connections = 16, warmup = 5, duration = 20, profileWarmup = 2, profileDuration = 6, stageIterations = 300, rounds = 2, settle = 300, idle = 20;
        var profile = false;
        string? postgres = null;
        var output = DefaultOutputFile();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int(int min, int max)
            {
                var name = args[i];
                var value = int.Parse(Next(), CultureInfo.InvariantCulture);
                return value >= min && value <= max ? value : throw new ArgumentException($"{name} must be between {min} and {max}");
            }

            try
            {
                switch (args[i])
                {
                    case "--connections": connections = Int(1, 64); break;
                    case "--warmup": warmup = Int(0, 60); break;
                    case "--duration": duration = Int(1, 120); break;
                    case "--rounds": rounds = Int(1, 10); break;
                    case "--profile": profile = true; break;
                    case "--profile-warmup": profileWarmup = Int(0, 30); break;
                    case "--profile-duration": profileDuration = Int(1, 60); break;
                    case "--stage-iterations": stageIterations = Int(10, 10_000); break;
                    case "--settle": settle = Int(0, 900); break;
                    case "--idle": idle = Int(1, 120); break;
                    case "--out": output = Path.GetFullPath(Next()); break;
                    case "--no-out": output = null; break;
                    case "--postgres": postgres = Next(); break;
                    default:
                        Console.Error.WriteLine(Usage);
                        return null;
                }
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException)
            {
                Console.Error.WriteLine(exception.Message);
                Console.Error.WriteLine(Usage);
                return null;
            }
        }

        if (duration < rounds)
        {
            Console.Error.WriteLine("--duration must be at least --rounds seconds");
            return null;
        }

        return new Options(connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(duration), rounds, profile,
            TimeSpan.FromSeconds(profileWarmup), TimeSpan.FromSeconds(profileDuration), stageIterations, output, TimeSpan.FromSeconds(settle), idle, postgres);
    }

    private const string Usage = """
        Usage: dotnet run -c Release --project tests/HeadlessSales.Benchmarks -- [options]
          --connections N       concurrent connections, one worker each (default 16, max 64)
          --warmup S            warm-up seconds per endpoint (default 5, max 60)
          --duration S          measured seconds per endpoint, split over the rounds (default 20, max 120)
          --rounds N            alternate the two endpoints N times (default 2; 1 s warm-up after the first)
          --profile             also run diagnostic variants and in-process stage timings
          --profile-warmup S    warm-up seconds per diagnostic variant (default 2)
          --profile-duration S  measured seconds per diagnostic variant (default 6)
          --stage-iterations N  calls per in-process stage (default 300)
          --settle S            before measuring, drive every endpoint in 3 s turns until a turn compiles
                                at most 20 methods (JIT tier-up done), for at most S seconds (default 300; 0: skip)
          --idle S              after the runs, 10 s of quiet, then S seconds with no requests measure idle CPU (default 20)
          --out FILE            where to write the markdown report (default results/HeadlessSales.Benchmarks.HttpLoad-report-github.md)
          --no-out              print only
          --postgres CONN       both servers on a new PostgreSQL database on the server CONN names (dropped at the end)
        """;

    private static string? DefaultOutputFile()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HeadlessSales.sln")))
            {
                return Path.Combine(folder.FullName, "tests", "HeadlessSales.Benchmarks", "results", "HeadlessSales.Benchmarks.HttpLoad-report-github.md");
            }
        }

        return null;
    }
}

internal static class Report
{
    public static string Render(Options options, SettleResult settle, List<(Measurement Result, bool Main)> measurements, List<StageTimings.Stage>? stages, TimeSpan elapsed, double idleCpuMsPerSecond, string database)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("```");
        text.AppendLine($"HeadlessSales HTTP load: GraphQL vs hand-written minimal API, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine($"{RuntimeInformation.OSDescription}, {CpuModel()}, {Environment.ProcessorCount} logical cores");
        text.AppendLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}, {(GCSettings.IsServerGC ? "Server" : "Workstation")} GC, {(Debugger.IsAttached ? "DEBUGGER ATTACHED" : "no debugger")}, {Configuration()}");
        text.AppendLine($"Load average at the end (other work on the machine skews wall-clock figures): {LoadAverage()}");
        text.AppendLine($"Kestrel on 127.0.0.1, {database}, demo tenant; both servers and the load generator in one process");
        text.AppendLine(settle.Turns == 0
            ? "JIT warm-up: skipped (--settle 0)"
            : string.Create(inv, $"JIT warm-up: {settle.Turns} turn(s) of {options.SettleTurn.TotalSeconds:F0} s per endpoint, {settle.Elapsed.TotalSeconds:F0} s; last turn compiled {settle.LastTurnMethods} methods ({(settle.Settled ? "settled" : "NOT settled: figures include JIT work")})"));
        text.AppendLine($"Load: {options.Connections} closed-loop workers, one HTTP/1.1 keep-alive connection each; {options.Warmup.TotalSeconds:F0} s warm-up, {options.Duration.TotalSeconds:F0} s measured per endpoint in {options.Rounds} alternating round(s)");
        foreach (var page in Queries.Pages)
        {
            text.AppendLine($"Query ({page.Description}): {page.Query}");
        }

        text.AppendLine("Responses: the same JSON from both endpoints of each page (verified before the run)");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| Endpoint | Requests | Throughput (req/s) | Mean (ms) | p50 (ms) | p99 (ms) | CPU per request (ms) | Allocated per request (KB, process) | JIT methods in window | Errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (m, _) in measurements)
        {
            text.AppendLine(string.Create(inv, $"| {m.Name} | {m.Requests:N0} | {m.Throughput:N0} | {m.MeanMs:F2} | {m.Percentile(50):F2} | {m.Percentile(99):F2} | {m.CpuMsPerRequest:F2} | {m.AllocatedKBPerRequest:F1} | {m.JittedMethods:N0} | {m.Errors} |"));
        }

        foreach (var page in Queries.Pages)
        {
            var graphQL = measurements.First(m => m.Main && m.Result.Name == page.GraphQLName).Result;
            var plain = measurements.First(m => m.Main && m.Result.Name == page.PlainName).Result;
            var slowdown = plain.Throughput / graphQL.Throughput;
            var cpuRatio = graphQL.CpuMsPerRequest / plain.CpuMsPerRequest;
            var throughputRatio = graphQL.Throughput / plain.Throughput;
            text.AppendLine();
            text.AppendLine($"| Ratio GraphQL / hand-written, {page.Description} | Value |");
            text.AppendLine("|---|---:|");
            text.AppendLine(string.Create(inv, $"| Throughput | {throughputRatio:F2} (hand-written serves {slowdown:F2}x as many requests) |"));
            text.AppendLine(string.Create(inv, $"| p50 latency | {graphQL.Percentile(50) / plain.Percentile(50):F2}x |"));
            text.AppendLine(string.Create(inv, $"| p99 latency | {graphQL.Percentile(99) / plain.Percentile(99):F2}x |"));
            text.AppendLine(string.Create(inv, $"| CPU per request | {cpuRatio:F2}x |"));
            text.AppendLine(string.Create(inv, $"| Allocated per request | {graphQL.AllocatedKBPerRequest / plain.AllocatedKBPerRequest:F2}x |"));
            text.AppendLine();
            text.AppendLine(string.Create(inv, $"Goals of issue 22, {page.Description}: CPU at most 1.3x the hand-written endpoint **{(cpuRatio <= 1.3 ? "met" : "not met")}** ({cpuRatio:F2}x); throughput at least 0.7x **{(throughputRatio >= 0.7 ? "met" : "not met")}** ({throughputRatio:F2}); under 60 KB allocated per request **{(graphQL.AllocatedKBPerRequest < 60 ? "met" : "not met")}** ({graphQL.AllocatedKBPerRequest:F1} KB, process)."));
        }

        text.AppendLine();
        text.AppendLine(string.Create(inv, $"Idle process CPU ({options.IdleSeconds} s with no requests, 10 s after the runs; both servers, the load generator, the runtime, any tier-up left): {idleCpuMsPerSecond:F2} ms per second. The API's own idle CPU: `tests/HeadlessSales.Benchmarks/idle-cpu.sh`."));

        if (stages is not null)
        {
            text.AppendLine();
            text.AppendLine(string.Create(inv, $"In-process stage timings ({options.StageIterations} sequential calls each, no HTTP):"));
            text.AppendLine();
            text.AppendLine("| Stage | Mean (µs) | p50 (µs) | Allocated per call (KB) |");
            text.AppendLine("|---|---:|---:|---:|");
            foreach (var stage in stages)
            {
                text.AppendLine(string.Create(inv, $"| {stage.Name} | {stage.MeanMicroseconds:F0} | {stage.P50Microseconds:F0} | {stage.AllocatedBytesPerCall / 1024.0:F1} |"));
            }
        }

        text.AppendLine();
        text.AppendLine(string.Create(inv, $"Whole run: {elapsed.TotalSeconds:F0} s. Command: `dotnet run -c Release --project tests/HeadlessSales.Benchmarks --{(options.Profile ? " --profile" : string.Empty)}{(options.PostgresServer is null ? string.Empty : " --postgres CONN")}`"));
        return text.ToString();
    }

    private static string Configuration() =>
        typeof(Report).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "unknown configuration";

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
