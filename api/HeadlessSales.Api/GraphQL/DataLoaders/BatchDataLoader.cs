using GraphQL.DataLoader;

namespace HeadlessSales.Api.GraphQL.DataLoaders;

/// <summary>
/// Collects the keys requested while one level of the query executes and fetches them in one round
/// trip when the execution strategy first awaits a result. Keys are de-duplicated within a batch.
/// Results are deliberately not cached across batches: a long-lived subscription must see fresh data
/// on every event.
/// </summary>
/// <remarks>Registered scoped: one instance per HTTP request or WebSocket connection.</remarks>
public abstract class BatchDataLoader<TKey, TValue> : IRequestDataLoader where TKey : notnull
{
    private readonly Lock _gate = new();
    private Batch? _pending;

    public IDataLoaderResult<TValue?> LoadAsync(TKey key)
    {
        lock (_gate)
        {
            _pending ??= new Batch(this);
            // Siblings asking for the same key share one result: 50 members of 10 teams make 10 results.
            if (!_pending.Results.TryGetValue(key, out var result))
            {
                result = new PendingResult(_pending, key);
                _pending.Results.Add(key, result);
            }

            return result;
        }
    }

    /// <summary>Fetches the values of <paramref name="keys"/>; a missing key simply has no entry.</summary>
    protected abstract Task<IReadOnlyDictionary<TKey, TValue>> FetchAsync(IReadOnlyCollection<TKey> keys, CancellationToken cancellationToken);

    private sealed class Batch(BatchDataLoader<TKey, TValue> loader)
    {
        private Task<IReadOnlyDictionary<TKey, TValue>>? _fetch;

        public Dictionary<TKey, PendingResult> Results { get; } = [];

        public Task<IReadOnlyDictionary<TKey, TValue>> RunAsync(CancellationToken cancellationToken)
        {
            lock (loader._gate)
            {
                if (_fetch is null)
                {
                    // Detach first so keys requested from now on start the next batch.
                    if (ReferenceEquals(loader._pending, this))
                    {
                        loader._pending = null;
                    }

                    _fetch = loader.FetchAsync(Results.Keys.ToArray(), cancellationToken);
                }

                return _fetch;
            }
        }
    }

    private sealed class PendingResult(Batch batch, TKey key) : IDataLoaderResult<TValue?>
    {
        private Task<TValue?>? _value;
        private Task<object?>? _boxed;

        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) =>
            _value ??= ValueAsync(batch.RunAsync(cancellationToken));

        // The path the execution takes, once per row: siblings asking for the same key share this result, so the boxed
        // task is made once per key, and without a continuation once the batch is in (issue 22: a task per row).
        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            _boxed ??= GetResultAsync(cancellationToken) is { IsCompletedSuccessfully: true } done
                ? Task.FromResult<object?>(done.Result)
                : GetResultAsync(cancellationToken).ContinueWith(static task => (object?)task.GetAwaiter().GetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>Once the batch is in, results complete synchronously: no state machine per field.</summary>
        private Task<TValue?> ValueAsync(Task<IReadOnlyDictionary<TKey, TValue>> fetch) =>
            fetch.IsCompletedSuccessfully
                ? Task.FromResult(fetch.Result.TryGetValue(key, out var value) ? value : default)
                : fetch.ContinueWith(done => done.GetAwaiter().GetResult().TryGetValue(key, out var found) ? found : default,
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}

/// <summary>Marks a request-scoped DataLoader, the only kind <see cref="DataLoaderResolution"/> hands to resolvers.</summary>
public interface IRequestDataLoader;
