namespace HeadlessSales.Api.GraphQL.Relay;

public sealed class Edge<T>
{
    private Func<string>? _encodeCursor;
    private string? _cursor;

    public Edge(string cursor, T node)
    {
        _cursor = cursor;
        Node = node;
    }

    /// <summary>An edge whose cursor is encoded when first read: most clients select the nodes, not the cursors.</summary>
    public Edge(T node, Func<string> encodeCursor)
    {
        _encodeCursor = encodeCursor;
        Node = node;
    }

    public T Node { get; }

    /// <summary>The same edge typed as object, sharing the cursor encoder: no new closure per row.</summary>
    internal Edge<object> Erased() =>
        _cursor is { } cursor ? new Edge<object>(cursor, Node!) : new Edge<object>(Node!, _encodeCursor!);

    // Encoding is pure, so two threads racing here write the same string.
    public string Cursor => _cursor ??= _encodeCursor!();
}

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
