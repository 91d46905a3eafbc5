using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text.Json;
using GraphQL;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.GraphQL.Relay;

/// <summary>
/// Cursor pagination on a keyset (sort key, id): each page is one indexed range query, stable under
/// inserts and deletes, unlike OFFSET paging.
/// </summary>
public static class KeysetPagination
{
    public static async Task<Connection<T>> ToConnectionAsync<T>(
        this IQueryable<T> source,
        SortOrder<T> order,
        PageRequest page,
        bool includeTotalCount,
        CancellationToken cancellationToken,
        Expression<Func<T, T>>? columns = null)
        where T : class, IEntity
    {
        Validate(page);
        var backward = page.IsBackward;
        var cursor = backward ? page.Before : page.After;

        var query = source;
        if (cursor is not null)
        {
            var (key, id) = DecodeCursor(cursor, order);
            query = query.Where(Beyond(order, key, id, backward));
        }

        // One row past the page tells whether there is a next page without a COUNT.
        Dictionary<T, object?>? keys = null;
        List<T> rows;
        if (order.KeyReadInDatabase)
        {
            var keyed = await Ordered(query, order, reverse: backward).Take(page.Size + 1).Select(WithKey(order)).ToListAsync(cancellationToken);
            rows = keyed.Select(k => k.Row).ToList();
            keys = new Dictionary<T, object?>(ReferenceEqualityComparer.Instance);
            keyed.ForEach(k => keys[k.Row] = k.Key);
        }
        else
        {
            // Only the selected columns when the caller knows them (NodeColumns), applied last so filters and ordering
            // still see the whole row.
            var window = Ordered(query, order, reverse: backward).Take(page.Size + 1);
            rows = await (columns is null ? window : window.Select(columns)).ToListAsync(cancellationToken);
        }

        var hasMore = rows.Count > page.Size;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (backward)
        {
            rows.Reverse();
        }

        var edges = rows.Select(row => new Edge<T>(row, () => EncodeCursor(order, row, keys?[row]))).ToList();
        int? totalCount = includeTotalCount ? await source.CountAsync(cancellationToken) : null;

        return new Connection<T>
        {
            Edges = edges,
            PageInfo = new PageInfo(
                HasNextPage: backward ? page.Before is not null : hasMore,
                HasPreviousPage: backward ? hasMore : page.After is not null,
                StartCursor: edges.Count > 0 ? edges[0].Cursor : null,
                EndCursor: edges.Count > 0 ? edges[^1].Cursor : null),
            TotalCount = totalCount,
        };
    }

    /// <summary>Applies the ordering (key then id) to a query.</summary>
    public static IOrderedQueryable<T> Ordered<T>(IQueryable<T> query, SortOrder<T> order, bool reverse = false)
        where T : class, IEntity
    {
        var descending = order.Descending ^ reverse;
        IOrderedQueryable<T> ordered;
        if (order.Key is not null)
        {
            var call = Expression.Call(
                typeof(Queryable),
                descending ? nameof(Queryable.OrderByDescending) : nameof(Queryable.OrderBy),
                [typeof(T), order.Key.ReturnType],
                query.Expression,
                Expression.Quote(order.Key));
            ordered = (IOrderedQueryable<T>)query.Provider.CreateQuery<T>(call);
            return descending ? ordered.ThenByDescending(row => row.Id) : ordered.ThenBy(row => row.Id);
        }

        return descending ? query.OrderByDescending(row => row.Id) : query.OrderBy(row => row.Id);
    }

    private static void Validate(PageRequest page)
    {
        if (page.First is not null && page.Last is not null)
        {
            throw Invalid("Pass either `first` or `last`, not both.");
        }

        if (page.After is not null && page.Before is not null)
        {
            throw Invalid("Pass either `after` or `before`, not both.");
        }

        if (page.First is < 0 || page.Last is < 0)
        {
            throw Invalid("`first` and `last` must not be negative.");
        }

        if (page.Size > PageRequest.MaxPageSize)
        {
            throw Invalid($"A page holds at most {PageRequest.MaxPageSize} items; requested {page.Size}.");
        }

        if ((page.First is not null && page.Before is not null) || (page.Last is not null && page.After is not null))
        {
            throw Invalid("Pair `first` with `after` and `last` with `before`.");
        }
    }

    private static ExecutionError Invalid(string message) => new(message) { Code = "INVALID_PAGINATION" };

    private static ExecutionError InvalidCursor() => new("The cursor is not valid for this collection and order.") { Code = "INVALID_CURSOR" };

    private static Expression<Func<T, bool>> Beyond<T>(SortOrder<T> order, object? key, long id, bool backward)
        where T : class, IEntity
    {
        // Forward through an ascending order means "greater than the cursor"; every flip inverts it.
        var greater = !(order.Descending ^ backward);
        var row = Expression.Parameter(typeof(T), "row");
        var rowId = Expression.Property(row, nameof(IEntity.Id));
        var idBeyond = Compare(rowId, Parameter(id), greater);
        if (order.Key is null)
        {
            return Expression.Lambda<Func<T, bool>>(idBeyond, row);
        }

        var rowKey = new ParameterReplacer(order.Key.Parameters[0], row).Visit(order.Key.Body);
        var cursorKey = Parameter(key, order.Key.ReturnType);
        var condition = Expression.OrElse(
            Compare(rowKey, cursorKey, greater),
            Expression.AndAlso(Expression.Equal(rowKey, cursorKey), idBeyond));
        return Expression.Lambda<Func<T, bool>>(condition, row);
    }

    private static Expression Compare(Expression left, Expression right, bool greater)
    {
        if (left.Type == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            return greater ? Expression.GreaterThan(compare, Expression.Constant(0)) : Expression.LessThan(compare, Expression.Constant(0));
        }

        return greater ? Expression.GreaterThan(left, right) : Expression.LessThan(left, right);
    }

    /// <summary>A closure member rather than a constant, so the provider sends a query parameter and reuses its plan.</summary>
    private static Expression Parameter(object? value, Type? type = null)
    {
        type ??= value!.GetType();
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private sealed class ValueHolder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>The row with its database-computed sort key.</summary>
    private sealed class KeyedRow<T>
    {
        public required T Row { get; init; }

        public string? Key { get; init; }
    }

    private static Expression<Func<T, KeyedRow<T>>> WithKey<T>(SortOrder<T> order) where T : class, IEntity
    {
        var row = order.Key!.Parameters[0];
        var body = Expression.MemberInit(
            Expression.New(typeof(KeyedRow<T>)),
            Expression.Bind(typeof(KeyedRow<T>).GetProperty(nameof(KeyedRow<T>.Row))!, row),
            Expression.Bind(typeof(KeyedRow<T>).GetProperty(nameof(KeyedRow<T>.Key))!, order.Key.Body));
        return Expression.Lambda<Func<T, KeyedRow<T>>>(body, row);
    }

    public static string EncodeCursor<T>(SortOrder<T> order, T row, object? readKey = null) where T : class, IEntity
    {
        var key = (order.KeyReadInDatabase ? readKey : order.ValueOf(row)) switch
        {
            DateTime dateTime => (object)dateTime.Ticks,
            var other => other,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(new object?[] { order.Name, key, row.Id });
        return Base64Url.EncodeToString(json);
    }

    private static (object? Key, long Id) DecodeCursor<T>(string cursor, SortOrder<T> order) where T : class, IEntity
    {
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var parts = json.RootElement;
            if (parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() != 3 || parts[0].GetString() != order.Name)
            {
                throw InvalidCursor();
            }

            object? key = order.KeyType switch
            {
                null => null,
                var t when t == typeof(string) => parts[1].GetString() ?? throw InvalidCursor(),
                var t when t == typeof(DateTime) => new DateTime(parts[1].GetInt64(), DateTimeKind.Utc),
                var t when t == typeof(long) => parts[1].GetInt64(),
                var t when t == typeof(int) => parts[1].GetInt32(),
                _ => throw InvalidCursor(),
            };
            return (key, parts[2].GetInt64());
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            throw InvalidCursor();
        }
    }
}
