// An integration in miniature: create an account (showing the typed errors a mutation can return),
// watch it over a WebSocket subscription, and change it to see the events arrive.
//   dotnet run --project examples/AccountWatcher -- [endpoint] [client-id client-secret]
// Without credentials it uses the demo tenant's integration client, which the demo server seeds.
using HeadlessSales.Client;
using HeadlessSales.Sdk;
using Microsoft.Extensions.DependencyInjection;

var endpoint = new Uri(args.FirstOrDefault() ?? "http://localhost:5080/graphql");
var services = new ServiceCollection();
services.AddHeadlessSalesClient(o => o.Endpoint = endpoint)
    .AddClientCredentials(o =>
    {
        o.TokenEndpoint = new Uri(endpoint, "/connect/token");
        o.ClientId = args.ElementAtOrDefault(1) ?? "demo-integration";
        o.ClientSecret = args.ElementAtOrDefault(2) ?? "demo-integration-secret";
    });
await using var provider = services.BuildServiceProvider();
var sales = provider.GetRequiredService<IHeadlessSalesClient>();

var input = new CreateAccountInput
{
    Name = $"示例集成测试有限公司 {DateTime.Now:HHmmss}",
    Industry = Industry.NewEnergy,
    SubSegment = "光伏",
    Ownership = OwnershipType.Private,
    Size = CompanySize.Medium,
    AnnualRevenue = new MoneyInput { Amount = 12_500_000m, Currency = "CNY" },
};
var account = (await sales.CreateAccountAsync(input)).EnsurePayload(data => data.CreateAccount).Account!;
Console.WriteLine($"created  {account.Name} ({account.Id})");

// Business failures are data, not exceptions: the same name again is a DuplicateError.
var again = (await sales.CreateAccountAsync(input)).EnsureSuccess().CreateAccount;
foreach (var error in again.Errors)
{
    var detail = error is CreateAccount_CreateAccount_Errors_DuplicateError duplicate ? $" ({duplicate.Field} = {duplicate.Value})" : string.Empty;
    Console.WriteLine($"refused  [{error.Code}] {error.Message}{detail}");
}

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
var subscribed = new TaskCompletionSource();
var watching = Task.Run(async () =>
{
    var events = sales.OnAccountChanged(account.Id, stop.Token);
    subscribed.TrySetResult();
    await foreach (var change in events)
    {
        var data = change.EnsureSuccess().OnAccountChanged;
        Console.WriteLine($"event    {data.Kind,-9} {data.OccurredAt:u}  {data.Account?.Name}");
    }

    Console.WriteLine("stream   completed by the server");
});

await subscribed.Task;
await Task.Delay(TimeSpan.FromSeconds(1), stop.Token); // let the subscribe message reach the server before changing the account
(await sales.UpdateAccountAsync(new UpdateAccountInput { Id = account.Id, City = "常州" })).EnsurePayload(data => data.UpdateAccount);
(await sales.UpdateAccountAsync(new UpdateAccountInput { Id = account.Id, City = null })).EnsurePayload(data => data.UpdateAccount);
(await sales.ArchiveAccountAsync(new ArchiveAccountInput { Id = account.Id })).EnsurePayload(data => data.ArchiveAccount);
await watching;
