using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Benchmarks;

/// <summary>
/// The baseline: a plain minimal-API app with one endpoint per page, <c>GET /members?first=50</c> and
/// <c>GET /leads?first=50</c> (converted leads), each running one hand-written EF query (a projection with two LEFT JOINs, no
/// tracking, the same tenant query filter) over the same database and writing the same JSON the GraphQL query returns.
/// </summary>
/// <remarks>
/// It uses the API's data registration (<c>AddSalesData</c>: the same pooled context factory, model,
/// tenant filter and connection string), so the two paths differ only above the data layer.
/// </remarks>
internal sealed class PlainHost : IAsyncDisposable
{
    public const string MembersPath = "/members";
    public const string LeadsPath = "/leads";
    public const string StaticPath = "/static";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // As the API's GraphQL serializer: names in Chinese are written as they are, not \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // GraphQL enum values are the CONSTANT_CASE of the C# names.
    private static readonly Dictionary<MemberRole, string> RoleNames = new()
    {
        [MemberRole.Rep] = "REP",
        [MemberRole.TeamLead] = "TEAM_LEAD",
        [MemberRole.RegionManager] = "REGION_MANAGER",
        [MemberRole.SalesOps] = "SALES_OPS",
        [MemberRole.Reviewer] = "REVIEWER",
        [MemberRole.Admin] = "ADMIN",
    };

    private static readonly Dictionary<LeadStatus, string> LeadStatusNames = Enum.GetValues<LeadStatus>()
        .ToDictionary(status => status, status => System.Text.RegularExpressions.Regex.Replace(status.ToString(), "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant());

    private readonly WebApplication _app;

    private PlainHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Set once after start: the body <see cref="StaticPath"/> answers with (an HTTP-only floor for profiling).</summary>
    public static byte[] StaticBody { get; set; } = [];

    public IServiceProvider Services => _app.Services;

    public static async Task<PlainHost> StartAsync(string dataFolder, IReadOnlyDictionary<string, string> database)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            // The name of an assembly that exists: hosting looks it up for startup assemblies.
            ApplicationName = typeof(PlainHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:SeedDemoData"] = "false",
        }.Concat(database.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Concat(ApiHost.LogCategories.Select(category => KeyValuePair.Create($"Logging:LogLevel:{category}", (string?)"Warning"))));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        // The API host in this process registers OpenTelemetry, whose listeners are process-wide and match
        // by name. Give this app hosting diagnostics and meters of other names so they do not also
        // trace and meter the baseline's requests: the baseline stays plain.
        var listener = new DiagnosticListener("HeadlessSales.Benchmarks.Plain");
        builder.Services.AddSingleton(listener);
        builder.Services.AddSingleton<DiagnosticSource>(listener);
        builder.Services.AddSingleton(new ActivitySource("HeadlessSales.Benchmarks.Plain"));
        builder.Services.AddSingleton<IMeterFactory, PrefixedMeterFactory>();

        builder.Services.AddSalesData(builder.Configuration, dataFolder);
        builder.Services.AddSingleton<TenantHolder>();

        var app = builder.Build();
        app.MapGet(MembersPath, ListMembersAsync);
        app.MapGet(LeadsPath, ListLeadsAsync);
        app.MapGet(StaticPath, () => Results.Bytes(StaticBody, "application/json; charset=utf-8"));
        await app.StartAsync();

        var pool = app.Services.GetRequiredService<ISalesDbContextPool>();
        await using (var db = pool.RentAcrossTenants())
        {
            app.Services.GetRequiredService<TenantHolder>().Id =
                await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PlainHost(app, new Uri(address));
    }

    /// <summary>The hand-written endpoint.</summary>
    private static async Task<IResult> ListMembersAsync(int? first, ISalesDbContextPool pool, TenantHolder tenant, CancellationToken cancellationToken)
    {
        var body = await QueryMembersAsync(pool, tenant.Id, Math.Clamp(first ?? 50, 1, 100), cancellationToken);
        return Results.Json(body, Json);
    }

    internal static async Task<MembersResponse> QueryMembersAsync(ISalesDbContextPool pool, long tenantId, int first, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        var rows = await (
                from m in db.Members.AsNoTracking()
                join t in db.Teams.AsNoTracking() on m.TeamId equals (long?)t.Id into teams
                from t in teams.DefaultIfEmpty()
                join r in db.Regions.AsNoTracking() on (long?)t!.RegionId equals (long?)r.Id into regions
                from r in regions.DefaultIfEmpty()
                orderby m.Id
                select new MemberRow(m.Id, m.Name, m.Email, m.Role, (long?)t!.Id, t.Name, (long?)r!.Id, r.Name))
            .Take(first)
            .ToListAsync(cancellationToken);

        var nodes = new List<MemberNode>(rows.Count);
        foreach (var row in rows)
        {
            var team = row.TeamId is { } teamId
                ? new TeamNode(GlobalId.Encode("Team", teamId), row.TeamName!, new RegionNode(GlobalId.Encode("Region", row.RegionId!.Value), row.RegionName!))
                : null;
            nodes.Add(new MemberNode(GlobalId.Encode("Member", row.Id), row.Name, row.Email, RoleNames[row.Role], team));
        }

        return new MembersResponse(new MembersData(new MembersConnection(nodes)));
    }

    /// <summary>The hand-written leads page: converted leads, each with its owner and its account, in one query.</summary>
    private static async Task<IResult> ListLeadsAsync(int? first, ISalesDbContextPool pool, TenantHolder tenant, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenant.Id);
        var rows = await (
                from l in db.Set<Lead>().AsNoTracking()
                where l.Status == LeadStatus.Converted
                join m in db.Members.AsNoTracking() on l.OwnerId equals (long?)m.Id into owners
                from m in owners.DefaultIfEmpty()
                join a in db.Set<Account>().AsNoTracking() on l.ConvertedAccountId equals (long?)a.Id into accounts
                from a in accounts.DefaultIfEmpty()
                orderby l.Id
                select new LeadRow(l.Id, l.Name, l.Status, (long?)m!.Id, m.Name, (long?)a!.Id, a.Name))
            .Take(Math.Clamp(first ?? 50, 1, 100))
            .ToListAsync(cancellationToken);

        var nodes = new List<LeadNode>(rows.Count);
        foreach (var row in rows)
        {
            nodes.Add(new LeadNode(
                GlobalId.Encode("Lead", row.Id),
                row.Name,
                LeadStatusNames[row.Status],
                row.OwnerId is { } ownerId ? new NamedNode(GlobalId.Encode("Member", ownerId), row.OwnerName!) : null,
                row.AccountId is { } accountId ? new NamedNode(GlobalId.Encode("Account", accountId), row.AccountName!) : null));
        }

        return Results.Json(new LeadsResponse(new LeadsData(new LeadsConnection(nodes))), Json);
    }

    internal static byte[] Serialize(MembersResponse body) => JsonSerializer.SerializeToUtf8Bytes(body, Json);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class TenantHolder
    {
        public long Id { get; set; }
    }

    private sealed record MemberRow(long Id, string Name, string Email, MemberRole Role, long? TeamId, string? TeamName, long? RegionId, string? RegionName);

    internal sealed record MembersResponse(MembersData Data);

    internal sealed record MembersData(MembersConnection Members);

    internal sealed record MembersConnection(List<MemberNode> Nodes);

    internal sealed record MemberNode(string Id, string Name, string Email, string Role, TeamNode? Team);

    internal sealed record TeamNode(string Id, string Name, RegionNode Region);

    internal sealed record RegionNode(string Id, string Name);

    private sealed record LeadRow(long Id, string Name, LeadStatus Status, long? OwnerId, string? OwnerName, long? AccountId, string? AccountName);

    internal sealed record LeadsResponse(LeadsData Data);

    internal sealed record LeadsData(LeadsConnection Leads);

    internal sealed record LeadsConnection(List<LeadNode> Nodes);

    internal sealed record LeadNode(string Id, string Name, string Status, NamedNode? Owner, NamedNode? ConvertedAccount);

    internal sealed record NamedNode(string Id, string Name);

    /// <summary>Meters named apart from the API host's, which OpenTelemetry in this process listens to.</summary>
    private sealed class PrefixedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions("HeadlessSales.Benchmarks.Plain." + options.Name)
            {
                Version = options.Version,
                Tags = options.Tags,
                Scope = this,
            });
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (_meters)
            {
                _meters.ForEach(m => m.Dispose());
                _meters.Clear();
            }
        }
    }
}
