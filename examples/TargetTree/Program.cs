// A team's target tree for a period: the team's target, each rep's target under it, their attainment per track and
// metric, and the weekly plans that name what each rep committed to.
//   dotnet run --project examples/TargetTree -- [endpoint] [--team TEAM_ID] [--period 2026-11-01] [--client-id ID --client-secret SECRET]
// Without --team it takes the first team target of the period. Without credentials it uses the demo integration client.
using HeadlessSales.Client;
using HeadlessSales.Sdk;
using Microsoft.Extensions.DependencyInjection;

var options = TreeOptions.Parse(args);
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

var teamTargets = (await sales.ListSalesTargetsAsync(first: 100, where: new SalesTargetFilter { PeriodStart = options.Period, NodeKinds = new List<TargetNodeKind> { TargetNodeKind.Team } }))
    .EnsureSuccess().SalesTargets.Nodes;
var root = teamTargets.FirstOrDefault(t => options.TeamId is null || t.Team?.Id == options.TeamId);
if (root is null)
{
    // A fresh server has no targets: set one up for the team, split evenly over its reps, so there is a tree to show.
    Console.WriteLine($"No team target starting {options.Period:yyyy-MM-dd}{(options.TeamId is null ? "" : " for that team")}: creating a sample one.");
    var teamId = options.TeamId ?? (await sales.ListTeamsAsync(first: 1)).EnsureSuccess().Teams.Nodes.First().Id;
    var reps = (await sales.ListMembersAsync(first: 100, where: new MemberFilter { TeamIds = new List<string> { teamId }, Roles = new List<MemberRole> { MemberRole.Rep } }))
        .EnsureSuccess().Members.Nodes;
    List<TargetMetricInput> Metrics(decimal collections) =>
    [
        new TargetMetricInput { Kind = TargetMetricKind.Collections, Goal = collections, Weight = 100 },
        new TargetMetricInput { Kind = TargetMetricKind.ProposalPassRate, Goal = 0.6m, Weight = 100 },
    ];
    var created = (await sales.CreateSalesTargetAsync(new CreateSalesTargetInput
    {
        TeamId = teamId, PeriodKind = TargetPeriodKind.Month, PeriodStart = options.Period, Metrics = Metrics(1_000_000m),
    })).EnsureSuccess().CreateSalesTarget;
    root = created.Target is { } target
        ? (await sales.ListSalesTargetsAsync(first: 100, where: new SalesTargetFilter { PeriodStart = options.Period, NodeKinds = new List<TargetNodeKind> { TargetNodeKind.Team } }))
            .EnsureSuccess().SalesTargets.Nodes.First(t => t.Id == target.Id)
        : null;
    if (root is null)
    {
        Console.WriteLine($"The server refused the sample target: {string.Join("; ", created.Errors.Select(e => e.ToString()))}");
        return 1;
    }

    foreach (var rep in reps)
    {
        (await sales.CreateSalesTargetAsync(new CreateSalesTargetInput
        {
            MemberId = rep.Id, ParentId = root.Id, PeriodKind = TargetPeriodKind.Month, PeriodStart = options.Period,
            Metrics = Metrics(Math.Floor(1_000_000m / reps.Count)),
        })).EnsureSuccess();
    }
}

var tree = (await sales.GetTargetTreeAsync(root.Id)).EnsureSuccess().TargetTree;
var depthOf = new Dictionary<string, int>();
foreach (var node in tree)
{
    var depth = node.Parent is { } parent && depthOf.TryGetValue(parent.Id, out var above) ? above + 1 : 0;
    depthOf[node.Id] = depth;
    var indent = new string(' ', depth * 4);
    var name = node.Member?.Name ?? node.Team?.Name ?? node.Region?.Name ?? "Company";
    Console.WriteLine($"{indent}{name} [{node.NodeKind}] {node.PeriodStart:yyyy-MM-dd}..{node.PeriodEnd:yyyy-MM-dd}  score {node.Attainment.Score:P0}"
        + $"  (result {node.Attainment.Result.Attainment:P0} × {node.ResultWeight}%, process {node.Attainment.Process.Attainment:P0} × {node.ProcessWeight}%)");
    // The two tracks' metrics are distinct generated types of the same shape.
    var metrics = node.Attainment.Result.Metrics.Select(m => (m.Metric.ProcessMetric ?? m.Metric.Kind.ToString(), m.Actual, m.Metric.Goal, m.Credit))
        .Concat(node.Attainment.Process.Metrics.Select(m => (m.Metric.ProcessMetric ?? m.Metric.Kind.ToString(), m.Actual, m.Metric.Goal, m.Credit)));
    foreach (var (label, actual, goal, credit) in metrics)
    {
        Console.WriteLine($"{indent}    {label,-24} {actual?.ToString("N2") ?? "—",14} of {goal,12}  credit {credit:P0}");
    }

    // A rep's target is not split further: its "gap" is its whole goal.
    foreach (var gap in node.AllocationGaps.Where(g => g.Gap != 0 && node.NodeKind != TargetNodeKind.Member))
    {
        Console.WriteLine($"{indent}    allocation gap {gap.Kind}: {gap.Gap}");
    }

    foreach (var plan in node.WeeklyPlans)
    {
        Console.WriteLine($"{indent}    week of {plan.WeekStart:yyyy-MM-dd}:");
        foreach (var item in plan.Items)
        {
            var subject = item.Opportunity?.Name ?? item.Account?.Name;
            Console.WriteLine($"{indent}      [{(item.DoneAt is null ? " " : "x")}] {item.KeyAction}{(subject is null ? "" : $" — {subject}")}");
        }
    }
}

return 0;

internal sealed record TreeOptions(Uri Endpoint, string ClientId, string ClientSecret, string? TeamId, DateOnly Period)
{
    public static TreeOptions Parse(string[] args)
    {
        var endpoint = new Uri("http://localhost:5080/graphql");
        var clientId = Environment.GetEnvironmentVariable("HEADLESSSALES_CLIENT_ID") ?? "demo-integration";
        var clientSecret = Environment.GetEnvironmentVariable("HEADLESSSALES_CLIENT_SECRET") ?? "demo-integration-secret";
        string? teamId = null;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var period = new DateOnly(today.Year, today.Month, 1);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--client-id": clientId = args[++i]; break;
                case "--client-secret": clientSecret = args[++i]; break;
                case "--team": teamId = args[++i]; break;
                case "--period": period = DateOnly.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: endpoint = new Uri(args[i]); break;
            }
        }

        return new TreeOptions(endpoint, clientId, clientSecret, teamId, period);
    }
}
