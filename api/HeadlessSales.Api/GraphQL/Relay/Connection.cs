namespace HeadlessSales.Api.GraphQL.Relay;

public sealed record Edge<T>(string Cursor, T Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public sealed class Connection<T>
{
    public required IReadOnlyList<Edge<T>> Edges { get; init; }

    public required PageInfo PageInfo { get; init; }

    /// <summary>Counted only when the client selected <c>totalCount</c>.</summary>
    public int? TotalCount { get; init; }
}

/// <summary>The Relay paging arguments of one connection field.</summary>
public sealed record PageRequest(int? First, string? After, int? Last, string? Before)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public bool IsBackward => Last is not null || (Before is not null && First is null);

    public int Size => First ?? Last ?? DefaultPageSize;
}
