using System.Net;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Tests.Infrastructure;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>A host with one field that runs a long SQL query, and a short execution time limit.</summary>
public sealed class SlowQueryApiFactory : ApiFactory
{
    public SlowQuery Query { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:ExecutionTimeout"] = "00:00:02",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IQueryFields>(Query);

    /// <summary>Counts to a billion in the host's database, through EF with the request's cancellation token, and reports how the command ended.</summary>
    public sealed class SlowQuery : IQueryFields
    {
        private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource<Exception?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        /// <summary>The exception that ended the command (null if it ran to the end).</summary>
        public Task<Exception?> Ended => _ended.Task;

        public void Reset()
        {
            _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void AddTo(ObjectGraphType query) =>
            query.Field<LongGraphType>("slowCount").ResolveAsync(async context =>
            {
                // This call's signals: a command of an earlier test that is still running must not report here.
                var (started, ended) = (_started, _ended);
                await using var db = context.RequestServices!.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants();
                var counting = db.Database.SqlQueryRaw<long>(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) AS Value FROM c");
                started.TrySetResult();
                try
                {
                    var count = (await counting.ToListAsync(context.CancellationToken)).Single();
                    ended.TrySetResult(null);
                    return count;
                }
                catch (Exception exception)
                {
                    ended.TrySetResult(exception);
                    throw;
                }
            });
    }
}

/// <summary>
/// Work stops when nobody waits for it: the request's abort signal and the execution time limit reach the
/// database command, which is interrupted rather than left to finish.
/// </summary>
public sealed class CancellationTests(SlowQueryApiFactory api) : IClassFixture<SlowQueryApiFactory>
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ClientGoingAway_InterruptsTheDatabaseCommand()
    {
        api.Query.Reset();
        var client = api.CreateGraphQLClient();
        using var goingAway = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ slowCount }"}""", System.Text.Encoding.UTF8, "application/json") };
        var sending = client.Http.SendAsync(request, goingAway.Token);

        await api.Query.Started.WaitAsync(SafetyNet);
        goingAway.Cancel();
        var ended = await api.Query.Ended.WaitAsync(SafetyNet);

        Assert.NotNull(ended);
        Assert.True(ended is OperationCanceledException or SqliteException { SqliteErrorCode: 9 }, ended.ToString());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task ExecutionTimeLimit_InterruptsTheDatabaseCommand_AndAnswersWithAnError()
    {
        api.Query.Reset();

        var response = await api.CreateGraphQLClient().PostAsync("{ slowCount }").WaitAsync(SafetyNet);
        var ended = await api.Query.Ended.WaitAsync(SafetyNet);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
        Assert.NotNull(response.Errors);
        Assert.NotNull(ended);
    }
}
