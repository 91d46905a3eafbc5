using GraphQL.DataLoader;

namespace HeadlessSales.Api.GraphQL.DataLoaders;

/// <summary>
/// Collects the keys requested while one level of the query executes and fetches them in one round
/// trip when the execution strategy first awaits a result. Keys are de-duplicated within a batch.
/// Results are deliberately not cached across batches: a long-lived subscription must see fresh data
/// on every event.
/// </summary>
/// <remarks>Registered scoped: one instance per HTTP request or WebSocket connection.</remarks>
public abstract class BatchDataLoader<TKey, TValue> where TKey : notnull
{
    private readonly Lock _gate = new();
    private Batch? _pending;

    public IDataLoaderResult<TValue?> LoadAsync(TKey key)
    {
        lock (_gate)
        {
            _pending ??= new Batch(this);
            _pending.Keys.Add(key);
            return new PendingResult(_pending, key);
        }
    }

    /// <summary>Fetches the values of <paramref name="keys"/>; a missing key simply has no entry.</summary>
    protected abstract Task<IReadOnlyDictionary<TKey, TValue>> FetchAsync(IReadOnlyCollection<TKey> keys, CancellationToken cancellationToken);

    private sealed class Batch(BatchDataLoader<TKey, TValue> loader)
    {
        private Task<IReadOnlyDictionary<TKey, TValue>>? _fetch;

        public HashSet<TKey> Keys { get; } = [];

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

                    _fetch = loader.FetchAsync(Keys, cancellationToken);
                }

                return _fetch;
            }
        }
    }

    private sealed class PendingResult(Batch batch, TKey key) : IDataLoaderResult<TValue?>
    {
        public async Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = await batch.RunAsync(cancellationToken).ConfigureAwait(false);
            return values.TryGetValue(key, out var value) ? value : default;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}
