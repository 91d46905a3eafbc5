using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessSales.Api.Tests.Infrastructure;

/// <summary>
/// The real host on a real SQLite file of its own, migrated and loaded with the demo tenant as on a
/// first start, with a clock the tests move and a counter of the SQL commands sent.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _dataFolder;
    private readonly bool _ownsDataFolder;

    public ApiFactory()
        : this(FreshDataFolder(), ownsDataFolder: true)
    {
    }

    /// <summary>A data folder no other host uses.</summary>
    protected static string FreshDataFolder() => Path.Combine(Path.GetTempPath(), "headlesssales-tests", Guid.NewGuid().ToString("N"));

    /// <summary>A host on an existing data folder, as a restarted node would find it; the folder is left in place.</summary>
    protected ApiFactory(string dataFolder, bool ownsDataFolder)
    {
        _dataFolder = dataFolder;
        _ownsDataFolder = ownsDataFolder;
    }

    /// <summary>Where this host keeps its database and its token keys.</summary>
    public string DataFolder => _dataFolder;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 1, 30, 0, TimeSpan.Zero));

    public SqlCommandCounter Commands { get; } = new();

    /// <summary>Configuration keys the derived fixture overrides, e.g. to switch on allow-list mode.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("HeadlessSales:DataFolder", _dataFolder);
        builder.UseSetting("GraphQL:WebSocket:ConnectionInitTimeout", "00:00:02");
        builder.UseSetting("Identity:RequireHttps", "false");
        // Every test of a collection shares one token; only the rate-limit tests lower this.
        builder.UseSetting("RateLimiting:PermitsPerWindow", "1000000");
        builder.UseSetting("RateLimiting:LoginPerAccount:PermitsPerWindow", "1000000");
        builder.UseSetting("RateLimiting:LoginPerAddress:PermitsPerWindow", "1000000");
        builder.UseSetting("RateLimiting:TokenPerAddress:PermitsPerWindow", "1000000");
        // Tests move the clock across month ends; only the insights tests want the monthly report job to come due.
        builder.UseSetting("Insights:ScheduleMonthlyAttributionReports", "false");
        builder.UseSetting("Enablement:ScheduleCaseObligations", "false");
        // The suites count on the demo's fixed-date follow-ups; the demo's process history has a fixture of its own (DemoTenantTests).
        builder.UseSetting("Demo:ProcessHistory", "false");
        builder.UseSetting("Insights:Rhythm:ScheduleWeeklyToSignLists", "false");
        builder.UseSetting("Insights:Rhythm:ScheduleMonthEndSpikeChecks", "false");
        // The webhook loop polls; tests that deliver drive it themselves (WebhookHost), and idle-loop tests count commands.
        builder.UseSetting("Webhooks:PollInterval", "00:00:00");
        // Likewise the rules' journal feed: the automation tests drive it (RuleJournalFeed.RunOnceAsync).
        builder.UseSetting("Automation:PollInterval", "00:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(Commands);
            ConfigureTestServices(services);
        });
    }

    private string? _integrationToken;

    /// <summary>A client holding a token of the demo integration: the whole demo tenant, every scope.</summary>
    public GraphQLTestClient CreateGraphQLClient() => CreateGraphQLClient(IntegrationToken());

    /// <summary>A client holding <paramref name="token"/>, e.g. a member's from <see cref="TokenClient.MemberTokenAsync"/>.</summary>
    public GraphQLTestClient CreateGraphQLClient(string token)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new GraphQLTestClient(http);
    }

    /// <summary>A client signed in as the demo member of <paramref name="role"/> (rep, teamlead, regionmanager, salesops, admin, …).</summary>
    public async Task<GraphQLTestClient> MemberAsync(string role, string scope = "sales:read sales:write") =>
        CreateGraphQLClient(await new TokenClient(this).MemberTokenAsync(role, scope));

    public GraphQLTestClient CreateAnonymousClient() => new(CreateClient());

    /// <summary>A client-credentials token of the demo integration, from the real token endpoint.</summary>
    public string IntegrationToken() => _integrationToken ??= new TokenClient(this).ClientCredentialsAsync(
        Identity.DemoIdentity.IntegrationClientId, Identity.DemoIdentity.IntegrationClientSecret).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is removed with the temp folder later.
        }
    }
}

/// <summary>One command of a recorded window: its text, parameters, and how long it ran until its reader was disposed.</summary>
public sealed record TimedCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters, TimeSpan Duration);

/// <summary>Counts the SQL commands each test-chosen window of requests sends; benchmarks also read their durations to profile.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ConcurrentQueue<TimedCommand> _timed = new();
    private volatile bool _recording;

    public IReadOnlyList<string> Recorded => _commands.ToList();

    /// <summary>The window's commands with their durations (a reader's until it is disposed, so its rows' reading included).</summary>
    public IReadOnlyList<TimedCommand> Timed => _timed.ToList();

    public void Start()
    {
        _commands.Clear();
        _timed.Clear();
        _recording = true;
    }

    public IReadOnlyList<string> Stop()
    {
        _recording = false;
        return Recorded;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command);
        Time(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command);
        Time(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Time(command, eventData.Duration);
        return result;
    }

    private void Time(DbCommand command, TimeSpan duration)
    {
        if (_recording)
        {
            _timed.Enqueue(new TimedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList(), duration));
        }
    }

    private void Record(DbCommand command)
    {
        if (_recording)
        {
            _commands.Enqueue(command.CommandText);
        }
    }
}

/// <summary>One host for all tests of a collection; each test class gets its own fixture instance.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
