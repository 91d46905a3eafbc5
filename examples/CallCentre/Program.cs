// An ISV integration: a call centre pushes the leads its agents took, safe to retry thanks to idempotency
// keys, and listens (a subscription) for the sales team's assignment of each lead.
//   dotnet run --project examples/CallCentre -- [endpoint] [client-id client-secret]
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

// Calls as the call centre's own system records them; the call id makes the idempotency key.
var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss");
var calls = new[]
{
    new Call($"{run}-001", "王立新", "苏州晶能光伏科技有限公司", "+86 512 6688 1001", Industry.NewEnergy, "江苏"),
    new Call($"{run}-002", "陈雨桐", "常州精工自动化有限公司", "+86 519 8666 2002", Industry.IndustrialAutomation, "江苏"),
    new Call($"{run}-003", "刘海峰", "杭州康源医疗器械有限公司", "+86 571 8777 3003", Industry.MedicalDevices, "浙江"),
};

var wait = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("CALL_CENTRE_WAIT_SECONDS") ?? "10", System.Globalization.CultureInfo.InvariantCulture));
var pushed = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(); // lead id → caller
var assigned = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();

// Listen first, so no assignment is missed: the rules assign as a lead arrives, a manager may later.
using var stop = new CancellationTokenSource();
var listening = Task.Run(async () =>
{
    try
    {
        await foreach (var result in sales.OnLeadAssigned(cancellationToken: stop.Token))
        {
            var assignment = result.EnsureSuccess().OnLeadAssigned;
            if (pushed.ContainsKey(assignment.LeadId) && assigned.TryAdd(assignment.LeadId, true))
            {
                var lead = assignment.Lead;
                Console.WriteLine($"assigned {lead?.Name,-4} → {lead?.Owner?.Name} ({lead?.Team?.Name ?? "no team"}){(assignment.Reassigned ? " (reassigned)" : string.Empty)} at {assignment.OccurredAt:u}");
            }
        }
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        // Done listening.
    }
});
await Task.Delay(TimeSpan.FromSeconds(1)); // let the subscribe message reach the server

foreach (var call in calls)
{
    var input = new CreateLeadInput
    {
        IdempotencyKey = "call-centre:" + call.CallId,
        Name = call.Caller,
        Company = call.Company,
        Phone = call.Phone,
        Industry = call.Industry,
        Province = call.Province,
        Source = LeadSource.Phone,
    };

    var lead = await PushAsync(sales, input);
    pushed[lead.Id] = lead.Name;
    // A retry after a timeout sends the same key: the server answers with the lead the first call made.
    var retried = await PushAsync(sales, input);
    Console.WriteLine($"pushed   {call.CallId}  {lead.Name,-4} {lead.Company}  → {lead.Id}{(retried.Id == lead.Id ? " (retry: same lead)" : " (retry made a second lead!)")}");
    if (lead.Owner is { } owner && assigned.TryAdd(lead.Id, true))
    {
        Console.WriteLine($"assigned {lead.Name,-4} → {owner.Name} ({lead.Team?.Name ?? "no team"}) on arrival");
    }
}

var deadline = DateTime.UtcNow + wait;
while (assigned.Count < pushed.Count && DateTime.UtcNow < deadline)
{
    await Task.Delay(TimeSpan.FromMilliseconds(200));
}

await stop.CancelAsync();
await listening;
var waiting = pushed.Keys.Except(assigned.Keys).Select(id => pushed[id]).ToList();
Console.WriteLine(waiting.Count == 0 ? "every lead has an owner" : $"still in the queue: {string.Join(", ", waiting)}");

static async Task<CreateLead_CreateLead_Lead> PushAsync(IHeadlessSalesClient sales, CreateLeadInput input)
{
    var payload = (await sales.CreateLeadAsync(input)).EnsureSuccess().CreateLead;
    foreach (var error in payload.Errors)
    {
        Console.WriteLine($"refused  [{error.Code}] {error.Message}");
    }

    return payload.Lead ?? throw new InvalidOperationException("The lead was refused.");
}

internal sealed record Call(string CallId, string Caller, string Company, string Phone, Industry Industry, string Province);
