using GraphQL.DataLoader;

namespace HeadlessSales.Api.GraphQL.DataLoaders;

/// <summary>
/// Work that combines DataLoader results. Returned from a resolver instead of awaiting inside it, so
/// every sibling resolver queues its keys before the first batch is sent: awaiting a loader inside a
/// resolver would send one batch per parent, the N+1 the loader exists to prevent.
/// </summary>
public sealed class DeferredResult<T>(Func<CancellationToken, Task<T>> resolve) : IDataLoaderResult<T>
{
    private readonly Lock _gate = new();
    private Task<T>? _result;

    public Task<T> GetResultAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _result ??= resolve(cancellationToken);
        }
    }

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
        await GetResultAsync(cancellationToken).ConfigureAwait(false);
}
