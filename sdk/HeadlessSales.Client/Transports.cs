namespace HeadlessSales.Client;

/// <summary>Runs queries and mutations.</summary>
public interface IGraphQLTransport
{
    Task<OperationResult<TData>> ExecuteAsync<TData>(GraphQLRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Runs subscriptions: each event of the stream is one result.</summary>
public interface IGraphQLSubscriptionTransport
{
    IAsyncEnumerable<OperationResult<TData>> SubscribeAsync<TData>(GraphQLRequest request, CancellationToken cancellationToken = default);
}
