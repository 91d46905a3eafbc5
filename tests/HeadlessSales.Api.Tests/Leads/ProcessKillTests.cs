using System.Diagnostics;
using System.Text;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>Durable time against a real crash: the server process is killed with SIGKILL while it fires deadlines.</summary>
public sealed class ProcessKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Leads = 300;

    private readonly string _folder = Directory.CreateTempSubdirectory("headlesssales-kill-").FullName;

    [Fact]
    public async Task ServerKilledWhileFiringDeadlines_AndStartedAgain_EscalatesEveryLeadExactlyOnce()
    {
        var settings = new Dictionary<string, string>
        {
            ["HeadlessSales:DataFolder"] = _folder,
            ["GraphQL:MaxRequestBytes"] = "1048576",
            ["DurableTimers:PollInterval"] = "00:00:00.100",
            // Short, so the claims the killed process held lapse within the test.
            ["DurableTimers:Lease"] = "00:00:03",
        };
        int escalatedWhenKilled;
        await using (var first = await ServerProcess.StartAsync(settings))
        {
            var client = await first.CreateGraphQLClientAsync();
            var csv = new StringBuilder("name,company,phone,email,industry,province,source\n");
            for (var i = 0; i < Leads; i++)
            {
                csv.Append($"断电{i},KILL-{i} 有限公司,1370{i:D7},kill.{i}@example.com,OTHER,西藏,WEBSITE\n");
            }

            var imported = await client.QueryAsync("mutation($csv: String!) { bulkImportLeads(input: { csv: $csv }) { import { importedCount } } }", new { csv = csv.ToString() });
            Assert.Equal(Leads, imported["bulkImportLeads"]!["import"]!["importedCount"]!.GetValue<int>());

            // Time passes while the server runs: every deadline of these leads falls due at once.
            await ExecuteAsync($"UPDATE ScheduledTimers SET DueAt = '2000-01-01 00:00:00' WHERE FiredAt IS NULL AND SubjectId IN ({OurLeads}) AND Kind IN ('{LeadSopTimerHandler.AssignmentDeadline}', '{LeadSopTimerHandler.FirstResponseDeadline}')");
            await WaitUntilAsync(async () => await EscalationsAsync() > 0, first);
            first.Kill();
            escalatedWhenKilled = await EscalationsAsync();
        }

        await using var second = await ServerProcess.StartAsync(settings);
        await WaitUntilAsync(async () => await ScalarAsync($"SELECT COUNT(*) FROM ScheduledTimers WHERE DueAt = '2000-01-01 00:00:00' AND FiredAt IS NULL") == 0, second);

        output.WriteLine($"{escalatedWhenKilled} of {Leads} escalations were stored when the first process was killed.");
        Assert.InRange(escalatedWhenKilled, 1, Leads - 1);
        Assert.Equal(Leads, await EscalationsAsync());
        Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM (SELECT LeadId FROM Escalations WHERE LeadId IN ({OurLeads}) GROUP BY LeadId HAVING COUNT(*) > 1)"));
        Assert.Equal(Leads, await ScalarAsync($"SELECT COUNT(*) FROM LeadHistory WHERE Kind = 'DeadlineMissed' AND LeadId IN ({OurLeads})"));
        var client2 = await second.CreateGraphQLClientAsync();
        var seen = await client2.QueryAsync("{ escalations(first: 1, where: { statuses: [OPEN] }) { totalCount } }");
        Assert.True(seen["escalations"]!["totalCount"]!.GetValue<int>() >= Leads);
    }

    private const string OurLeads = "SELECT Id FROM Leads WHERE Company LIKE 'KILL-%'";

    private Task<int> EscalationsAsync() => ScalarAsync($"SELECT COUNT(*) FROM Escalations WHERE LeadId IN ({OurLeads})");

    private async Task<int> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "headlesssales.db")};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, ServerProcess server)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), $"Gave up waiting; the server said:\n{server.RecentOutput}");
            await Task.Delay(20);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
