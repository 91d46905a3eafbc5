using System.Diagnostics;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Tests.Leads;
using Xunit.Abstractions;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>
/// Issue 14's "same time class" (runs only with <c>HEADLESSSALES_BENCH</c> set): what the demo rep gets for a record
/// outside their view and for an id that never existed must not tell the two apart by time either — by id, by a write,
/// and at the login page for a known and an unknown e-mail. The requests of the compared cases are interleaved, so that
/// a busy machine slows them alike; the medians and the 90th percentiles are printed.
/// </summary>
public sealed class VisibilityTimingBenchmarks(ITestOutputHelper output)
{
    private const int Rounds = 300;

    [BenchFact]
    public async Task HiddenAndMissing_AnswerInTheSameTimeClass()
    {
        await using var api = new ApiFactory();
        var samples = await MatrixSamples.CreateAsync(api);
        var rep = await samples.ClientAsync("rep");
        var (own, far, missing) = (samples.Ids[("Account", "own")], samples.Ids[("Account", "far")], GlobalId.Encode("Account", 9_999_999));

        const string read = "query($id: ID!) { node(id: $id) { id ... on Account { name owner { name } } } }";
        var reads = await InterleavedAsync(
            ("node(id) own", () => rep.PostAsync(read, new { id = own })),
            ("node(id) hidden", () => rep.PostAsync(read, new { id = far })),
            ("node(id) missing", () => rep.PostAsync(read, new { id = missing })));
        const string write = "mutation($id: ID!) { updateAccount(input: { id: $id, city: \"计时\" }) { account { id } errors { __typename } } }";
        var writes = await InterleavedAsync(
            ("updateAccount own", () => rep.PostAsync(write, new { id = own })),
            ("updateAccount hidden", () => rep.PostAsync(write, new { id = far })),
            ("updateAccount missing", () => rep.PostAsync(write, new { id = missing })));
        var form = new SignInHardeningTests.LoginForm(api);
        var logins = await InterleavedAsync(
            ("login known e-mail, wrong password", async () => (await form.PostTimedAsync("teamlead@demo.example.com", "wrong password")).Post),
            ("login unknown e-mail", async () => (await form.PostTimedAsync("nobody-here@demo.example.com", "wrong password")).Post));

        // The same class: the medians of hidden and missing within a quarter of each other (or 1 ms, for sub-millisecond answers).
        foreach (var (a, b) in new[] { (reads[1], reads[2]), (writes[1], writes[2]), (logins[0], logins[1]) })
        {
            var gap = Math.Abs(a.TotalMilliseconds - b.TotalMilliseconds);
            Assert.True(gap <= Math.Max(1, 0.25 * Math.Min(a.TotalMilliseconds, b.TotalMilliseconds)), $"medians {a.TotalMilliseconds:0.00} and {b.TotalMilliseconds:0.00} ms");
        }
    }

    private Task<TimeSpan[]> InterleavedAsync(params (string Name, Func<Task<GraphQLResponse>> Send)[] cases) =>
        InterleavedAsync(cases.Select(c => (c.Name, (Func<Task<TimeSpan>>)(async () =>
        {
            var watch = Stopwatch.StartNew();
            await c.Send();
            return watch.Elapsed;
        }))).ToArray());

    /// <returns>The median of each case, after a warm-up of ten rounds.</returns>
    private async Task<TimeSpan[]> InterleavedAsync(params (string Name, Func<Task<TimeSpan>> Measure)[] cases)
    {
        var timings = cases.Select(_ => new List<TimeSpan>()).ToArray();
        for (var round = -10; round < Rounds; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var elapsed = await cases[i].Measure();
                if (round >= 0)
                {
                    timings[i].Add(elapsed);
                }
            }
        }

        var medians = new TimeSpan[cases.Length];
        for (var i = 0; i < cases.Length; i++)
        {
            timings[i].Sort();
            medians[i] = timings[i][Rounds / 2];
            output.WriteLine($"{cases[i].Name}: median {medians[i].TotalMilliseconds:0.00} ms, p90 {timings[i][Rounds * 9 / 10].TotalMilliseconds:0.00} ms");
        }

        return medians;
    }
}
