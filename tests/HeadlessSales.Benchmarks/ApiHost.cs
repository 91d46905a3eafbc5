using System.Net;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Benchmarks;

/// <summary>
/// The real API host (its own <c>Program</c>, <c>AddPlatform</c>, <c>AddModules</c>, middleware and
/// configuration) on real Kestrel on a free loopback port, against a SQLite file in a temp folder,
/// in the Production environment with warnings-only logging.
/// </summary>
/// <remarks>
/// Why in-process through <see cref="WebApplicationFactory{TEntryPoint}"/> rather than a child process
/// started with <c>--urls</c>: the hand-written baseline must live in this process (it is a second
/// <c>WebApplication</c> here), so hosting the API here too gives both servers the same runtime, the
/// same GC mode and heap, the same thread pool and the same competition with the load generator for
/// the two cores. A child process would hand the API a thread pool and heap of its own that the
/// baseline does not get, and the ratio would measure that difference as well as the GraphQL layer.
/// Nothing is substituted: the factory runs the API's own entry point and service registrations; we
/// only add configuration (data folder, environment, log levels). The one in-process side effect —
/// the API's OpenTelemetry listeners are process-wide — is fenced off in <see cref="PlainHost"/>.
/// </remarks>
internal sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly string _dataFolder;
    private readonly IReadOnlyDictionary<string, string> _database;

    public ApiHost(string dataFolder, IReadOnlyDictionary<string, string> database)
    {
        _dataFolder = dataFolder;
        _database = database;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseAddress = new Uri(addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
    }

    public Uri BaseAddress { get; }

    public async Task<long> DemoTenantIdAsync()
    {
        await using var db = Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
        return await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("HeadlessSales:DataFolder", _dataFolder);
        foreach (var (key, value) in _database)
        {
            builder.UseSetting(key, value);
        }
        // Loopback plain HTTP, and a budget no load run reaches: the rate limiter is not what is measured.
        builder.UseSetting("Identity:RequireHttps", "false");
        builder.UseSetting("RateLimiting:PermitsPerWindow", "100000000");
        foreach (var category in LogCategories)
        {
            builder.UseSetting($"Logging:LogLevel:{category}", "Warning");
        }
    }

    /// <summary>Every category appsettings.json names, so none of them stays at Information.</summary>
    internal static readonly string[] LogCategories = ["Default", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Microsoft.Hosting.Lifetime"];
}
