using System.Diagnostics;
using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.Features.Insights.Rhythm;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>
/// Issue 20's speed goal for the rhythm and slicing, on the <c>volume</c> tenant (200 reps, 100,000 leads, 1,000,000 follow-ups, made
/// by the seed command's own seeders, plus <see cref="RhythmVolumeSeeder"/>'s contracts and signals): the weekly to-sign lists of all
/// reps, as the job computes them, and one industry × month slice over a year through the API — p50 on SQLite and PostgreSQL.
/// Runs with <c>HEADLESSSALES_BENCH=1</c>; <c>HEADLESSSALES_BENCH_LEADS</c> scales it down (follow-ups: ten per lead).
/// </summary>
public sealed class RhythmBenchmarks(ITestOutputHelper output)
{
    private const int Runs = 11;

    private const string Slice = """
        query($input: SliceInput) { dataSlice(input: $input) { rows { keys { value } values { measure value } } } }
        """;

    [BenchFact]
    public async Task WeeklyListsOfAllReps_AndAYearsIndustryByMonthSlice_OnTheVolumeTenant()
    {
        await VolumeTenant.OnEachProviderAsync(VolumeShape.FromEnvironment(), MeasureAsync, layer: RhythmLayer);
    }

    /// <summary>The rhythm's contracts and signals, seeded once on top of the kept volume tenant and kept too (bump the name when the seeder changes).</summary>
    internal static readonly VolumeLayer RhythmLayer = new("rhythm-v1", (pool, tenantId, until) => new RhythmVolumeSeeder(pool).SeedAsync(tenantId, until, CancellationToken.None));

    private async Task MeasureAsync(VolumeTenant volume, string provider)
    {
        var (host, pool, tenantId) = (volume.Host, volume.Pool, volume.TenantId);
        var until = host.Clock.GetUtcNow().UtcDateTime.Date;
        var client = await volume.ClientAsync();

        int listed = 0, reps = 0;
        var lists = await MedianAsync(async () =>
        {
            // What the weekly job does, for the whole tenant at once.
            await using var db = pool.Rent(tenantId);
            var settings = await WeeklyToSignJob.SettingsAsync(db, CancellationToken.None);
            var zone = await MonthlyAttributionJob.ZoneAsync(db, tenantId, CancellationToken.None);
            var computed = await ToSignLists.ComputeAsync(db, db.Members.Where(m => m.Role == MemberRole.Rep && m.Active).Select(m => m.Id), until, settings, zone, CancellationToken.None);
            (listed, reps) = (computed.Sum(l => l.Value.Count), computed.Count);
        });

        var year = new
        {
            input = new
            {
                dimensions = new[] { "INDUSTRY", "MONTH" },
                measures = new[] { "OPPORTUNITIES", "WON", "WIN_RATE", "AMOUNT", "CYCLE_DAYS", "PROPOSAL_TO_SIGNATURE_DAYS", "PROPOSAL_PASS_RATE", "FOLLOW_UPS" },
                where = new { from = until.AddYears(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), to = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") },
            },
        };
        var cells = 0;
        var slice = await MedianAsync(async () => cells = (await client.QueryAsync(Slice, year))["dataSlice"]!["rows"]!.AsArray().Count);

        await using var count = pool.Rent(tenantId);
        var opportunities = await count.Opportunities.CountAsync();
        var contracts = await count.Contracts.CountAsync(c => c.SignatureStatus == SignatureStatus.Signed);
        var signals = await count.DecisionSignals.CountAsync();
        output.WriteLine($"{provider}: {volume.SeedingNote} with the rhythm records ({volume.Shape.Weeks} weeks, {volume.Shape.Leads} leads, {volume.Shape.Leads * 10} follow-ups, {opportunities} opportunities, {contracts} signed contracts, "
            + $"{signals} decision signals); weekly to-sign lists of all reps p50 {lists:F0} ms ({reps} reps with a list, {listed} opportunities listed); "
            + $"industry × month slice over a year, 8 measures, through the API p50 {slice:F0} ms ({cells} cells); p50 of {Runs} runs after one warm-up; "
            + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static async Task<double> MedianAsync(Func<Task> run)
    {
        await run();
        var samples = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return samples[Runs / 2];
    }
}
