// An internal script: get a token (client credentials), page through accounts, print a table.
//   dotnet run --project examples/AccountsReport -- [endpoint] [--client-id ID --client-secret SECRET] [--max N]
// Without credentials it uses the demo tenant's integration client, which the demo server seeds.
using HeadlessSales.Client;
using HeadlessSales.Sdk;
using Microsoft.Extensions.DependencyInjection;

var options = ScriptOptions.Parse(args);
var services = new ServiceCollection();
services.AddHeadlessSalesClient(o => o.Endpoint = options.Endpoint)
    .AddClientCredentials(o =>
    {
        o.TokenEndpoint = new Uri(options.Endpoint, "/connect/token");
        o.ClientId = options.ClientId;
        o.ClientSecret = options.ClientSecret;
    });

await using var provider = services.BuildServiceProvider();
var sales = provider.GetRequiredService<IHeadlessSalesClient>();

var tenant = (await sales.GetTenantAsync()).EnsureSuccess().Tenant;
Console.WriteLine($"{tenant.Name} ({tenant.Slug}), time zone {tenant.TimeZone}");
Console.WriteLine();
Console.WriteLine($"{"Account",-28} {"Industry",-24} {"Province",-10} {"Owner",-14} {"Annual revenue",18}");
Console.WriteLine(new string('-', 98));

string? cursor = null;
var printed = 0;
var total = 0;
do
{
    // Keyset paging: each page starts after the last cursor of the previous one.
    var page = (await sales.ListAccountsAsync(first: Math.Min(50, options.Max - printed), after: cursor)).EnsureSuccess().Accounts;
    total = page.TotalCount;
    foreach (var account in page.Nodes)
    {
        var revenue = account.AnnualRevenue is { } money ? $"{money.Amount,14:N0} {money.Currency}" : string.Empty;
        Console.WriteLine($"{Fit(account.Name, 28)} {account.Industry,-24} {Fit(account.Province ?? "", 10)} {Fit(account.Owner?.Name ?? "", 14)} {revenue,18}");
        printed++;
    }

    cursor = page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null;
}
while (cursor is not null && printed < options.Max);

Console.WriteLine(new string('-', 98));
Console.WriteLine($"{printed} of {total} accounts");
return 0;

// Names are mostly Chinese, and a terminal gives each CJK character two columns: measure in columns.
static string Fit(string text, int columns)
{
    var builder = new System.Text.StringBuilder();
    var used = 0;
    var fits = ColumnsOf(text) <= columns;
    foreach (var character in text)
    {
        var width = IsWide(character) ? 2 : 1;
        if (!fits && used + width > columns - 1)
        {
            builder.Append('…'); // one column, kept free for it
            used++;
            break;
        }

        builder.Append(character);
        used += width;
    }

    return builder.Append(' ', Math.Max(0, columns - used)).ToString();
}

static int ColumnsOf(string text) => text.Sum(c => IsWide(c) ? 2 : 1);

static bool IsWide(char c) =>
    c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
        or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6');

internal sealed record ScriptOptions(Uri Endpoint, string ClientId, string ClientSecret, int Max)
{
    public static ScriptOptions Parse(string[] args)
    {
        var endpoint = new Uri("http://localhost:5080/graphql");
        var clientId = Environment.GetEnvironmentVariable("HEADLESSSALES_CLIENT_ID") ?? "demo-integration";
        var clientSecret = Environment.GetEnvironmentVariable("HEADLESSSALES_CLIENT_SECRET") ?? "demo-integration-secret";
        var max = 20;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--client-id": clientId = args[++i]; break;
                case "--client-secret": clientSecret = args[++i]; break;
                case "--max": max = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: endpoint = new Uri(args[i]); break;
            }
        }

        return new ScriptOptions(endpoint, clientId, clientSecret, max);
    }
}
