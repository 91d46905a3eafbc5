using GraphQL;

namespace HeadlessSales.Api.GraphQL.DataLoaders;

/// <summary>
/// The one way a resolver reaches a DataLoader: the request's scoped instance, typed by the loader, so
/// <c>LoadAsync</c> checks the key's type and the result carries the loader's value type.
/// </summary>
public static class DataLoaderResolution
{
    /// <summary>The request's (or WebSocket connection's) instance of <typeparamref name="TLoader"/>.</summary>
    public static TLoader DataLoader<TLoader>(this IResolveFieldContext context) where TLoader : class, IRequestDataLoader =>
        context.RequestServices!.DataLoader<TLoader>();

    /// <summary>For helpers that queue several loaders and were handed the request's services.</summary>
    public static TLoader DataLoader<TLoader>(this IServiceProvider requestServices) where TLoader : class, IRequestDataLoader =>
        requestServices.GetRequiredService<TLoader>();
}
