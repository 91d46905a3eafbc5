using GraphQL.DataLoader;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>A list field over ids: every id queued on the loader first (one batch), the ones the caller cannot see left out.</summary>
public static class LoadedLists
{
    public static DeferredResult<List<T>> Of<T>(IEnumerable<long> ids, Func<long, IDataLoaderResult<T?>> load) where T : class
    {
        var pending = ids.Select(load).ToList();
        return new(async cancellationToken =>
        {
            var loaded = new List<T>();
            foreach (var result in pending)
            {
                if (await result.GetResultAsync(cancellationToken) is { } found)
                {
                    loaded.Add(found);
                }
            }

            return loaded;
        });
    }
}
